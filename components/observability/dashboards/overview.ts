/**
 * The platform at a glance: Flink jobs and checkpoints, Kafka's partitions and controller, ZooKeeper's
 * quorum, the operators, and the alerts firing now (Prometheus's ALERTS series).
 */
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as table from "@grafana/grafana-foundation-sdk/table";
import { FLINK_METRICS, KAFKA_METRICS, PROMETHEUS_UP, ZOOKEEPER_METRICS } from "../alert-metrics";
import { PROMETHEUS_ALERTS } from "../dashboard-metrics";
import { OPERATOR_POD_MONITOR_NAMES } from "../pod-monitors";
import { finish, platformDashboard, PROMETHEUS, promTarget, row, statPanel, ZERO_IS_GOOD, type Dashboard, type DashboardOptions, type Step } from "./panels";

export const OVERVIEW_DASHBOARD_NAME = "overview";

/** Exactly one is good. */
const ONE_IS_GOOD: Step[] = [
    { value: null, color: "red" },
    { value: 1, color: "green" },
    { value: 2, color: "red" },
];

export function overviewDashboard(options: DashboardOptions): Dashboard {
    const f = FLINK_METRICS;
    const k = KAFKA_METRICS;
    const z = ZOOKEEPER_METRICS;
    const perJob = (expr: string) => `max by (namespace, flink_cluster, job_name) (${expr})`;
    const firing = `${PROMETHEUS_ALERTS}{alertstate="firing"}`;
    const operators = Object.values(OPERATOR_POD_MONITOR_NAMES).join("|");
    const builder = platformDashboard(OVERVIEW_DASHBOARD_NAME, "Streaming platform overview", options)
        .description("The platform's health at a glance: Flink, Kafka, ZooKeeper, the operators and the firing alerts.")
        .withRow(row("Alerts"))
        .withPanel(statPanel("Alerts firing", { expr: `count(${firing}) or vector(0)` }, { width: 4, steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Critical alerts firing", { expr: `count(${PROMETHEUS_ALERTS}{alertstate="firing", severity="critical"}) or vector(0)` }, { width: 4, steps: ZERO_IS_GOOD }))
        .withPanel(
            new table.PanelBuilder()
                .title("Firing alerts")
                .datasource(PROMETHEUS)
                .span(16)
                .height(4)
                .withTarget(promTarget({ expr: `sum by (alertname, severity, namespace) (${firing})` }, "A").instant().format(prometheus.PromQueryFormat.Table)),
        )
        .withRow(row("Flink"))
        .withPanel(statPanel("Jobs running", { expr: `count(${perJob(f.runningTime)} > 0) or vector(0)` }))
        .withPanel(statPanel("Jobs not running", { expr: `count(${perJob(f.runningTime)} == 0) or vector(0)` }, { steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Job restarts (1h)", { expr: `sum(increase(${f.numRestarts}[1h])) or vector(0)` }, { steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Checkpoints completed (1h)", { expr: `sum(increase(${f.completedCheckpoints}[1h])) or vector(0)` }))
        .withPanel(statPanel("Checkpoints failed (1h)", { expr: `sum(increase(${f.failedCheckpoints}[1h])) or vector(0)` }, { steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Kafka source lag", { expr: `sum(${f.pendingRecords}) or vector(0)` }))
        .withRow(row("Kafka"))
        .withPanel(statPanel("Under-replicated partitions", { expr: `sum(${k.underReplicatedPartitions})` }, { width: 6, steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Offline partitions", { expr: `max(${k.offlinePartitions})` }, { width: 6, steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Active controllers", { expr: `sum(${k.activeControllers})` }, { width: 6, steps: ONE_IS_GOOD }))
        .withPanel(statPanel("ISR shrinks (1h)", { expr: `sum(increase(${k.isrShrinks}[1h])) or vector(0)` }, { width: 6, steps: ZERO_IS_GOOD }))
        .withRow(row("ZooKeeper and operators"))
        .withPanel(statPanel("ZooKeeper leaders", { expr: `count(${z.leaderUptime}) or vector(0)` }, { steps: ONE_IS_GOOD }))
        .withPanel(statPanel("ZooKeeper quorum size", { expr: `max(${z.quorumSize})` }))
        .withPanel(statPanel("ZooKeeper synced followers", { expr: `max(${z.syncedFollowers})` }, { noValue: "no leader" }))
        .withPanel(
            statPanel(
                "ZooKeeper servers without quorum",
                { expr: `count(${z.lookingCount} unless on (namespace, pod) ${z.quorumSize}) or vector(0)` },
                { steps: ZERO_IS_GOOD, description: "Servers that run (they export looking_count) but are in no quorum (no quorum_size)." },
            ),
        )
        .withPanel(
            statPanel(
                "Operator scrape targets down",
                { expr: `count(${PROMETHEUS_UP}{job=~".*(${operators}).*"} == 0) or vector(0)` },
                { width: 8, steps: ZERO_IS_GOOD },
            ),
        );
    return finish(builder);
}

