/**
 * Alertmanager's configuration for the metrics stack, and the Secret its receivers read their secrets
 * from (pure: no Pulumi). The configuration names files only (`api_url_file`, `auth_password_file`,
 * both fields of Alertmanager's config/notifiers.go SlackConfig and EmailConfig): the webhook URL and
 * the SMTP password live in a Secret that `alertmanagerSpec.secrets` mounts into the pods at
 * /etc/alertmanager/secrets/<secret>/ (the chart's values.yaml: "The Secrets are mounted into
 * /etc/alertmanager/secrets/"), so no secret is ever in the Helm values or the release's history.
 */
import type * as pulumi from "@pulumi/pulumi";
import { componentLabels } from "../core/labels";
import type { Secret } from "../core/objects";
import type { ResolvedMetricsStack } from "./metrics-stack-args";

/** The receiver every alert goes to when no Slack or email receiver is configured: alerts are only seen in Alertmanager. */
export const NULL_RECEIVER = "null";
/** The receiver of the configured Slack and email notifications. */
export const PLATFORM_RECEIVER = "platform";

/** Keys of the receivers' Secret. */
export const RECEIVER_SECRET_KEYS = { slackWebhookUrl: "slack-webhook-url", smtpPassword: "smtp-password" } as const;

/** Where the operator mounts each of `alertmanagerSpec.secrets`. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

/** The Secret with the receivers' secrets, in the monitoring namespace, when a receiver needs one. */
export function receiversSecretName(o: ResolvedMetricsStack): string {
    return `${o.releaseName}-alertmanager-receivers`;
}

/** True when the configuration reads a file of the receivers' Secret. */
export function needsReceiversSecret(o: ResolvedMetricsStack): boolean {
    return o.slack !== undefined || o.email?.password !== undefined;
}

function secretFile(o: ResolvedMetricsStack, key: string): string {
    return `${ALERTMANAGER_SECRETS_DIR}/${receiversSecretName(o)}/${key}`;
}

/** The Alertmanager configuration file, as the chart's `alertmanager.config` takes it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function alertmanagerConfig(o: ResolvedMetricsStack): Record<string, any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const platform: Record<string, any> = { name: PLATFORM_RECEIVER };
    if (o.slack !== undefined) {
        platform.slack_configs = [
            {
                api_url_file: secretFile(o, RECEIVER_SECRET_KEYS.slackWebhookUrl),
                ...(o.slack.channel !== undefined ? { channel: o.slack.channel } : {}),
                send_resolved: true,
            },
        ];
    }
    if (o.email !== undefined) {
        const e = o.email;
        platform.email_configs = [
            {
                to: e.to,
                from: e.from,
                smarthost: e.smarthost,
                ...(e.username !== undefined ? { auth_username: e.username } : {}),
                ...(e.password !== undefined ? { auth_password_file: secretFile(o, RECEIVER_SECRET_KEYS.smtpPassword) } : {}),
                require_tls: e.requireTls ?? true,
                send_resolved: true,
            },
        ];
    }
    const receiving = o.slack !== undefined || o.email !== undefined;
    return {
        global: { resolve_timeout: "5m" },
        route: {
            receiver: receiving ? PLATFORM_RECEIVER : NULL_RECEIVER,
            group_by: ["alertname", "namespace"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            // A list replaces the chart's (its Watchdog route): the chart's rules are off, so there is no Watchdog.
            routes: [],
        },
        // A critical alert silences the warning of the same name in the same namespace.
        inhibit_rules: [{ source_matchers: ["severity = critical"], target_matchers: ["severity = warning"], equal: ["namespace", "alertname"] }],
        receivers: [{ name: NULL_RECEIVER }, ...(receiving ? [platform] : [])],
    };
}

/** The secrets the receivers read, as the component has them (Outputs, usually secret ones). */
export interface ReceiverSecrets {
    slackWebhookUrl?: pulumi.Input<string>;
    smtpPassword?: pulumi.Input<string>;
}

/** The receivers' Secret (`stringData`), for the component to create with the secrets of its args. */
export function receiversSecretManifest(o: ResolvedMetricsStack, secrets: ReceiverSecrets): Secret {
    const stringData: Record<string, pulumi.Input<string>> = {};
    if (secrets.slackWebhookUrl !== undefined) stringData[RECEIVER_SECRET_KEYS.slackWebhookUrl] = secrets.slackWebhookUrl;
    if (secrets.smtpPassword !== undefined) stringData[RECEIVER_SECRET_KEYS.smtpPassword] = secrets.smtpPassword;
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: receiversSecretName(o), namespace: o.namespace, labels: componentLabels(o.instance, "alertmanager") },
        type: "Opaque",
        stringData,
    };
}
