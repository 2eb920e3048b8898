import * as pulumi from "@pulumi/pulumi";
import type { NetworkPeerArgs } from "../components/core/network";
import type { FlinkKafkaArgs } from "../components/flink/kafka";
import { Problem, relocate, uniqueProblems } from "../components/core/problems";
import { KafkaCluster } from "../components/kafka/cluster";
import { KafkaClusterArgs, resolveKafkaClusterArgs } from "../components/kafka/cluster-args";
import { kafkaClusterProblems } from "../components/kafka/cluster-problems";
import { bootstrapAddress } from "../components/kafka/manifests";
import { kafkaUserSecretName } from "../components/kafka/user-manifests";
import { ClusterTopicArgs, clusterTopicArgs, topicComponentName } from "../components/kafka/cluster-topics";
import { ClusterUserArgs, clusterUserArgs, userComponentName } from "../components/kafka/cluster-users";
import { KafkaTopic, kafkaTopicProblems } from "../components/kafka/topic";
import type { KafkaUser } from "../components/kafka/user";
import { kafkaUserProblems } from "../components/kafka/user-problems";
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
    /** By their name (their key in the stack configuration). */
    users: Record<string, KafkaUser>;
    bootstrapServers: pulumi.Output<string>;
}

/** On cloud targets nodes carry their zone; brokers use it as their rack, so replicas spread across zones. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** The operator's component name, and so its Helm release's. */
const OPERATOR_NAME = "strimzi";

/** `kafka.listeners.plain` as given: on or off, or on with its authentication. */
function plainListener(config: KafkaStackConfig): { enabled?: boolean; authentication?: string } {
    const plain = config.listeners?.plain;
    return typeof plain === "object" ? plain : { enabled: plain };
}

/**
 * The KafkaCluster arguments of the stack's `kafka` section. `clients` are the pods of the section's
 * users (`kafkaUserClients`), which the listeners admit; the operator's namespace is `operators`.
 */
export function kafkaClusterArgs(
    config: KafkaStackConfig,
    namespace: string,
    target: Target,
    clients: NetworkPeerArgs[] = [],
    operatorsNamespace: string = namespace,
): KafkaClusterArgs {
    const plain = plainListener(config);
    return {
        namespace,
        clusterName: config.name,
        kafkaVersion: config.version,
        // A laptop cannot hold three controllers and three brokers: minikube gets one combined node unless the stack says otherwise.
        layout: config.layout ?? (target === "minikube" ? "combined" : "separate"),
        combined: config.combined,
        controllers: config.controllers,
        brokers: config.brokers,
        plainListener: plain.enabled,
        plainListenerAuthentication: plain.authentication,
        tlsListener: config.listeners?.tls,
        clients,
        operatorNamespace: operatorsNamespace,
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

/**
 * What the rest of the stack tells the section: the Flink clusters that run as each user (by user
 * name), whose pods the listeners must admit too.
 */
export type KafkaClientsByUser = Readonly<Record<string, readonly NetworkPeerArgs[]>>;

/** Every component's arguments of the section: what `createKafka` builds and `kafkaProblems` checks. */
export interface KafkaStackArgs {
    operator: StrimziOperatorArgs;
    cluster: KafkaClusterArgs;
    topics: Record<string, StackTopic>;
    /** By user name; topic keys are already the topics' names in Kafka (unknown keys are left out: `kafkaUserKeyProblems` names them). */
    users: Record<string, ClusterUserArgs>;
}

/** A user's ACLs with its topic keys turned into the topics' names in Kafka. */
function userArgs(config: KafkaStackConfig, user: KafkaStackConfig["users"][string]): ClusterUserArgs {
    const topics: Record<string, string> = {};
    for (const [key, access] of Object.entries(user.topics)) {
        const topic = config.topics[key];
        if (topic !== undefined) topics[topic.topicName ?? key] = access;
    }
    return { authentication: user.authentication, topics, groups: user.groups, transactionalIds: user.transactionalIds };
}

/**
 * The pods each user's clients run in: its `podLabels` in its namespace (the streaming namespace unless
 * it names another), and the Flink clusters that run as it. What the listeners admit.
 */
export function kafkaUserClients(config: KafkaStackConfig, streaming: string, flinkClients: KafkaClientsByUser = {}): NetworkPeerArgs[] {
    return Object.entries(config.users).flatMap(([name, user]) => [
        ...(user.podLabels !== undefined ? [{ namespace: user.namespace ?? streaming, podLabels: user.podLabels }] : []),
        ...(flinkClients[name] ?? []),
    ]);
}

export function kafkaStackArgs(
    config: KafkaStackConfig,
    names: Pick<PlatformNamespaceNames, "streaming" | "operators">,
    target: Target,
    flinkClients: KafkaClientsByUser = {},
): KafkaStackArgs {
    const { streaming, operators } = names;
    const topics: Record<string, StackTopic> = {};
    for (const [key, { topicName, ...args }] of Object.entries(config.topics)) topics[key] = { topicName: topicName ?? key, named: topicName !== undefined, args };
    const users: Record<string, ClusterUserArgs> = {};
    for (const [name, user] of Object.entries(config.users)) users[name] = userArgs(config, user);
    return {
        operator: {
            namespace: operators,
            watchNamespaces: streaming === operators ? [] : [streaming],
            replicas: config.operator?.replicas,
            resources: config.operator?.resources,
        },
        cluster: kafkaClusterArgs(config, streaming, target, kafkaUserClients(config, streaming, flinkClients), operators),
        topics,
        users,
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
    plainListenerAuthentication: "kafka.listeners.plain.authentication",
    tlsListener: "kafka.listeners.tls",
    operatorNamespace: "namespaces.operators.name",
    clients: "kafka.users",
    rackTopologyKey: "target",
    topicOperatorResources: "kafka.entityOperator.topicOperator",
    userOperatorResources: "kafka.entityOperator.userOperator",
};
const OPERATOR_KEYS = { namespace: "namespaces.operators.name", watchNamespaces: STREAMING_NAMESPACE, "watchNamespaces[0]": STREAMING_NAMESPACE };

/** The rest of the stack, as the section's checks see it. */
export interface KafkaStackContext {
    /** Every namespace of the platform, where a user's pods may run. @default the streaming and operators namespaces */
    namespaces?: readonly string[];
    /** The Flink clusters that run as each user. @default none */
    flinkClients?: KafkaClientsByUser;
}

/**
 * The users' own keys: topics of `kafka.topics`, a platform namespace, pods to admit, and a listener
 * that takes the user's authentication.
 */
function kafkaUserKeyProblems(config: KafkaStackConfig, cluster: KafkaClusterArgs, namespaces: readonly string[], flinkClients: KafkaClientsByUser): Problem[] {
    const problems: Problem[] = [];
    const topicKeys = Object.keys(config.topics);
    const topicsMessage = topicKeys.length > 0 ? `a key of kafka.topics (${topicKeys.join(", ")})` : "a key of kafka.topics, which has none";
    for (const [name, user] of Object.entries(config.users)) {
        const at = (key: string, message: string) => problems.push({ path: `kafka.users.${name}.${key}`, message });
        for (const key of Object.keys(user.topics)) if (!topicKeys.includes(key)) at(`topics.${key}`, `must be ${topicsMessage}, got ${JSON.stringify(key)}`);
        if (user.namespace !== undefined && !namespaces.includes(user.namespace)) {
            at("namespace", `must be one of the platform's namespaces (${namespaces.join(", ")}), got ${JSON.stringify(user.namespace)}`);
        }
        if (user.podLabels === undefined && (flinkClients[name] ?? []).length === 0) {
            at("podLabels", "is required: the labels of the client's pods, which the listeners admit ({} for every pod of its namespace), unless a Flink cluster runs as this user (flink.session.kafkaUser, flink.applications.<name>.kafkaUser)");
        }
        const authentication = user.authentication ?? "scram-sha-512";
        if (authentication === "tls" && cluster.tlsListener !== true) at("authentication", 'is "tls", a client certificate, which needs the TLS listener: set kafka.listeners.tls to true');
        const scramListener = cluster.plainListener !== false && cluster.plainListenerAuthentication !== "none";
        if (authentication === "scram-sha-512" && !scramListener) {
            at("authentication", 'is "scram-sha-512", a password, which needs the plain listener with authentication scram-sha-512 (kafka.listeners.plain), or use "tls"');
        }
    }
    return problems;
}

/**
 * Every problem of the section's operator, cluster, topics and users, by stack key path; none when the
 * section disables Kafka. `operatorsNamespace` is where the operator runs (the streaming namespace when not given).
 */
export function kafkaProblems(config: KafkaStackConfig, namespace: string, target: Target, operatorsNamespace = namespace, context: KafkaStackContext = {}): Problem[] {
    if (!config.enabled) return [];
    const flinkClients = context.flinkClients ?? {};
    const args = kafkaStackArgs(config, { streaming: namespace, operators: operatorsNamespace }, target, flinkClients);
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
    problems.push(...kafkaUserKeyProblems(config, args.cluster, context.namespaces ?? [namespace, operatorsNamespace], flinkClients));
    for (const [name, user] of Object.entries(args.users)) {
        const at = `kafka.users.${name}`;
        const userProblems = kafkaUserProblems(userComponentName(cluster, name), clusterUserArgs(cluster, name, user));
        // The cluster's name and namespace are the cluster's problems; the user's name is its key, which the schema checks.
        const own = userProblems.filter((p) => !["clusterName", "namespace", "name", "userName"].includes(p.path));
        // Topics are keyed by their key in the stack, not their name in Kafka.
        const keyOf = (topicName: string) => Object.keys(config.topics).find((key) => (config.topics[key].topicName ?? key) === topicName) ?? topicName;
        problems.push(...relocate(at, own.map((p) => (p.path.startsWith("topics.") ? { ...p, path: `topics.${keyOf(p.path.slice("topics.".length))}` } : p))));
    }
    // The operator watches the cluster's namespace: a bad one is said once.
    return uniqueProblems(problems);
}

/**
 * Kafka for the stack, or undefined when the section disables it: the Strimzi operator in the
 * operators' namespace watching the streaming namespace, the cluster in the streaming namespace once the
 * operator (and so its CRDs) exists, admitting the users' pods, and the topics and users of the configuration.
 */
export function createKafka(
    config: KafkaStackConfig,
    namespaces: PlatformNamespaces,
    target: Target,
    opts: pulumi.ComponentResourceOptions = {},
    flinkClients: KafkaClientsByUser = {},
): PlatformKafka | undefined {
    if (!config.enabled) return undefined;
    const args = kafkaStackArgs(config, namespaces.names, target, flinkClients);
    const operator = new StrimziOperator(OPERATOR_NAME, args.operator, { ...opts, dependsOn: [namespaces.operators, namespaces.streaming] });
    const cluster = new KafkaCluster(config.name, args.cluster, { ...opts, dependsOn: [namespaces.streaming, operator] });
    const topics: Record<string, KafkaTopic> = {};
    for (const [key, topic] of Object.entries(args.topics)) topics[key] = cluster.addTopic(topic.topicName, topic.args);
    const users: Record<string, KafkaUser> = {};
    for (const [name, user] of Object.entries(args.users)) users[name] = cluster.addUser(name, user);
    return { operator, cluster, topics, users, bootstrapServers: cluster.bootstrapServers };
}

/**
 * How a Flink cluster reaches Kafka as each user of the section, by user name: the plain listener's
 * address and the user's Secret. With `kafka` (the created cluster and users) they are its outputs, so a
 * Flink cluster waits for its user; without, the names they will have (for the checks).
 */
export function kafkaUsersForFlink(config: KafkaStackConfig, streaming: string, kafka?: PlatformKafka): Record<string, FlinkKafkaArgs> {
    const users: Record<string, FlinkKafkaArgs> = {};
    for (const [name, user] of Object.entries(config.users)) {
        users[name] = {
            bootstrapServers: kafka?.bootstrapServers ?? bootstrapAddress({ name: config.name, namespace: streaming }),
            secretName: kafka?.users[name]?.secretName ?? kafkaUserSecretName({ userName: name }),
            namespace: streaming,
            authentication: user.authentication,
        };
    }
    return users;
}
