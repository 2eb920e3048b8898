/**
 * The operators' dashboard: whether the Strimzi Cluster Operator and the Flink Kubernetes Operator run
 * and are scraped, and how their reconciliations go.
 */
import { KUBE_STATE_METRICS, PROMETHEUS_UP } from "../alert-metrics";
import { FLINK_OPERATOR_METRICS, KUBE_STATE_DASHBOARD_METRICS, STRIMZI_OPERATOR_METRICS } from "../dashboard-metrics";
import { OPERATOR_POD_MONITOR_NAMES } from "../pod-monitors";
import { finish, platformDashboard, row, statPanel, timeSeries, type Dashboard, type DashboardOptions } from "./panels";

export const OPERATORS_DASHBOARD_NAME = "operators";

export function operatorsDashboard(options: DashboardOptions): Dashboard {
    const ks = KUBE_STATE_METRICS;
    const s = STRIMZI_OPERATOR_METRICS;
    const fo = FLINK_OPERATOR_METRICS;
    const names = Object.values(OPERATOR_POD_MONITOR_NAMES);
    const deployments = `deployment=~"${names.join("|")}"`;
    // Prometheus Operator names a PodMonitor's scrape job `<namespace>/<monitor>`: match the name within.
    const jobs = `job=~".*(${names.join("|")}).*"`;
    const rate = (metric: string) => `rate(${metric}[$__rate_interval])`;
    const builder = platformDashboard(OPERATORS_DASHBOARD_NAME, "Operators", options)
        .description("Strimzi Cluster Operator and Flink Kubernetes Operator: availability, scraping, reconciliations.")
        .withRow(row("Availability"))
        .withPanel(
            statPanel(
                "Operator scrape targets up",
                { expr: `sum(${PROMETHEUS_UP}{${jobs}})` },
                {
                    width: 6,
                    steps: [
                        { value: null, color: "red" },
                        { value: 1, color: "green" },
                    ],
                },
            ),
        )
        .withPanel(
            statPanel(
                "Operator Deployments without an available replica",
                { expr: `count(max by (namespace, deployment) (${ks.deploymentAvailable}{${deployments}}) < 1) or vector(0)` },
                {
                    width: 6,
                    steps: [
                        { value: null, color: "green" },
                        { value: 1, color: "red" },
                    ],
                },
            ),
        )
        .withPanel(
            timeSeries(
                "Available and desired replicas",
                "short",
                [
                    { expr: `max by (namespace, deployment) (${ks.deploymentAvailable}{${deployments}})`, legend: "{{deployment}} available" },
                    { expr: `max by (namespace, deployment) (${KUBE_STATE_DASHBOARD_METRICS.deploymentSpecReplicas}{${deployments}})`, legend: "{{deployment}} desired" },
                ],
                { width: 12 },
            ),
        )
        .withPanel(timeSeries("Scrape targets up", "short", [{ expr: `max by (job, pod) (${PROMETHEUS_UP}{${jobs}})`, legend: "{{job}} {{pod}}" }], { width: 24 }))
        .withRow(row("Strimzi Cluster Operator"))
        .withPanel(
            timeSeries(
                "Reconciliations per second",
                "ops",
                [
                    { expr: `sum by (kind) (${rate(s.reconciliationsSuccessful)})`, legend: "{{kind}} successful" },
                    { expr: `sum by (kind) (${rate(s.reconciliationsFailed)})`, legend: "{{kind}} failed" },
                    { expr: `sum by (kind) (${rate(s.reconciliations)})`, legend: "{{kind}} all" },
                ],
                { width: 8 },
            ),
        )
        .withPanel(
            timeSeries(
                "Reconciliation duration",
                "s",
                [
                    { expr: `sum by (kind) (${rate(s.reconciliationDurationSum)}) / sum by (kind) (${rate(s.reconciliationDurationCount)})`, legend: "{{kind}} mean" },
                    { expr: `max by (kind) (${s.reconciliationDurationMax})`, legend: "{{kind}} max" },
                ],
                { width: 8 },
            ),
        )
        .withPanel(timeSeries("Resources", "short", [{ expr: `sum by (kind) (${s.resources})`, legend: "{{kind}}" }], { width: 8 }))
        .withRow(row("Flink Kubernetes Operator"))
        .withPanel(
            timeSeries(
                "Reconciliations per second",
                "ops",
                [
                    { expr: `sum by (resourcetype) (${rate(fo.reconciliations)})`, legend: "{{resourcetype}} all" },
                    { expr: `sum by (resourcetype) (${rate(fo.reconciliationsFailed)})`, legend: "{{resourcetype}} failed" },
                    { expr: `sum by (resourcetype) (${rate(fo.reconciliationsRetried)})`, legend: "{{resourcetype}} retried" },
                ],
                { width: 12 },
            ),
        )
        .withPanel(
            timeSeries(
                "Resources by lifecycle state",
                "short",
                [
                    { expr: `sum by (resourcetype) (${fo.lifecycleStable})`, legend: "{{resourcetype}} STABLE" },
                    { expr: `sum by (resourcetype) (${fo.lifecycleDeployed})`, legend: "{{resourcetype}} DEPLOYED" },
                    { expr: `sum by (resourcetype) (${fo.lifecycleUpgrading})`, legend: "{{resourcetype}} UPGRADING" },
                    { expr: `sum by (resourcetype) (${fo.lifecycleFailed})`, legend: "{{resourcetype}} FAILED" },
                ],
                { width: 12, stack: true },
            ),
        );
    return finish(builder);
}
