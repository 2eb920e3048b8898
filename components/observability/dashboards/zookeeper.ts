/** The ZooKeeper dashboard: the ensemble's quorum, its latency and its load, per namespace. */
import { ZOOKEEPER_METRICS } from "../alert-metrics";
import { ZOOKEEPER_DASHBOARD_METRICS } from "../dashboard-metrics";
import { finish, labelVariable, platformDashboard, PROMETHEUS, row, statPanel, timeSeries, type Dashboard, type DashboardOptions } from "./panels";

export const ZOOKEEPER_DASHBOARD_NAME = "zookeeper";

const SEL = `namespace=~"$namespace"`;

export function zookeeperDashboard(options: DashboardOptions): Dashboard {
    const z = ZOOKEEPER_METRICS;
    const d = ZOOKEEPER_DASHBOARD_METRICS;
    const builder = platformDashboard(ZOOKEEPER_DASHBOARD_NAME, "ZooKeeper", options)
        .description("The ZooKeeper ensemble: quorum, latency, outstanding requests, connections.")
        .withVariable(labelVariable("namespace", "Namespace", PROMETHEUS, `label_values(${z.quorumSize}, namespace)`))
        .withRow(row("Quorum"))
        .withPanel(statPanel("Quorum size", { expr: `max(${z.quorumSize}{${SEL}})` }, { width: 6, description: "Voting members of the ensemble, as the servers in the quorum see it." }))
        .withPanel(
            statPanel(
                "Leaders",
                { expr: `count(${z.leaderUptime}{${SEL}}) or vector(0)` },
                {
                    width: 6,
                    steps: [
                        { value: null, color: "red" },
                        { value: 1, color: "green" },
                        { value: 2, color: "red" },
                    ],
                },
            ),
        )
        .withPanel(statPanel("Synced followers", { expr: `max(${z.syncedFollowers}{${SEL}})` }, { width: 6, noValue: "no leader" }))
        .withPanel(statPanel("Leader uptime", { expr: `max(${z.leaderUptime}{${SEL}})` }, { width: 6, unit: "ms", noValue: "no leader" }))
        .withPanel(
            timeSeries("Quorum", "short", [
                { expr: `max by (namespace) (${z.quorumSize}{${SEL}})`, legend: "quorum size" },
                { expr: `max by (namespace) (${z.syncedFollowers}{${SEL}})`, legend: "synced followers" },
                { expr: `max by (namespace) (${d.learners}{${SEL}})`, legend: "learners" },
            ]),
        )
        .withPanel(timeSeries("Leader by pod", "short", [{ expr: `max by (pod) (${z.leaderUptime}{${SEL}} > bool 0)`, legend: "{{pod}}" }], { description: "1 on the server that leads." }))
        .withRow(row("Latency and load"))
        .withPanel(
            timeSeries("Request latency", "ms", [
                { expr: `max by (pod) (${d.avgLatency}{${SEL}})`, legend: "{{pod}} avg" },
                { expr: `max by (pod) (${d.maxLatency}{${SEL}})`, legend: "{{pod}} max" },
            ]),
        )
        .withPanel(
            timeSeries("Read and update latency (p99)", "ms", [
                { expr: `max by (pod) (${d.readLatency}{${SEL}, quantile="0.99"})`, legend: "{{pod}} read" },
                { expr: `max by (pod) (${d.updateLatency}{${SEL}, quantile="0.99"})`, legend: "{{pod}} update" },
            ]),
        )
        .withPanel(timeSeries("Outstanding requests", "short", [{ expr: `max by (pod) (${d.outstandingRequests}{${SEL}})`, legend: "{{pod}}" }], { width: 8 }))
        .withPanel(timeSeries("Client connections", "short", [{ expr: `max by (pod) (${d.aliveConnections}{${SEL}})`, legend: "{{pod}}" }], { width: 8 }))
        .withPanel(timeSeries("Znodes", "short", [{ expr: `max by (pod) (${d.znodeCount}{${SEL}})`, legend: "{{pod}}" }], { width: 8 }));
    return finish(builder);
}
