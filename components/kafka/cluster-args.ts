/** The arguments of a KafkaCluster and their defaults. */
import type { NetworkPeerArgs } from "../core/network";
import { resolveResources, ResourcesArgs } from "../core/resources";
import type { ResolvedKafkaCluster } from "./manifests";
import { KafkaNodePoolArgs, poolKeysOf, resolveNodePool } from "./node-pools";
import { KAFKA_VERSION, SUPPORTED_KAFKA_VERSIONS } from "./versions";

/**
 * A Kafka cluster on Strimzi. Plain values, not Outputs: they are checked, and the node pools and the
 * broker configuration derived from them, before anything is created.
 */
export interface KafkaClusterArgs {
    /** Namespace of the cluster; a namespace that the Strimzi operator watches. */
    namespace: string;
    /**
     * Name of the Kafka resource; prefixes every object of the cluster (`<name>-kafka-bootstrap`), its
     * node pools (`<name>-brokers`) and so their pods (`<name>-<name>-brokers-0`), which is why it has
     * at most 22 characters.
     * @default the component's name
     */
    clusterName?: string;
    /** Kafka version: one that the pinned Strimzi release runs (see SUPPORTED_KAFKA_VERSIONS). @default KAFKA_VERSION ("4.2.0") */
    kafkaVersion?: string;
    /**
     * Node roles: "combined", one pool whose nodes are both KRaft controllers and brokers (a laptop);
     * or "separate", a pool of controllers and a pool of brokers (production).
     * @default "separate"
     */
    layout?: string;
    /** The pool of a "combined" layout; not allowed with "separate". @default 1 node */
    combined?: KafkaNodePoolArgs;
    /** The controllers of a "separate" layout; not allowed with "combined". @default 3 nodes */
    controllers?: KafkaNodePoolArgs;
    /** The brokers of a "separate" layout; not allowed with "combined". @default 3 nodes */
    brokers?: KafkaNodePoolArgs;
    /** A plaintext listener for clients inside the cluster, on port 9092. @default true */
    plainListener?: boolean;
    /**
     * How the plain listener authenticates clients: "scram-sha-512" (each client a KafkaUser, its
     * password in the user's Secret), or "none": every pod that the listener admits connects
     * anonymously, as a super user that ACLs do not restrict, and in plain text.
     * @default "scram-sha-512"
     */
    plainListenerAuthentication?: string;
    /** A TLS listener for clients inside the cluster, on port 9093, that authenticates them by their KafkaUser's certificate (mutual TLS). @default false */
    tlsListener?: boolean;
    /**
     * The pods that may connect to the listeners (each listener's `networkPolicyPeers`): the clients of
     * the cluster's KafkaUsers, by namespace and pod labels (or an IP block). The Strimzi Cluster
     * Operator's pods are always added, so the list is never empty: Strimzi opens a listener without
     * peers to every pod of every namespace. Ports are not taken: a listener's peers reach its port.
     * @default [] (only the operator)
     */
    clients?: NetworkPeerArgs[];
    /** Namespace of the Strimzi Cluster Operator, whose pods the listeners admit. @default the cluster's namespace */
    operatorNamespace?: string;
    /**
     * Broker configuration on top of the platform's (`brokerConfig`): durability derived from the
     * broker count (three or more brokers: `default.replication.factor` 3, `min.insync.replicas` 2; one:
     * 1 and 1; two: 2 and 1), unclean leader election off, no automatic topic creation. Values are text,
     * as Kafka's own configuration files hold them (`{ "log.retention.hours": "72" }`). A replication
     * factor above the broker count, or a minimum ISR above its replication factor, is an error; keys
     * that Strimzi manages (listeners, TLS, KRaft roles) are refused.
     * @default {}
     */
    config?: Record<string, string>;
    /**
     * Node label whose value is a broker's rack (`broker.rack`), so replicas spread across zones and
     * consumers read from their own zone. Set it on clusters that span zones.
     * @default no rack awareness
     */
    rackTopologyKey?: string;
    /** Prometheus metrics through Strimzi's JMX exporter (port 9404), with the rules in a ConfigMap. @default true */
    metrics?: boolean;
    /** Resources of the Topic Operator. @default requests 100m / 256Mi, limits 500m / 256Mi */
    topicOperatorResources?: ResourcesArgs;
    /** Resources of the User Operator. @default requests 100m / 256Mi, limits 500m / 256Mi */
    userOperatorResources?: ResourcesArgs;
    /** How long `pulumi up` waits for the cluster to be Ready (Strimzi's condition), in seconds. @default 600 */
    timeoutSeconds?: number;
}

const DEFAULT_OPERATOR_RESOURCES = { requestsCpu: "100m", requestsMemory: "256Mi", limitsCpu: "500m", limitsMemory: "256Mi" };

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveKafkaClusterArgs(name: string, args: KafkaClusterArgs): ResolvedKafkaCluster {
    const clusterName = args.clusterName ?? name;
    const layout = args.layout ?? "separate";
    const version = args.kafkaVersion ?? KAFKA_VERSION;
    return {
        name: clusterName,
        namespace: args.namespace,
        instance: name,
        version,
        metadataVersion: Object.keys(SUPPORTED_KAFKA_VERSIONS).includes(version) ? SUPPORTED_KAFKA_VERSIONS[version] : "",
        layout,
        pools: poolKeysOf(layout).map((key) => resolveNodePool(clusterName, key, args[key])),
        plainListener: args.plainListener ?? true,
        tlsListener: args.tlsListener ?? false,
        plainAuthentication: args.plainListenerAuthentication ?? "scram-sha-512",
        clients: args.clients ?? [],
        operatorNamespace: args.operatorNamespace ?? args.namespace,
        config: args.config ?? {},
        rackTopologyKey: args.rackTopologyKey,
        metrics: args.metrics ?? true,
        topicOperatorResources: resolveResources(args.topicOperatorResources, DEFAULT_OPERATOR_RESOURCES),
        userOperatorResources: resolveResources(args.userOperatorResources, DEFAULT_OPERATOR_RESOURCES),
        timeoutSeconds: args.timeoutSeconds ?? 600,
    };
}
