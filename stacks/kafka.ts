import * as pulumi from "@pulumi/pulumi";
import { Problem, relocate, uniqueProblems } from "../components/core/problems";
import { KafkaCluster } from "../components/kafka/cluster";
import { KafkaClusterArgs, resolveKafkaClusterArgs } from "../components/kafka/cluster-args";
import { kafkaClusterProblems } from "../components/kafka/cluster-problems";
import { ClusterTopicArgs, clusterTopicArgs, topicComponentName } from "../components/kafka/cluster-topics";
import { KafkaTopic, kafkaTopicProblems } from "../components/kafka/topic";
import { StrimziOperator, StrimziOperatorArgs, strimziOperatorProblems } from "../components/kafka/strimzi-operator";
import type { PlatformNamespaceNames, PlatformNamespaces } from "./namespaces";
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

/** The operator's component name, and so its Helm release's. */
const OPERATOR_NAME = "strimzi";

/** The KafkaCluster arguments of the stack's `kafka` section. */
export function kafkaClusterArgs(config: KafkaStackConfig, namespace: string, target: Target): KafkaClusterArgs {
    return {
        namespace,
        clusterName: config.name,
        kafkaVersion: config.version,
        // A laptop cannot hold three controllers and three brokers: minikube gets one combined node unless the stack says otherwise.
        layout: config.layout ?? (target === "minikube" ? "combined" : "separate"),
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

/** One topic of the section: its name in Kafka and its own settings (the cluster adds the rest). */
interface StackTopic {
    topicName: string;
    /** Whether `topicName` is set, or comes from the key. */
    named: boolean;
    args: ClusterTopicArgs;
}

/** Every component's arguments of the section: what `createKafka` builds and `kafkaProblems` checks. */
export interface KafkaStackArgs {
    operator: StrimziOperatorArgs;
    cluster: KafkaClusterArgs;
    topics: Record<string, StackTopic>;
}

export function kafkaStackArgs(config: KafkaStackConfig, names: Pick<PlatformNamespaceNames, "streaming" | "operators">, target: Target): KafkaStackArgs {
    const { streaming, operators } = names;
    const topics: Record<string, StackTopic> = {};
    for (const [key, { topicName, ...args }] of Object.entries(config.topics)) topics[key] = { topicName: topicName ?? key, named: topicName !== undefined, args };
    return {
        operator: {
            namespace: operators,
            watchNamespaces: streaming === operators ? [] : [streaming],
            replicas: config.operator?.replicas,
            resources: config.operator?.resources,
        },
        cluster: kafkaClusterArgs(config, streaming, target),
        topics,
    };
}

const STREAMING_NAMESPACE = "namespaces.streaming.name";

/** Where the arguments that are not named as their key come from in the stack. */
const CLUSTER_KEYS = {
    name: "kafka.name",
    clusterName: "kafka.name",
    namespace: STREAMING_NAMESPACE,
    kafkaVersion: "kafka.version",
    plainListener: "kafka.listeners.plain",
    tlsListener: "kafka.listeners.tls",
    rackTopologyKey: "target",
    topicOperatorResources: "kafka.entityOperator.topicOperator",
    userOperatorResources: "kafka.entityOperator.userOperator",
};
const OPERATOR_KEYS = { namespace: "namespaces.operators.name", watchNamespaces: STREAMING_NAMESPACE, "watchNamespaces[0]": STREAMING_NAMESPACE };

/**
 * Every problem of the section's operator, cluster and topics, by stack key path; none when the section
 * disables Kafka. `operatorsNamespace` is where the operator runs (the streaming namespace when not given).
 */
export function kafkaProblems(config: KafkaStackConfig, namespace: string, target: Target, operatorsNamespace = namespace): Problem[] {
    if (!config.enabled) return [];
    const args = kafkaStackArgs(config, { streaming: namespace, operators: operatorsNamespace }, target);
    const problems = [
        ...relocate("kafka.operator", strimziOperatorProblems(OPERATOR_NAME, args.operator), OPERATOR_KEYS),
        ...relocate("kafka", kafkaClusterProblems(config.name, args.cluster), CLUSTER_KEYS),
    ];
    const cluster = resolveKafkaClusterArgs(config.name, args.cluster);
    for (const [key, topic] of Object.entries(args.topics)) {
        const at = `kafka.topics.${key}`;
        const named = topic.named ? `${at}.topicName` : at;
        const topicProblems = kafkaTopicProblems(topicComponentName(cluster, topic.topicName), clusterTopicArgs(cluster, topic.topicName, topic.args));
        // The cluster's problems name its name and namespace, which each topic takes; and the component's
        // name is made of the topic's, so a problem with the topic's name says it all.
        const badName = topicProblems.some((p) => p.path === "topicName");
        const own = topicProblems.filter((p) => p.path !== "clusterName" && p.path !== "namespace" && !(badName && p.path === "name"));
        problems.push(...relocate(at, own, { name: named, topicName: named }));
    }
    // The operator watches the cluster's namespace: a bad one is said once.
    return uniqueProblems(problems);
}

/**
 * Kafka for the stack, or undefined when the section disables it: the Strimzi operator in the
 * operators' namespace watching the streaming namespace, the cluster in the streaming namespace once the
 * operator (and so its CRDs) exists, and the topics of the configuration.
 */
export function createKafka(config: KafkaStackConfig, namespaces: PlatformNamespaces, target: Target, opts: pulumi.ComponentResourceOptions = {}): PlatformKafka | undefined {
    if (!config.enabled) return undefined;
    const args = kafkaStackArgs(config, namespaces.names, target);
    const operator = new StrimziOperator(OPERATOR_NAME, args.operator, { ...opts, dependsOn: [namespaces.operators, namespaces.streaming] });
    const cluster = new KafkaCluster(config.name, args.cluster, { ...opts, dependsOn: [namespaces.streaming, operator] });
    const topics: Record<string, KafkaTopic> = {};
    for (const [key, topic] of Object.entries(args.topics)) topics[key] = cluster.addTopic(topic.topicName, topic.args);
    return { operator, cluster, topics, bootstrapServers: cluster.bootstrapServers };
}
