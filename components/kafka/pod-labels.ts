/**
 * The labels Strimzi puts on the pods of a Kafka cluster, and the port its metrics are on: what
 * NetworkPolicies outside the Kafka resource select them by (Strimzi's own policies use the same).
 */

/**
 * The label of the Strimzi Cluster Operator's pods that Strimzi's own policies select it by (the chart's
 * Deployment template also sets `name: strimzi-cluster-operator`).
 */
export const STRIMZI_OPERATOR_POD_LABELS: Readonly<Record<string, string>> = { "strimzi.io/kind": "cluster-operator" };

/** Strimzi's JMX exporter, on every Kafka node when metrics are on; Strimzi's own policy admits everyone to it. */
export const KAFKA_METRICS_PORT = 9404;
/** Its name on the Kafka container (Strimzi's MetricsModel.METRICS_PORT_NAME). */
export const KAFKA_METRICS_PORT_NAME = "tcp-prometheus";

/**
 * The entity operator's Topic and User Operators serve their metrics at /metrics on their health ports,
 * each in its own container. Strimzi 1.1 renamed both ports from `healthcheck` to these (PR 12782, in
 * its CHANGELOG), so a monitor can tell them apart. Strimzi's own policy admits every source to them.
 */
export const ENTITY_OPERATOR_METRICS_PORTS = {
    topicOperator: { name: "healthcheck-to", port: 8080 },
    userOperator: { name: "healthcheck-uo", port: 8081 },
} as const;

/** Every Kafka node (controller or broker) of the cluster: Strimzi names them all `<cluster>-kafka`. */
export function kafkaNodePodLabels(cluster: string): Record<string, string> {
    return { "strimzi.io/name": `${cluster}-kafka` };
}

/** The cluster's brokers: the nodes that serve the listeners, and the ones Strimzi gives a rack-awareness init container. */
export function kafkaBrokerPodLabels(cluster: string): Record<string, string> {
    return { ...kafkaNodePodLabels(cluster), "strimzi.io/broker-role": "true" };
}

/** The entity operator (Topic and User Operators), which watches KafkaTopics and KafkaUsers through the Kubernetes API. */
export function entityOperatorPodLabels(cluster: string): Record<string, string> {
    return { "strimzi.io/name": `${cluster}-entity-operator` };
}
