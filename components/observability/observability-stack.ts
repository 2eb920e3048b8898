import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { createOperatorCrds } from "../core/crds";
import { componentLabels } from "../core/labels";
import { createObject, Manifest } from "../core/objects";
import { throwIfProblems } from "../core/problems";
import { platformAlertRules } from "./alerts";
import { alloyValues } from "./alloy-config";
import { dashboardConfigMaps } from "./dashboards";
import { resolveLogsArgs } from "./logs-args";
import { lokiValues } from "./logs-chart";
import { logsNetworkPolicies } from "./logs-network";
import { ALLOY_CHART, LOKI_CHART } from "./logs-versions";
import { needsReceiversSecret, receiversSecretManifest } from "./metrics-stack-alertmanager";
import { resolveMetricsStackArgs } from "./metrics-stack-args";
import { metricsStackValues } from "./metrics-stack-chart";
import { metricsStackNetworkPolicies } from "./metrics-stack-network";
import {
    alertsArgs,
    dashboardsArgs,
    GRAFANA_ADMIN_USER,
    logsArgs,
    makesGrafanaAdminSecret,
    metricsArgs,
    ObservabilityStackArgs,
    observabilityStackProblems,
    podMonitorsArgs,
} from "./observability-stack-args";
import { platformPodMonitors } from "./pod-monitors";
import { KUBE_PROMETHEUS_STACK_CHART, KUBE_PROMETHEUS_STACK_VERSION, PROMETHEUS_COMMUNITY_REPOSITORY, PROMETHEUS_OPERATOR_CRDS } from "./versions";

/** How long Helm waits for a release's pods to be ready before it rolls the release back. */
const RELEASE_TIMEOUT_SECONDS = 600;

/**
 * Metrics, logs, alerts and dashboards for the platform, in one monitoring namespace:
 * kube-prometheus-stack (its CRDs applied by the program first, like the operators'), Loki and Alloy,
 * the platform's PodMonitors and PrometheusRule, the dashboards as ConfigMaps Grafana's sidecar loads,
 * and the NetworkPolicies that admit exactly the stack's own traffic. Grafana's admin password is
 * random unless given, and a secret output.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
    /** Grafana's admin user. Undefined when `metrics.grafanaAdminSecret` names the user's own Secret. */
    public readonly grafanaAdminUser?: pulumi.Output<string>;
    /** Grafana's admin password: a secret. Undefined when `metrics.grafanaAdminSecret` names the user's own Secret. */
    public readonly grafanaAdminPassword?: pulumi.Output<string>;
    /** The metrics stack's Helm release name, which prefixes its Services (`<release>-grafana`, `<release>-prometheus`). */
    public readonly releaseName: pulumi.Output<string>;

    constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("ObservabilityStack", name, observabilityStackProblems(name, args));
        super("streaming-platform:index:ObservabilityStack", name, {}, opts);
        const child = { parent: this };
        const metrics = resolveMetricsStackArgs(name, metricsArgs(args));
        const manifests = (list: Manifest[], deps: pulumi.Resource[] = []) => list.map((m) => createObject(name, m, { ...child, dependsOn: deps }));

        const crds = createOperatorCrds(name, PROMETHEUS_OPERATOR_CRDS, child);
        const secrets: pulumi.Resource[] = [];
        if (makesGrafanaAdminSecret(args)) {
            const password = args.grafanaAdminPassword ?? new random.RandomPassword(`${name}-grafana-admin-password`, { length: 24, special: false }, child).result;
            this.grafanaAdminUser = pulumi.output(GRAFANA_ADMIN_USER);
            this.grafanaAdminPassword = pulumi.secret(password);
            secrets.push(
                ...manifests([
                    {
                        apiVersion: "v1",
                        kind: "Secret",
                        metadata: { name: metrics.grafanaAdminSecret, namespace: metrics.namespace, labels: componentLabels(name, "grafana") },
                        type: "Opaque",
                        stringData: { [metrics.grafanaAdminUserKey]: GRAFANA_ADMIN_USER, [metrics.grafanaAdminPasswordKey]: this.grafanaAdminPassword },
                    },
                ]),
            );
        }
        if (needsReceiversSecret(metrics)) {
            const slackWebhookUrl = metrics.slack?.webhookUrl;
            const smtpPassword = metrics.email?.password;
            secrets.push(
                ...manifests([
                    receiversSecretManifest(metrics, {
                        ...(slackWebhookUrl !== undefined ? { slackWebhookUrl: pulumi.secret(slackWebhookUrl) } : {}),
                        ...(smtpPassword !== undefined ? { smtpPassword: pulumi.secret(smtpPassword) } : {}),
                    }),
                ]),
            );
        }
        const policies = manifests(metricsStackNetworkPolicies(metrics));
        const dashboardSettings = dashboardsArgs(args);
        const dashboards = dashboardSettings === undefined ? [] : manifests(dashboardConfigMaps(metrics.namespace, dashboardSettings));

        const release = new k8s.helm.v3.Release(
            `${name}-metrics`,
            {
                name: metrics.releaseName,
                namespace: metrics.namespace,
                chart: KUBE_PROMETHEUS_STACK_CHART,
                version: KUBE_PROMETHEUS_STACK_VERSION,
                repositoryOpts: { repo: PROMETHEUS_COMMUNITY_REPOSITORY },
                values: metricsStackValues(metrics),
                // The program applies the operator's CRDs itself, at the pinned version: see PROMETHEUS_OPERATOR_CRDS.
                skipCrds: true,
                atomic: true,
                timeout: RELEASE_TIMEOUT_SECONDS,
            },
            { ...child, dependsOn: [crds, ...secrets, ...policies, ...dashboards] },
        );

        const logs = logsArgs(args);
        if (logs !== undefined) {
            const resolved = resolveLogsArgs(logs);
            const logPolicies = manifests(logsNetworkPolicies(resolved));
            const chart = (suffix: string, releaseName: string, c: { chart: string; version: string; repo: string }, values: pulumi.Inputs, deps: pulumi.Resource[]) =>
                new k8s.helm.v3.Release(
                    `${name}-${suffix}`,
                    { name: releaseName, namespace: resolved.namespace, chart: c.chart, version: c.version, repositoryOpts: { repo: c.repo }, values, atomic: true, timeout: RELEASE_TIMEOUT_SECONDS },
                    { ...child, dependsOn: deps },
                );
            const loki = chart("loki", resolved.lokiReleaseName, LOKI_CHART, lokiValues(resolved), logPolicies);
            chart("alloy", resolved.alloyReleaseName, ALLOY_CHART, alloyValues(resolved), [loki, ...logPolicies]);
        }

        // Custom resources of the operator's kinds: after its CRDs; Prometheus picks them up when it starts.
        manifests([...platformPodMonitors(podMonitorsArgs(args)), platformAlertRules(alertsArgs(args))], [crds]);

        this.releaseName = release.name;
        this.registerOutputs({ grafanaAdminUser: this.grafanaAdminUser, grafanaAdminPassword: this.grafanaAdminPassword, releaseName: this.releaseName });
    }
}
