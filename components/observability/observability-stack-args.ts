/**
 * The arguments of ObservabilityStack and how they become its parts' arguments: the metrics stack,
 * Loki and Alloy, the alerts, the scrape monitors and the dashboards, all in one monitoring namespace
 * and wired to each other (Grafana's Loki datasource, the rules' label that Prometheus selects, Loki's
 * Grafana). Pure: no Pulumi resources.
 */
import type * as pulumi from "@pulumi/pulumi";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { Problem, Problems } from "../core/problems";
import { AlertRulesArgs, alertRulesProblems, AlertRulesSettings } from "./alerts";
import { PlatformDashboardsArgs, platformDashboardsProblems } from "./dashboards";
import { LogsArgs, LogsSettings, resolveLogsArgs } from "./logs-args";
import { lokiUrl } from "./logs-chart";
import { logsProblems } from "./logs-problems";
import { MetricsStackArgs, MetricsStackSettings } from "./metrics-stack-args";
import { PLATFORM_RULE_LABELS } from "./metrics-stack-chart";
import { metricsStackProblems } from "./metrics-stack-problems";
import { PlatformPodMonitorsArgs, platformPodMonitorsProblems, PlatformPodMonitorsSettings } from "./pod-monitors";

export interface ObservabilityLogsArgs extends LogsSettings {
    /** Run Loki and Alloy. @default true */
    enabled?: boolean;
}

export interface ObservabilityDashboardsArgs extends PlatformDashboardsArgs {
    /** Provision the platform's dashboards. @default true */
    enabled?: boolean;
}

export interface ObservabilityStackArgs {
    /** The monitoring namespace: every part's, and where the PodMonitors, rules and dashboards live. It must exist. Required. */
    namespace: string;
    /**
     * kube-prometheus-stack: Prometheus, Alertmanager and its receivers, Grafana, kube-state-metrics,
     * node-exporter. Its `namespace` is this one's; Grafana's Loki datasource follows `logs`.
     * @default MetricsStackArgs' defaults, with node-exporter off unless `nodeExporterNamespace` is given
     */
    metrics?: MetricsStackSettings;
    /** Loki and Alloy (Grafana's Loki datasource with them). @default on, with LogsSettings' defaults */
    logs?: ObservabilityLogsArgs;
    /** The platform's alerts; their PrometheusRule carries the label Prometheus selects. @default AlertRulesSettings' defaults */
    alerts?: AlertRulesSettings;
    /** What Prometheus scrapes of the platform. @default nothing of the platform, only the chart's own targets */
    podMonitors?: PlatformPodMonitorsSettings;
    /** The platform's dashboards. @default on, with PlatformDashboardsArgs' defaults */
    dashboards?: ObservabilityDashboardsArgs;
    /**
     * Grafana's admin password, for a Secret the component makes (`metrics.grafanaAdminSecret` is then
     * not given). @default a random 24-character password (@pulumi/random), kept as a Pulumi secret
     */
    grafanaAdminPassword?: pulumi.Input<string>;
}

/** The user Grafana's admin logs in as. */
export const GRAFANA_ADMIN_USER = "admin";

/** The metrics stack's arguments: the namespace and, with logs, Grafana's Loki datasource. */
export function metricsArgs(args: ObservabilityStackArgs): MetricsStackArgs {
    const metrics = args.metrics ?? {};
    const logs = logsArgs(args);
    const resolvedLogs = logs === undefined ? undefined : resolveLogsArgs(logs);
    return {
        nodeExporter: metrics.nodeExporterNamespace !== undefined,
        ...metrics,
        namespace: args.namespace,
        ...(resolvedLogs !== undefined ? { lokiUrl: lokiUrl(resolvedLogs.lokiReleaseName, resolvedLogs.namespace) } : {}),
    };
}

/** Loki's and Alloy's arguments, in the namespace, queried by its Grafana; undefined without logs. */
export function logsArgs(args: ObservabilityStackArgs): LogsArgs | undefined {
    const { enabled = true, ...settings } = args.logs ?? {};
    if (!enabled) return undefined;
    return { ...settings, namespace: args.namespace, grafanaNamespace: args.namespace };
}

/** The alerts' arguments: the rule lands where Prometheus looks, with the label it selects. */
export function alertsArgs(args: ObservabilityStackArgs): AlertRulesArgs {
    return { ...(args.alerts ?? {}), namespace: args.namespace, labels: { ...PLATFORM_RULE_LABELS } };
}

export function podMonitorsArgs(args: ObservabilityStackArgs): PlatformPodMonitorsArgs {
    return { ...(args.podMonitors ?? {}), namespace: args.namespace };
}

/** The dashboards' arguments; undefined when they are off. */
export function dashboardsArgs(args: ObservabilityStackArgs): PlatformDashboardsArgs | undefined {
    const { enabled = true, ...settings } = args.dashboards ?? {};
    return enabled ? settings : undefined;
}

/** True when the component makes Grafana's admin Secret (the user did not name one of their own). */
export function makesGrafanaAdminSecret(args: ObservabilityStackArgs): boolean {
    return args.metrics?.grafanaAdminSecret === undefined;
}

/** Every problem of the arguments, by argument path, every one at once. */
export function observabilityStackProblems(name: string, args: ObservabilityStackArgs): Problem[] {
    const problems = new Problems().check(isDnsLabel(args.namespace), "namespace", dnsLabelMessage(args.namespace));
    problems.add("metrics", metricsStackProblems(name, metricsArgs(args)).filter((p) => p.path !== "namespace"));
    const logs = logsArgs(args);
    if (logs !== undefined) problems.add("logs", logsProblems(logs).filter((p) => p.path !== "namespace" && p.path !== "grafanaNamespace"));
    problems.add("alerts", alertRulesProblems(alertsArgs(args)).filter((p) => p.path !== "namespace"));
    problems.add("podMonitors", platformPodMonitorsProblems(podMonitorsArgs(args)).filter((p) => p.path !== "namespace"));
    const dashboards = dashboardsArgs(args);
    if (dashboards !== undefined) problems.add("dashboards", platformDashboardsProblems(dashboards));
    problems.check(args.grafanaAdminPassword === undefined || makesGrafanaAdminSecret(args), "grafanaAdminPassword", "must not be set with metrics.grafanaAdminSecret: the password is that Secret's");
    return problems.list;
}
