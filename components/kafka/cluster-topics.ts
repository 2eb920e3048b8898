/** The arguments of a cluster's topics, filled in from the cluster: what `addTopic` and the stack's checks both use. */
import { wholeNumber } from "./broker-config";
import { brokerCount, clusterBrokerConfig, ResolvedKafkaCluster } from "./manifests";
import { validReplicas } from "./node-pools";
import type { KafkaTopicArgs } from "./topic";

/** A topic's own settings; its cluster fills in the rest. */
export type ClusterTopicArgs = Omit<KafkaTopicArgs, "clusterName" | "namespace" | "topicName" | "brokers" | "defaultReplicationFactor">;

/** The component name of a cluster's topic: `<cluster component>-<topicName>`. */
export function topicComponentName(cluster: ResolvedKafkaCluster, topicName: string): string {
    return `${cluster.instance}-${topicName}`;
}

/**
 * A topic of `cluster`, named `topicName` in Kafka, with the cluster's broker count and default
 * replication factor; each is left out where the cluster's own arguments leave it unknown (the
 * cluster's problems name them).
 */
export function clusterTopicArgs(cluster: ResolvedKafkaCluster, topicName: string, args: ClusterTopicArgs = {}): KafkaTopicArgs {
    const brokers = cluster.pools.length > 0 && cluster.pools.every((p) => validReplicas(p.replicas)) ? brokerCount(cluster) : undefined;
    const factor = brokers === undefined ? undefined : wholeNumber(clusterBrokerConfig(cluster)["default.replication.factor"]);
    return {
        ...args,
        topicName,
        clusterName: cluster.name,
        namespace: cluster.namespace,
        brokers,
        defaultReplicationFactor: brokers !== undefined && factor !== undefined && factor >= 1 && factor <= brokers ? factor : undefined,
    };
}
