/** Prometheus metrics of a Kafka cluster: the JMX exporter's rules that Strimzi runs in each Kafka pod, in a ConfigMap. */
import { stringify } from "yaml";
import { componentLabels } from "../core/labels";
import type { ConfigMap } from "../core/objects";

/** The ConfigMap key that holds the Prometheus JMX exporter's rules. */
export const METRICS_CONFIG_KEY = "kafka-metrics-config.yml";

export function metricsConfigMapName(cluster: { name: string }): string {
    return `${cluster.name}-kafka-metrics`;
}

/**
 * Rules of the Prometheus JMX exporter that Strimzi runs in each Kafka pod (port 9404): broker, request,
 * log and controller MBeans as `kafka_*` gauges and counters, plus the KRaft quorum's metrics, in the
 * shape Strimzi's example Grafana dashboards read.
 */
export const JMX_EXPORTER_CONFIG = {
    lowercaseOutputName: true,
    rules: [
        // Per topic and partition (log size, under-replication), and per client quota.
        {
            pattern: "kafka.server<type=(.+), name=(.+), clientId=(.+), topic=(.+), partition=(.*)><>Value",
            name: "kafka_server_$1_$2",
            type: "GAUGE",
            labels: { clientId: "$3", topic: "$4", partition: "$5" },
        },
        // Percentages (request handler and network processor idle time).
        { pattern: "kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*><>MeanRate", name: "kafka_$1_$2_$3_percent", type: "GAUGE" },
        { pattern: "kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*><>Value", name: "kafka_$1_$2_$3_percent", type: "GAUGE" },
        // Rates as counters, with up to two labels; the numerous per-request metrics are left out.
        {
            pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)PerSec\\w*, (.+)=(.+), (.+)=(.+)><>Count",
            name: "kafka_$1_$2_$3_total",
            type: "COUNTER",
            labels: { $4: "$5", $6: "$7" },
        },
        { pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)PerSec\\w*, (.+)=(.+)><>Count", name: "kafka_$1_$2_$3_total", type: "COUNTER", labels: { $4: "$5" } },
        { pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)PerSec\\w*><>Count", name: "kafka_$1_$2_$3_total", type: "COUNTER" },
        // Gauges, with up to two labels.
        { pattern: "kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+), (.+)=(.+)><>Value", name: "kafka_$1_$2_$3", type: "GAUGE", labels: { $4: "$5", $6: "$7" } },
        { pattern: "kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+)><>Value", name: "kafka_$1_$2_$3", type: "GAUGE", labels: { $4: "$5" } },
        { pattern: "kafka.(\\w+)<type=(.+), name=(.+)><>Value", name: "kafka_$1_$2_$3", type: "GAUGE" },
        // Request latency, end to end in the broker, for what clients and followers ask most: the one
        // RequestMetrics histogram kept (the others, per request type and phase, are many series).
        {
            pattern: "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(Produce|FetchConsumer|FetchFollower)><>(50|99)thPercentile",
            name: "kafka_network_requestmetrics_totaltimems",
            type: "GAUGE",
            labels: { request: "$1", quantile: "0.$2" },
        },
        // Histograms: their counts and percentiles.
        { pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)><>Count", name: "kafka_$1_$2_$3_count", type: "COUNTER" },
        { pattern: "kafka.(\\w+)<type=(?!RequestMetrics)(.+), name=(.+)><>(\\d+)thPercentile", name: "kafka_$1_$2_$3", type: "GAUGE", labels: { quantile: "0.$4" } },
        // The KRaft quorum: counters (totals, maxima), the node's state as a label, and gauges.
        { pattern: "kafka.server<type=raft-metrics><>(.+-total|.+-max):", name: "kafka_server_raftmetrics_$1", type: "COUNTER" },
        { pattern: "kafka.server<type=raft-metrics><>(current-state): (.+)", name: "kafka_server_raftmetrics_$1", value: 1, type: "UNTYPED", labels: { $1: "$2" } },
        { pattern: "kafka.server<type=raft-metrics><>(.+):", name: "kafka_server_raftmetrics_$1", type: "GAUGE" },
        { pattern: "kafka.server<type=broker-metadata-metrics><>(.+):", name: "kafka_server_brokermetadatametrics_$1", type: "GAUGE" },
    ],
};

export function metricsConfigMapManifest(cluster: { name: string; namespace: string; instance: string }): ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: metricsConfigMapName(cluster), namespace: cluster.namespace, labels: componentLabels(cluster.instance, "kafka") },
        data: { [METRICS_CONFIG_KEY]: stringify(JMX_EXPORTER_CONFIG, { lineWidth: 0 }) },
    };
}
