/**
 * A Kafka cluster on Strimzi as plain data: the versions the platform pins, the durability defaults
 * derived from the broker count and their checks, the broker configuration, and the manifests of the
 * Kafka and KafkaNodePool custom resources and the metrics ConfigMap. Pure: no Pulumi, so the stack
 * schema, the `KafkaCluster` component, and the tests that feed the configuration to Kafka's own code
 * all use the same functions.
 */
import { stringify } from "yaml";
import { componentLabels } from "../core/labels";
import type { Manifest } from "../core/manifest";
import { isCpuQuantity, isMemoryQuantity, cpuMillicores, memoryMiB } from "../core/quantity";

/**
 * The Strimzi custom resource API. `kafka.strimzi.io/v1` is the only API that Strimzi 1.0 and later
 * serve (v1beta2 was removed in 1.0.0), so it needs the operator pinned in `strimzi-operator.ts`
 * (STRIMZI_VERSION, 1.0.x) and matches the v1 schemas of the Strimzi 1.0.0 CRDs that the render tests
 * validate against (`@kubernetes-models/strimzi-kafka-operator`).
 */
export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";

/**
 * The Kafka versions that the pinned Strimzi release (1.0.x) runs, each with its KRaft metadata
 * version (Strimzi's kafka-versions.yaml). Strimzi 1.1 drops 4.1.x, so 4.2.0 is also the version that
 * survives the next operator upgrade.
 */
export const SUPPORTED_KAFKA_VERSIONS: Readonly<Record<string, string>> = {
    "4.1.0": "4.1-IV1",
    "4.1.1": "4.1-IV1",
    "4.1.2": "4.1-IV1",
    "4.2.0": "4.2-IV1",
};

/**
 * The Kafka version the platform runs, pinned here and only here. test/real/kafka/pom.xml takes Kafka's
 * configuration code from Maven Central at the same version, and its test checks that they agree.
 */
export const KAFKA_VERSION = "4.2.0";

export const NODE_LAYOUTS = ["combined", "separate"] as const;
export type NodeLayout = (typeof NODE_LAYOUTS)[number];

export const NODE_POOL_KEYS = ["combined", "controllers", "brokers"] as const;
export type NodePoolKey = (typeof NODE_POOL_KEYS)[number];

/** Node counts when none is given: a single laptop node, or a production quorum of three and three brokers. */
export const DEFAULT_NODE_REPLICAS: Readonly<Record<NodePoolKey, number>> = { combined: 1, controllers: 3, brokers: 3 };

/** The Strimzi node pool roles of each pool of a layout. */
export const POOL_ROLES: Readonly<Record<NodePoolKey, ("controller" | "broker")[]>> = {
    combined: ["controller", "broker"],
    controllers: ["controller"],
    brokers: ["broker"],
};

export const LISTENER_PORTS = { plain: 9092, tls: 9093 } as const;

export type ConfigValue = string | number | boolean;
export type BrokerConfig = Record<string, ConfigValue>;

/** A problem with one key, `path` relative to the arguments (or the stack's `kafka` section); `message` starts with "must". */
export interface ConfigProblem {
    path: string[];
    message: string;
}

// ---------------------------------------------------------------------------------------------------
// Durability

export interface Durability {
    /** `default.replication.factor`, and the replication of Kafka's internal topics. */
    replicationFactor: number;
    /** `min.insync.replicas`, and the minimum ISR of the internal transaction and share-state topics. */
    minInSyncReplicas: number;
}

/**
 * What a cluster of `brokers` brokers can promise. Three brokers or more: three copies, two of which
 * must acknowledge a write (one broker may be down, for a rolling restart, without refusing writes).
 * One broker: one copy. Two brokers: two copies but one in sync, because a minimum of two would refuse
 * every `acks=all` write whenever either broker restarts; with two brokers a write acknowledged by one
 * may be lost with it, which is why production runs three.
 */
export function durabilityDefaults(brokers: number): Durability {
    if (brokers >= 3) return { replicationFactor: 3, minInSyncReplicas: 2 };
    if (brokers === 2) return { replicationFactor: 2, minInSyncReplicas: 1 };
    return { replicationFactor: 1, minInSyncReplicas: 1 };
}

/** Replication factors: each at most the number of brokers. */
export const REPLICATION_FACTOR_KEYS = [
    "default.replication.factor",
    "offsets.topic.replication.factor",
    "transaction.state.log.replication.factor",
    "share.coordinator.state.topic.replication.factor",
] as const;

/** Minimum in-sync replicas, each with the replication factor it must not exceed. */
export const MIN_ISR_KEYS: Readonly<Record<string, (typeof REPLICATION_FACTOR_KEYS)[number]>> = {
    "min.insync.replicas": "default.replication.factor",
    "transaction.state.log.min.isr": "transaction.state.log.replication.factor",
    "share.coordinator.state.topic.min.isr": "share.coordinator.state.topic.replication.factor",
};

/**
 * Broker configuration keys that Strimzi sets itself and refuses in `spec.kafka.config`
 * (KafkaClusterSpec.FORBIDDEN_PREFIXES and its exceptions): listeners, TLS, the KRaft roles and quorum, log directories.
 */
export const STRIMZI_MANAGED_PREFIXES = [
    "listeners",
    "advertised.",
    "broker.",
    "listener.",
    "host.name",
    "port",
    "inter.broker.listener.name",
    "sasl.",
    "ssl.",
    "security.",
    "password.",
    "log.dir",
    "authorizer.",
    "super.user",
    "cruise.control.metrics.topic",
    "cruise.control.metrics.reporter.bootstrap.servers",
    "node.id",
    "process.roles",
    "controller.",
    "metadata.log.dir",
] as const;

export const STRIMZI_MANAGED_EXCEPTIONS = [
    "sasl.server.max.receive.size",
    "ssl.cipher.suites",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.secure.random.implementation",
    "cruise.control.metrics.topic.num.partitions",
    "cruise.control.metrics.topic.replication.factor",
    "cruise.control.metrics.topic.retention.ms",
    "cruise.control.metrics.topic.auto.create.retries",
    "cruise.control.metrics.topic.auto.create.timeout.ms",
    "cruise.control.metrics.topic.min.insync.replicas",
    "controller.quorum.election.backoff.max.ms",
    "controller.quorum.election.timeout.ms",
    "controller.quorum.fetch.timeout.ms",
] as const;

export function isStrimziManaged(key: string): boolean {
    return STRIMZI_MANAGED_PREFIXES.some((prefix) => key.startsWith(prefix)) && !(STRIMZI_MANAGED_EXCEPTIONS as readonly string[]).includes(key);
}

/** Lets consumers read from the replica in their own zone (KIP-392) once brokers know their rack. */
export const RACK_AWARE_REPLICA_SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

/**
 * The broker configuration the platform puts into the Kafka resource: durability derived from the
 * broker count, unclean leader election off, topics created only through KafkaTopic resources, the
 * rack-aware replica selector where brokers know their zone; then `overrides`, which win.
 */
export function brokerConfig(brokers: number, overrides: BrokerConfig = {}, rackAware = false): BrokerConfig {
    const { replicationFactor, minInSyncReplicas } = durabilityDefaults(brokers);
    return {
        "default.replication.factor": replicationFactor,
        "min.insync.replicas": minInSyncReplicas,
        "offsets.topic.replication.factor": replicationFactor,
        "transaction.state.log.replication.factor": replicationFactor,
        "transaction.state.log.min.isr": minInSyncReplicas,
        "share.coordinator.state.topic.replication.factor": replicationFactor,
        "share.coordinator.state.topic.min.isr": minInSyncReplicas,
        // A leader that was not in sync would lose acknowledged writes: stay unavailable instead.
        "unclean.leader.election.enable": false,
        // Topics are declared as KafkaTopic resources (the Topic Operator owns them), not made by a typo in a client.
        "auto.create.topics.enable": false,
        ...(rackAware ? { "replica.selector.class": RACK_AWARE_REPLICA_SELECTOR } : {}),
        ...overrides,
    };
}

/** A whole number given as a number or as its decimal text; undefined for anything else. */
export function wholeNumber(value: ConfigValue | undefined): number | undefined {
    if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
    return undefined;
}

function show(value: ConfigValue): string {
    return JSON.stringify(value);
}

/**
 * Every problem of a broker configuration (overrides merged over the defaults) for a cluster of
 * `brokers` brokers: keys that Strimzi manages itself, replication factors above the broker count,
 * minimum ISRs above their replication factor, a non-boolean unclean leader election. Paths are
 * `["config", key]`.
 */
export function brokerConfigProblems(brokers: number, overrides: BrokerConfig): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const key of Object.keys(overrides)) {
        if (isStrimziManaged(key)) problems.push({ path: ["config", key], message: "must not be set: Strimzi manages it (listeners, TLS, KRaft roles and quorum, log directories)" });
    }
    const config = brokerConfig(brokers, overrides);
    const factors: Record<string, number | undefined> = {};
    for (const key of REPLICATION_FACTOR_KEYS) {
        const value = wholeNumber(config[key]);
        factors[key] = value;
        if (value === undefined || value < 1 || value > brokers) {
            problems.push({ path: ["config", key], message: `must be a whole number from 1 to the number of brokers (${brokers}), got ${show(config[key])}` });
            factors[key] = undefined;
        }
    }
    for (const [key, factorKey] of Object.entries(MIN_ISR_KEYS)) {
        const value = wholeNumber(config[key]);
        const factor = factors[factorKey];
        if (value === undefined || value < 1) problems.push({ path: ["config", key], message: `must be a whole number, 1 or more, got ${show(config[key])}` });
        else if (factor !== undefined && value > factor) problems.push({ path: ["config", key], message: `must be at most ${factorKey} (${factor}), got ${show(config[key])}` });
        else if (factor === undefined && value > brokers) problems.push({ path: ["config", key], message: `must be at most the number of brokers (${brokers}), got ${show(config[key])}` });
    }
    const unclean = config["unclean.leader.election.enable"];
    if (unclean !== true && unclean !== false && unclean !== "true" && unclean !== "false") {
        problems.push({ path: ["config", "unclean.leader.election.enable"], message: `must be true or false, got ${show(unclean)}` });
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------
// Node pools

export interface ResolvedResources {
    requestsCpu: string;
    requestsMemory: string;
    limitsCpu: string;
    limitsMemory: string;
}

export interface ResolvedNodePool {
    /** The KafkaNodePool's name, also the middle of its pods' names (`<cluster>-<pool>-<id>`). */
    name: NodePoolKey;
    roles: ("controller" | "broker")[];
    replicas: number;
    storageSize: string;
    storageClass?: string;
    resources: ResolvedResources;
    jvmHeap?: string;
    jvmFlags: Record<string, string>;
}

/** A JVM memory size as -Xms / -Xmx take it: "512m", "2g", "1048576k". */
const JVM_SIZE = /^(\d+)([kKmMgG]?)$/;

export function isJvmSize(value: string): boolean {
    return JVM_SIZE.test(value);
}

/** A JVM size in MiB, or undefined when it is not one. */
export function jvmSizeMiB(value: string): number | undefined {
    const match = JVM_SIZE.exec(value);
    if (!match) return undefined;
    const factor: Record<string, number> = { "": 1 / 2 ** 20, k: 1 / 1024, m: 1, g: 1024 };
    return Number(match[1]) * factor[match[2].toLowerCase()];
}

/**
 * The relations within one node pool that single values cannot show: a controller quorum must be odd,
 * requests must fit their limits, and the heap must leave room below the memory limit (Kafka lives on
 * the page cache). Values that are not valid on their own are skipped here; paths are `[key, …]`.
 */
export function nodePoolRelationProblems(key: NodePoolKey, pool: { replicas?: number; resources?: Partial<ResolvedResources>; jvmHeap?: string }): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const replicas = pool.replicas;
    if (POOL_ROLES[key].includes("controller") && replicas !== undefined && Number.isInteger(replicas) && replicas >= 1 && replicas % 2 === 0) {
        problems.push({ path: [key, "replicas"], message: `must be odd: the KRaft controller quorum needs a majority, and ${replicas} controllers tolerate no more failures than ${replicas - 1}, got ${replicas}` });
    }
    const r = pool.resources ?? {};
    const pairs: [keyof ResolvedResources, keyof ResolvedResources, (q: string) => boolean, (q: string) => number][] = [
        ["requestsCpu", "limitsCpu", isCpuQuantity, cpuMillicores],
        ["requestsMemory", "limitsMemory", isMemoryQuantity, memoryMiB],
    ];
    for (const [request, limit, valid, amount] of pairs) {
        const req = r[request];
        const lim = r[limit];
        if (req === undefined || lim === undefined || !valid(String(req)) || !valid(String(lim))) continue;
        if (amount(String(req)) > amount(String(lim))) {
            problems.push({ path: [key, "resources", request], message: `must be at most resources.${limit} (${String(lim)}), got ${show(req)}` });
        }
    }
    const heap = pool.jvmHeap !== undefined ? jvmSizeMiB(pool.jvmHeap) : undefined;
    const limitsMemory = r.limitsMemory;
    if (heap !== undefined && limitsMemory !== undefined && isMemoryQuantity(String(limitsMemory)) && heap >= memoryMiB(String(limitsMemory))) {
        problems.push({ path: [key, "jvmHeap"], message: `must be less than resources.limitsMemory (${String(limitsMemory)}): Kafka needs memory outside the heap, got ${show(pool.jvmHeap!)}` });
    }
    return problems;
}

/** The number of brokers a layout has. */
export function brokerCountOf(pools: ResolvedNodePool[]): number {
    return pools.filter((p) => p.roles.includes("broker")).reduce((n, p) => n + p.replicas, 0);
}

// ---------------------------------------------------------------------------------------------------
// Manifests

export interface ResolvedKafkaCluster {
    /** The Kafka resource's name; Strimzi prefixes every object of the cluster with it. */
    name: string;
    namespace: string;
    /** The component's name, for the platform's labels. */
    instance: string;
    version: string;
    metadataVersion: string;
    layout: NodeLayout;
    pools: ResolvedNodePool[];
    plainListener: boolean;
    tlsListener: boolean;
    /** The user's broker configuration overrides (the defaults are added by `brokerConfig`). */
    config: BrokerConfig;
    rackTopologyKey?: string;
    metrics: boolean;
    topicOperatorResources: ResolvedResources;
    userOperatorResources: ResolvedResources;
    /** How long `pulumi up` waits for the Kafka resource to be Ready. */
    timeoutSeconds: number;
}

/** `pulumi up` waits until Strimzi reports the resource Ready, at most `timeoutSeconds`. */
export function readyAnnotations(timeoutSeconds: number): Record<string, string> {
    return { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": String(timeoutSeconds) };
}

function resourceRequirements(r: ResolvedResources): Record<string, unknown> {
    return { requests: { cpu: r.requestsCpu, memory: r.requestsMemory }, limits: { cpu: r.limitsCpu, memory: r.limitsMemory } };
}

function labels(cluster: ResolvedKafkaCluster): Record<string, string> {
    return componentLabels(cluster.instance, "kafka");
}

export function brokerCount(cluster: ResolvedKafkaCluster): number {
    return brokerCountOf(cluster.pools);
}

/**
 * One KafkaNodePool: its roles, size, resources and JVM options, and a single JBOD volume that also
 * holds the KRaft metadata log. `deleteClaim: false` keeps the volume claims (the data) when the pool or
 * the cluster is deleted; a new cluster of the same name adopts them.
 */
export function nodePoolManifest(cluster: ResolvedKafkaCluster, pool: ResolvedNodePool): Manifest {
    const jvmOptions: Record<string, unknown> = {};
    if (pool.jvmHeap !== undefined) {
        jvmOptions["-Xms"] = pool.jvmHeap;
        jvmOptions["-Xmx"] = pool.jvmHeap;
    }
    if (Object.keys(pool.jvmFlags).length > 0) jvmOptions["-XX"] = pool.jvmFlags;
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaNodePool",
        metadata: { name: pool.name, namespace: cluster.namespace, labels: { ...labels(cluster), "strimzi.io/cluster": cluster.name } },
        spec: {
            replicas: pool.replicas,
            roles: pool.roles,
            storage: {
                type: "jbod",
                volumes: [
                    {
                        id: 0,
                        type: "persistent-claim",
                        size: pool.storageSize,
                        ...(pool.storageClass !== undefined ? { class: pool.storageClass } : {}),
                        deleteClaim: false,
                        kraftMetadata: "shared",
                    },
                ],
            },
            resources: resourceRequirements(pool.resources),
            ...(Object.keys(jvmOptions).length > 0 ? { jvmOptions } : {}),
        },
    };
}

/** The ConfigMap key that holds the Prometheus JMX exporter's rules. */
export const METRICS_CONFIG_KEY = "kafka-metrics-config.yml";

export function metricsConfigMapName(cluster: ResolvedKafkaCluster): string {
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

export function metricsConfigMapManifest(cluster: ResolvedKafkaCluster): Manifest {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: metricsConfigMapName(cluster), namespace: cluster.namespace, labels: labels(cluster) },
        data: { [METRICS_CONFIG_KEY]: stringify(JMX_EXPORTER_CONFIG, { lineWidth: 0 }) },
    };
}

export function listenersOf(cluster: ResolvedKafkaCluster): Record<string, unknown>[] {
    const listeners: Record<string, unknown>[] = [];
    if (cluster.plainListener) listeners.push({ name: "plain", port: LISTENER_PORTS.plain, type: "internal", tls: false });
    if (cluster.tlsListener) listeners.push({ name: "tls", port: LISTENER_PORTS.tls, type: "internal", tls: true });
    return listeners;
}

/** The broker configuration of the Kafka resource: the defaults for its broker count, then the overrides. */
export function clusterBrokerConfig(cluster: ResolvedKafkaCluster): BrokerConfig {
    return brokerConfig(brokerCount(cluster), cluster.config, cluster.rackTopologyKey !== undefined);
}

/**
 * The Kafka resource: version, listeners, broker configuration, rack awareness, metrics, and the entity
 * operator (Topic and User Operators) with its resources. Nodes come from the KafkaNodePools.
 */
export function kafkaManifest(cluster: ResolvedKafkaCluster): Manifest {
    const kafka: Record<string, unknown> = {
        version: cluster.version,
        metadataVersion: cluster.metadataVersion,
        listeners: listenersOf(cluster),
        config: clusterBrokerConfig(cluster),
    };
    if (cluster.rackTopologyKey !== undefined) kafka.rack = { topologyKey: cluster.rackTopologyKey };
    if (cluster.metrics) {
        kafka.metricsConfig = { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: metricsConfigMapName(cluster), key: METRICS_CONFIG_KEY } } };
    }
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "Kafka",
        metadata: { name: cluster.name, namespace: cluster.namespace, labels: labels(cluster), annotations: readyAnnotations(cluster.timeoutSeconds) },
        spec: {
            kafka,
            entityOperator: {
                topicOperator: { resources: resourceRequirements(cluster.topicOperatorResources) },
                userOperator: { resources: resourceRequirements(cluster.userOperatorResources) },
            },
        },
    };
}

/** Every object of the cluster, in the order they are created: metrics ConfigMap, node pools, Kafka. */
export function kafkaClusterManifests(cluster: ResolvedKafkaCluster): Manifest[] {
    return [...(cluster.metrics ? [metricsConfigMapManifest(cluster)] : []), ...cluster.pools.map((pool) => nodePoolManifest(cluster, pool)), kafkaManifest(cluster)];
}

/** The address clients bootstrap from: Strimzi's `<cluster>-kafka-bootstrap` Service, on the plain or the TLS listener. */
export function bootstrapAddress(cluster: { name: string; namespace: string }, tls = false): string {
    return `${cluster.name}-kafka-bootstrap.${cluster.namespace}.svc:${tls ? LISTENER_PORTS.tls : LISTENER_PORTS.plain}`;
}
