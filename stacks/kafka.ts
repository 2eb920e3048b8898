import * as pulumi from "@pulumi/pulumi";
import { KafkaCluster, KafkaClusterArgs } from "../components/kafka/cluster";
import type { KafkaTopic } from "../components/kafka/topic";
import { StrimziOperator } from "../components/kafka/strimzi-operator";
import type { PlatformNamespaces } from "./namespaces";
import type { Target } from "./schema";
import type { KafkaStackConfig } from "./schema-kafka";

/** The platform's event log: the Strimzi operator, the Kafka cluster and its topics. */
export interface PlatformKafka {
    operator: StrimziOperator;
    cluster: KafkaCluster;
    /** By their key in the stack configuration. */
    topics: Record<string, KafkaTopic>;
    bootstrapServers: pulumi.Output<string>;
}

/** On cloud targets nodes carry their zone; brokers use it as their rack, so replicas spread across zones. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** The KafkaCluster arguments of the stack's `kafka` section. */
export function kafkaClusterArgs(config: KafkaStackConfig, namespace: string, target: Target): KafkaClusterArgs {
    return {
        namespace,
        clusterName: config.name,
        kafkaVersion: config.version,
        layout: config.layout,
        combined: config.combined,
        controllers: config.controllers,
        brokers: config.brokers,
        plainListener: config.listeners?.plain,
        tlsListener: config.listeners?.tls,
        config: config.config,
        rackTopologyKey: target === "minikube" ? undefined : ZONE_LABEL,
        metrics: config.metrics,
        topicOperatorResources: config.entityOperator?.topicOperator,
        userOperatorResources: config.entityOperator?.userOperator,
    };
}

/**
 * Kafka for the stack, or undefined when the section disables it: the Strimzi operator in the
 * operators' namespace watching the streaming namespace, the cluster in the streaming namespace once the
 * operator (and so its CRDs) exists, and the topics of the configuration.
 */
export function createKafka(config: KafkaStackConfig, namespaces: PlatformNamespaces, target: Target, opts: pulumi.ComponentResourceOptions = {}): PlatformKafka | undefined {
    if (!config.enabled) return undefined;
    const { streaming, operators } = namespaces.names;
    const operator = new StrimziOperator(
        "strimzi",
        {
            namespace: operators,
            watchNamespaces: streaming === operators ? [] : [streaming],
            replicas: config.operator?.replicas,
            resources: config.operator?.resources,
        },
        { ...opts, dependsOn: [namespaces.operators, namespaces.streaming] },
    );
    const cluster = new KafkaCluster(config.name, kafkaClusterArgs(config, streaming, target), { ...opts, dependsOn: [namespaces.streaming, operator] });
    const topics: Record<string, KafkaTopic> = {};
    for (const [key, topic] of Object.entries(config.topics)) {
        const { topicName, ...rest } = topic;
        topics[key] = cluster.addTopic(topicName ?? key, rest);
    }
    return { operator, cluster, topics, bootstrapServers: cluster.bootstrapServers };
}
