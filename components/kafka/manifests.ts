/**
 * The Kafka resource of a cluster and its listeners, every object of the cluster in creation order, and
 * the address clients bootstrap from. Pure: no Pulumi.
 */
import { componentLabels } from "../core/labels";
import type { ConfigMap, Kafka, KafkaNodePool } from "../core/objects";
import { containerResources, ResolvedResources } from "../core/resources";
import { waitForAnnotations } from "../core/wait";
import { BrokerConfig, brokerConfig } from "./broker-config";
import { METRICS_CONFIG_KEY, metricsConfigMapManifest, metricsConfigMapName } from "./metrics";
import { kafkaAuthorization, LISTENER_PORTS, listenersOf, ListenerSecurity } from "./listeners";
import { brokerCountOf, nodePoolManifest, ResolvedNodePool } from "./node-pools";
import { STRIMZI_API_VERSION } from "./versions";

export interface ResolvedKafkaCluster extends ListenerSecurity {
    /** The Kafka resource's name; Strimzi prefixes every object of the cluster with it. */
    name: string;
    namespace: string;
    /** The component's name, for the platform's labels. */
    instance: string;
    version: string;
    metadataVersion: string;
    /** As given; only "combined" and "separate" have pools. */
    layout: string;
    pools: ResolvedNodePool[];
    /** The user's broker configuration overrides (the defaults are added by `brokerConfig`). */
    config: Record<string, string>;
    rackTopologyKey?: string;
    metrics: boolean;
    topicOperatorResources: ResolvedResources;
    userOperatorResources: ResolvedResources;
    /** How long `pulumi up` waits for the Kafka resource to be Ready. */
    timeoutSeconds: number;
}

export function brokerCount(cluster: ResolvedKafkaCluster): number {
    return brokerCountOf(cluster.pools);
}

/** The broker configuration of the Kafka resource: the defaults for its broker count, then the overrides. */
export function clusterBrokerConfig(cluster: ResolvedKafkaCluster): BrokerConfig {
    return brokerConfig(brokerCount(cluster), cluster.config, cluster.rackTopologyKey !== undefined);
}

/**
 * The Kafka resource: version, listeners (authenticated, each admitting only the clients' pods),
 * `simple` authorization, broker configuration, rack awareness, metrics, and the entity operator (Topic
 * and User Operators) with its resources. Nodes come from the KafkaNodePools.
 */
export function kafkaManifest(cluster: ResolvedKafkaCluster): Kafka {
    const kafka: Kafka["spec"]["kafka"] = {
        version: cluster.version,
        metadataVersion: cluster.metadataVersion,
        listeners: listenersOf(cluster),
        authorization: kafkaAuthorization(cluster),
        config: clusterBrokerConfig(cluster),
    };
    if (cluster.rackTopologyKey !== undefined) kafka.rack = { topologyKey: cluster.rackTopologyKey };
    if (cluster.metrics) {
        kafka.metricsConfig = { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: metricsConfigMapName(cluster), key: METRICS_CONFIG_KEY } } };
    }
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "Kafka",
        metadata: {
            name: cluster.name,
            namespace: cluster.namespace,
            labels: componentLabels(cluster.instance, "kafka"),
            annotations: waitForAnnotations(["condition=Ready"], cluster.timeoutSeconds),
        },
        spec: {
            kafka,
            entityOperator: {
                topicOperator: { resources: containerResources(cluster.topicOperatorResources) },
                userOperator: { resources: containerResources(cluster.userOperatorResources) },
            },
        },
    };
}

/** The objects before the Kafka resource, in the order they are created: metrics ConfigMap, node pools. */
export function kafkaSupportManifests(cluster: ResolvedKafkaCluster): (ConfigMap | KafkaNodePool)[] {
    return [...(cluster.metrics ? [metricsConfigMapManifest(cluster)] : []), ...cluster.pools.map((pool) => nodePoolManifest(cluster, pool))];
}

/** Every object of the cluster, in the order they are created: metrics ConfigMap, node pools, Kafka. */
export function kafkaClusterManifests(cluster: ResolvedKafkaCluster): (ConfigMap | KafkaNodePool | Kafka)[] {
    return [...kafkaSupportManifests(cluster), kafkaManifest(cluster)];
}

/** The address clients bootstrap from: Strimzi's `<cluster>-kafka-bootstrap` Service, on the plain or the TLS listener. */
export function bootstrapAddress(cluster: { name: string; namespace: string }, tls = false): string {
    return `${cluster.name}-kafka-bootstrap.${cluster.namespace}.svc:${tls ? LISTENER_PORTS.tls : LISTENER_PORTS.plain}`;
}
