/**
 * The Kafka dashboard: traffic, partitions and their replication, and the brokers' and KRaft
 * controllers' request handling, per Strimzi cluster (label `strimzi_io_cluster`).
 */
import { KAFKA_METRICS } from "../alert-metrics";
import { KAFKA_DASHBOARD_METRICS } from "../dashboard-metrics";
import { finish, labelVariable, platformDashboard, PROMETHEUS, row, statPanel, timeSeries, ZERO_IS_GOOD, type Dashboard, type DashboardOptions } from "./panels";

export const KAFKA_DASHBOARD_NAME = "kafka";

const SEL = `namespace=~"$namespace", strimzi_io_cluster=~"$cluster"`;
/** BrokerTopicMetrics' broker totals: the series without a topic label. */
const TOTAL = `${SEL}, topic=""`;

export function kafkaDashboard(options: DashboardOptions): Dashboard {
    const k = KAFKA_METRICS;
    const d = KAFKA_DASHBOARD_METRICS;
    const rate = (metric: string, selector: string) => `rate(${metric}{${selector}}[$__rate_interval])`;
    const builder = platformDashboard(KAFKA_DASHBOARD_NAME, "Kafka", options)
        .description("Kafka (Strimzi, KRaft): traffic, partitions, replication, request handling.")
        .withVariable(labelVariable("namespace", "Namespace", PROMETHEUS, `label_values(${d.partitionCount}, namespace)`))
        .withVariable(labelVariable("cluster", "Kafka cluster", PROMETHEUS, `label_values(${d.partitionCount}{namespace=~"$namespace"}, strimzi_io_cluster)`))
        .withRow(row("Health"))
        .withPanel(statPanel("Under-replicated partitions", { expr: `sum(${k.underReplicatedPartitions}{${SEL}})` }, { steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Under min ISR partitions", { expr: `sum(${d.underMinIsrPartitions}{${SEL}})` }, { steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Offline partitions", { expr: `max(${k.offlinePartitions}{${SEL}})` }, { steps: ZERO_IS_GOOD }))
        .withPanel(
            statPanel(
                "Active controllers",
                { expr: `sum(${k.activeControllers}{${SEL}})` },
                {
                    steps: [
                        { value: null, color: "red" },
                        { value: 1, color: "green" },
                        { value: 2, color: "red" },
                    ],
                },
            ),
        )
        .withPanel(statPanel("Topics", { expr: `max(${d.globalTopicCount}{${SEL}})` }))
        .withPanel(statPanel("Partitions", { expr: `max(${d.globalPartitionCount}{${SEL}})` }))
        .withRow(row("Traffic"))
        .withPanel(timeSeries("Messages in per second", "short", [{ expr: `sum by (pod) (${rate(d.messagesIn, TOTAL)})`, legend: "{{pod}}" }], { width: 8 }))
        .withPanel(
            timeSeries(
                "Bytes in and out per second",
                "Bps",
                [
                    { expr: `sum by (pod) (${rate(d.bytesIn, TOTAL)})`, legend: "{{pod}} in" },
                    { expr: `sum by (pod) (${rate(d.bytesOut, TOTAL)})`, legend: "{{pod}} out" },
                ],
                { width: 8 },
            ),
        )
        .withPanel(
            timeSeries(
                "Produce and fetch requests per second",
                "reqps",
                [
                    { expr: `sum by (pod) (${rate(d.totalProduceRequests, TOTAL)})`, legend: "{{pod}} produce" },
                    { expr: `sum by (pod) (${rate(d.totalFetchRequests, TOTAL)})`, legend: "{{pod}} fetch" },
                ],
                { width: 8, description: "Kafka counts no messages out; fetch requests and bytes out stand for consumption." },
            ),
        )
        .withPanel(timeSeries("Messages in per second by topic", "short", [{ expr: `sum by (topic) (${rate(d.messagesIn, `${SEL}, topic!=""`)})`, legend: "{{topic}}" }], { width: 24 }))
        .withRow(row("Partitions and replication"))
        .withPanel(
            timeSeries(
                "Partitions and leaders per broker",
                "short",
                [
                    { expr: `sum by (pod) (${d.partitionCount}{${SEL}})`, legend: "{{pod}} partitions" },
                    { expr: `sum by (pod) (${d.leaderCount}{${SEL}})`, legend: "{{pod}} leaders" },
                ],
                { width: 8 },
            ),
        )
        .withPanel(timeSeries("Under-replicated partitions", "short", [{ expr: `sum by (pod) (${k.underReplicatedPartitions}{${SEL}})`, legend: "{{pod}}" }], { width: 8 }))
        .withPanel(
            timeSeries(
                "ISR shrinks and expands per second",
                "short",
                [
                    { expr: `sum by (pod) (${rate(k.isrShrinks, SEL)})`, legend: "{{pod}} shrinks" },
                    { expr: `sum by (pod) (${rate(d.isrExpands, SEL)})`, legend: "{{pod}} expands" },
                ],
                { width: 8 },
            ),
        )
        .withRow(row("Requests and latency"))
        .withPanel(
            timeSeries(
                "Request latency (p99)",
                "ms",
                [{ expr: `max by (pod, request) (${d.requestTotalTime}{${SEL}, quantile="0.99"})`, legend: "{{pod}} {{request}}" }],
                { width: 24, description: "From a request's arrival to its response. A consumer's fetch waits up to fetch.max.wait.ms for data, so an idle topic shows that wait." },
            ),
        )
        .withPanel(timeSeries("Request queue size", "short", [{ expr: `sum by (pod) (${d.requestQueueSize}{${SEL}})`, legend: "{{pod}}" }], { width: 8 }))
        .withPanel(
            timeSeries(
                "Request handler and network processor idle",
                "percentunit",
                [
                    { expr: `avg by (pod) (${d.requestHandlerIdle}{${SEL}})`, legend: "{{pod}} request handlers" },
                    { expr: `avg by (pod) (${d.networkProcessorIdle}{${SEL}})`, legend: "{{pod}} network processors" },
                ],
                { width: 8, description: "Near 0: the broker's threads are saturated and requests queue up." },
            ),
        )
        .withPanel(
            timeSeries(
                "KRaft controller latency (p99) and metadata commit latency",
                "ms",
                [
                    { expr: `max by (pod) (${d.controllerEventQueueTime}{${SEL}, quantile="0.99"})`, legend: "{{pod}} event queue time" },
                    { expr: `max by (pod) (${d.controllerEventProcessingTime}{${SEL}, quantile="0.99"})`, legend: "{{pod}} event processing time" },
                    { expr: `max by (pod) (${d.raftCommitLatencyAvg}{${SEL}})`, legend: "{{pod}} metadata log commit (avg)" },
                ],
                { width: 8 },
            ),
        );
    return finish(builder);
}
