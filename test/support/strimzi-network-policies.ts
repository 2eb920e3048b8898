/**
 * The NetworkPolicies that the Strimzi cluster operator creates for a `Kafka` custom resource, as
 * Strimzi 1.2.0 builds them, so the reachability test sees the Kafka pods' ingress as a cluster would.
 * Pure. Sources (strimzi/strimzi-kafka-operator, cluster-operator/src/main/java/io/strimzi/operator/cluster/model/):
 * - KafkaCluster#generateNetworkPolicy: control plane 9090 from the Kafka pods and the cluster
 *   operator; replication 9091 from those, the entity operator, Kafka Exporter and Cruise Control;
 *   the Kafka agent 8443 from the cluster operator; each listener's port from its
 *   `networkPolicyPeers` (none: every source); the metrics port 9404 from every source when
 *   `metricsConfig` is set.
 * - EntityOperator#generateNetworkPolicy: the topic (8080) and user (8081) operators' health ports
 *   from every source.
 * - NetworkPolicyUtils: the podSelector is the component's strimzi.io/cluster, strimzi.io/name and
 *   strimzi.io/kind labels; no policyTypes (the API server makes them Ingress); the cluster
 *   operator's peer has no namespaceSelector in its own namespace, `matchLabels` of
 *   STRIMZI_OPERATOR_NAMESPACE_LABELS (the chart's `image.operatorNamespaceLabels`) in another one,
 *   and `{}` (every namespace) when those labels are not set.
 * What this does not model (Cruise Control, Kafka Exporter, JMX) is refused, not guessed.
 */
import type { HelmRelease } from "../../renderer/render";
import type { K8sObject } from "./render";

export const STRIMZI_PORTS = { controlPlane: 9090, replication: 9091, agent: 8443, metrics: 9404, topicOperatorHealth: 8080, userOperatorHealth: 8081 } as const;

/** The cluster operator's pod labels (the chart's 060-Deployment-strimzi-cluster-operator.yaml). */
export const STRIMZI_CLUSTER_OPERATOR_POD_LABELS: Readonly<Record<string, string>> = { name: "strimzi-cluster-operator", "strimzi.io/kind": "cluster-operator" };

/** The selector labels of a Strimzi component of a Kafka cluster (Labels#strimziSelectorLabels). */
export function strimziSelector(cluster: string, component: "kafka" | "entity-operator"): Record<string, string> {
    return { "strimzi.io/cluster": cluster, "strimzi.io/name": `${cluster}-${component}`, "strimzi.io/kind": "Kafka" };
}

type Peer = Record<string, unknown>;

function rule(port: number, from: Peer[]): Record<string, unknown> {
    // An empty peer list is no `from` at all: every source (fabric8 omits empty lists).
    return { ports: [{ port, protocol: "TCP" }], ...(from.length > 0 ? { from } : {}) };
}

function policy(name: string, namespace: string, podSelector: Record<string, string>, ingress: Record<string, unknown>[]): K8sObject {
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec: { podSelector: { matchLabels: podSelector }, ingress } };
}

/** "a=b,c=d", the form of STRIMZI_OPERATOR_NAMESPACE_LABELS. */
function parseLabels(value: unknown): Record<string, string> {
    if (typeof value !== "string" || value.trim() === "") return {};
    return Object.fromEntries(value.split(",").map((pair) => pair.split("=").map((s) => s.trim()) as [string, string]));
}

/** The policies Strimzi creates for one Kafka CR, given the Strimzi chart's Helm release that manages it. */
export function strimziNetworkPolicies(kafka: K8sObject, operator: HelmRelease): K8sObject[] {
    if (operator.values?.generateNetworkPolicy === false) return [];
    const cluster = kafka.metadata.name;
    const namespace = kafka.metadata.namespace!;
    for (const unmodelled of ["cruiseControl", "kafkaExporter"]) {
        if (kafka.spec[unmodelled]) throw new Error(`Kafka ${cluster}: spec.${unmodelled} is set; strimziNetworkPolicies does not model it yet (see Strimzi's model for its policy and its peers)`);
    }
    if (kafka.spec.kafka.jmxOptions) throw new Error(`Kafka ${cluster}: spec.kafka.jmxOptions is set; strimziNetworkPolicies does not model the JMX port yet (JmxModel#networkPolicyIngresRules)`);

    const operatorNamespaceLabels = parseLabels(operator.values?.image?.operatorNamespaceLabels);
    const operatorPeer: Peer = { podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } };
    if (operator.namespace !== namespace) {
        operatorPeer.namespaceSelector = Object.keys(operatorNamespaceLabels).length > 0 ? { matchLabels: operatorNamespaceLabels } : {};
    }
    const kafkaPeer: Peer = { podSelector: { matchLabels: strimziSelector(cluster, "kafka") } };
    const named = (name: string): Peer => ({ podSelector: { matchLabels: { "strimzi.io/name": `${cluster}-${name}` } } });

    const kafkaRules = [
        rule(STRIMZI_PORTS.controlPlane, [kafkaPeer, operatorPeer]),
        rule(STRIMZI_PORTS.replication, [operatorPeer, kafkaPeer, named("entity-operator"), named("kafka-exporter"), named("cruise-control")]),
        rule(STRIMZI_PORTS.agent, [operatorPeer]),
        ...(kafka.spec.kafka.listeners ?? []).map((listener: { port: number; networkPolicyPeers?: Peer[] }) => rule(listener.port, listener.networkPolicyPeers ?? [])),
        ...(kafka.spec.kafka.metricsConfig ? [rule(STRIMZI_PORTS.metrics, [])] : []),
    ];
    const policies = [policy(`${cluster}-network-policy-kafka`, namespace, strimziSelector(cluster, "kafka"), kafkaRules)];

    const eo = kafka.spec.entityOperator;
    if (eo) {
        const eoRules = [...(eo.topicOperator ? [rule(STRIMZI_PORTS.topicOperatorHealth, [])] : []), ...(eo.userOperator ? [rule(STRIMZI_PORTS.userOperatorHealth, [])] : [])];
        policies.push(policy(`${cluster}-entity-operator`, namespace, strimziSelector(cluster, "entity-operator"), eoRules));
    }
    return policies;
}
