import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { createObject } from "../core/objects";
import {
    bootstrapAddress,
    brokerConfigProblems,
    brokerCountOf,
    clusterBrokerConfig,
    ConfigProblem,
    ConfigValue,
    DEFAULT_NODE_REPLICAS,
    isJvmSize,
    KAFKA_VERSION,
    kafkaClusterManifests,
    NODE_LAYOUTS,
    NodeLayout,
    NodePoolKey,
    nodePoolRelationProblems,
    POOL_ROLES,
    ResolvedKafkaCluster,
    ResolvedNodePool,
    ResolvedResources,
    SUPPORTED_KAFKA_VERSIONS,
} from "./config";
import { KafkaTopic, KafkaTopicArgs } from "./topic";
import { isDnsLabel } from "../core/labels";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";

/** Requests and limits of one container. */
export interface ContainerResourcesArgs {
    /** CPU request. @default depends on the container (see its field) */
    requestsCpu?: string;
    /** Memory request. @default depends on the container */
    requestsMemory?: string;
    /** CPU limit. @default depends on the container */
    limitsCpu?: string;
    /** Memory limit. @default depends on the container */
    limitsMemory?: string;
}

/** One pool of Kafka nodes (a KafkaNodePool): how many, their disks, resources and JVM. */
export interface KafkaNodePoolArgs {
    /**
     * Number of nodes. A pool with the controller role must have an odd number (1, 3, 5).
     * @default combined: 1; controllers: 3; brokers: 3
     */
    replicas?: number;
    /** Size of each node's persistent volume claim. @default combined and brokers: "100Gi"; controllers: "10Gi" */
    storageSize?: string;
    /** StorageClass of the claims. @default the cluster's default StorageClass */
    storageClass?: string;
    /**
     * Requests and limits of each node.
     * @default combined and brokers: requests 1 CPU / 4Gi, limits 2 CPU / 4Gi; controllers: requests 500m / 1Gi, limits 1 CPU / 1Gi
     */
    resources?: ContainerResourcesArgs;
    /** JVM heap (-Xms and -Xmx), such as "2g"; below the memory limit. @default Strimzi sizes it from the memory limit */
    jvmHeap?: string;
    /** JVM -XX options, such as `{ UseG1GC: "true" }`. @default {} */
    jvmFlags?: Record<string, string>;
}

export interface KafkaClusterArgs {
    /** Namespace of the cluster; a namespace that the Strimzi operator watches. */
    namespace: string;
    /** Name of the Kafka resource; prefixes every object of the cluster (`<name>-kafka-bootstrap`). @default the component's name */
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
    /** A TLS listener for clients inside the cluster, on port 9093. @default false */
    tlsListener?: boolean;
    /**
     * Broker configuration on top of the platform's (`brokerConfig`): durability derived from the
     * broker count (three or more brokers: `default.replication.factor` 3, `min.insync.replicas` 2; one:
     * 1 and 1; two: 2 and 1), unclean leader election off, no automatic topic creation. A replication
     * factor above the broker count, or a minimum ISR above its replication factor, is an error; keys
     * that Strimzi manages (listeners, TLS, KRaft roles) are refused.
     * @default {}
     */
    config?: Record<string, ConfigValue>;
    /**
     * Node label whose value is a broker's rack (`broker.rack`), so replicas spread across zones and
     * consumers read from their own zone. Set it on clusters that span zones.
     * @default no rack awareness
     */
    rackTopologyKey?: string;
    /** Prometheus metrics through Strimzi's JMX exporter (port 9404), with the rules in a ConfigMap. @default true */
    metrics?: boolean;
    /** Resources of the Topic Operator. @default requests 100m / 256Mi, limits 500m / 256Mi */
    topicOperatorResources?: ContainerResourcesArgs;
    /** Resources of the User Operator. @default requests 100m / 256Mi, limits 500m / 256Mi */
    userOperatorResources?: ContainerResourcesArgs;
    /** How long `pulumi up` waits for the cluster to be Ready (Strimzi's condition), in seconds. @default 600 */
    timeoutSeconds?: number;
}

const COMPONENT = "KafkaCluster";

const DEFAULT_STORAGE: Record<NodePoolKey, string> = { combined: "100Gi", controllers: "10Gi", brokers: "100Gi" };

const DEFAULT_NODE_RESOURCES: Record<NodePoolKey, ResolvedResources> = {
    combined: { requestsCpu: "1", requestsMemory: "4Gi", limitsCpu: "2", limitsMemory: "4Gi" },
    controllers: { requestsCpu: "500m", requestsMemory: "1Gi", limitsCpu: "1", limitsMemory: "1Gi" },
    brokers: { requestsCpu: "1", requestsMemory: "4Gi", limitsCpu: "2", limitsMemory: "4Gi" },
};

const DEFAULT_OPERATOR_RESOURCES: ResolvedResources = { requestsCpu: "100m", requestsMemory: "256Mi", limitsCpu: "500m", limitsMemory: "256Mi" };

function resolveResources(args: ContainerResourcesArgs | undefined, defaults: ResolvedResources): ResolvedResources {
    return {
        requestsCpu: args?.requestsCpu ?? defaults.requestsCpu,
        requestsMemory: args?.requestsMemory ?? defaults.requestsMemory,
        limitsCpu: args?.limitsCpu ?? defaults.limitsCpu,
        limitsMemory: args?.limitsMemory ?? defaults.limitsMemory,
    };
}

function resolvePool(key: NodePoolKey, args: KafkaNodePoolArgs | undefined): ResolvedNodePool {
    return {
        name: key,
        roles: POOL_ROLES[key],
        replicas: args?.replicas ?? DEFAULT_NODE_REPLICAS[key],
        storageSize: args?.storageSize ?? DEFAULT_STORAGE[key],
        storageClass: args?.storageClass,
        resources: resolveResources(args?.resources, DEFAULT_NODE_RESOURCES[key]),
        jvmHeap: args?.jvmHeap,
        jvmFlags: args?.jvmFlags ?? {},
    };
}

/** The pools of a layout; an unknown layout gets none (validation reports it). */
export function poolKeysOf(layout: string): NodePoolKey[] {
    if (layout === "combined") return ["combined"];
    if (layout === "separate") return ["controllers", "brokers"];
    return [];
}

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveKafkaClusterArgs(name: string, args: KafkaClusterArgs): ResolvedKafkaCluster {
    const layout = (args.layout ?? "separate") as NodeLayout;
    const version = args.kafkaVersion ?? KAFKA_VERSION;
    return {
        name: args.clusterName ?? name,
        namespace: args.namespace,
        instance: name,
        version,
        metadataVersion: SUPPORTED_KAFKA_VERSIONS[version] ?? "",
        layout,
        pools: poolKeysOf(layout).map((key) => resolvePool(key, args[key])),
        plainListener: args.plainListener ?? true,
        tlsListener: args.tlsListener ?? false,
        config: args.config ?? {},
        rackTopologyKey: args.rackTopologyKey,
        metrics: args.metrics ?? true,
        topicOperatorResources: resolveResources(args.topicOperatorResources, DEFAULT_OPERATOR_RESOURCES),
        userOperatorResources: resolveResources(args.userOperatorResources, DEFAULT_OPERATOR_RESOURCES),
        timeoutSeconds: args.timeoutSeconds ?? 600,
    };
}

function checkResources(checks: ArgumentChecks, at: string, r: ResolvedResources): void {
    for (const key of ["requestsCpu", "limitsCpu"] as const) {
        checks.check(isCpuQuantity(r[key]), `${at}.${key} must be a CPU quantity such as "500m" or "2", got "${r[key]}"`);
    }
    for (const key of ["requestsMemory", "limitsMemory"] as const) {
        checks.check(isMemoryQuantity(r[key]), `${at}.${key} must be a quantity such as "512Mi" or "4Gi", got "${r[key]}"`);
    }
}

function checkProblems(checks: ArgumentChecks, problems: ConfigProblem[]): void {
    for (const problem of problems) checks.check(false, `${problem.path.join(".")} ${problem.message}`);
}

/** Every problem of the arguments, each naming the argument and what is allowed. */
export function validateKafkaCluster(name: string, args: KafkaClusterArgs, resolved: ResolvedKafkaCluster): ArgumentChecks {
    const checks = new ArgumentChecks(COMPONENT, name);
    const c = resolved;
    checks.check(isDnsLabel(c.namespace), `namespace must be a DNS label, got "${c.namespace}"`);
    // Strimzi names Services `<cluster>-kafka-bootstrap` and pods `<cluster>-<pool>-<id>`: keep room in 63 characters.
    checks.check(isDnsLabel(c.name) && c.name.length <= 40, `clusterName must be a DNS label of at most 40 characters, got "${c.name}"`);
    checks.check(
        c.version in SUPPORTED_KAFKA_VERSIONS,
        `kafkaVersion must be one of ${Object.keys(SUPPORTED_KAFKA_VERSIONS).join(", ")} (the versions the pinned Strimzi runs), got "${c.version}"`,
    );
    const layoutKnown = (NODE_LAYOUTS as readonly string[]).includes(c.layout);
    checks.check(layoutKnown, `layout must be one of ${NODE_LAYOUTS.join(", ")}, got "${c.layout}"`);
    if (layoutKnown) {
        for (const key of ["combined", "controllers", "brokers"] as const) {
            if (args[key] !== undefined && !poolKeysOf(c.layout).includes(key)) {
                checks.check(false, `${key} is only used when layout is "${key === "combined" ? "combined" : "separate"}", and layout is "${c.layout}"`);
            }
        }
    }
    for (const pool of c.pools) {
        checks.check(Number.isInteger(pool.replicas) && pool.replicas >= 1, `${pool.name}.replicas must be a whole number, 1 or more, got ${pool.replicas}`);
        checks.check(isMemoryQuantity(pool.storageSize), `${pool.name}.storageSize must be a quantity such as "10Gi", got "${pool.storageSize}"`);
        checks.check(pool.storageClass === undefined || pool.storageClass.length > 0, `${pool.name}.storageClass must not be empty`);
        checkResources(checks, `${pool.name}.resources`, pool.resources);
        checks.check(pool.jvmHeap === undefined || isJvmSize(pool.jvmHeap), `${pool.name}.jvmHeap must be a JVM size such as "512m" or "2g", got "${pool.jvmHeap}"`);
        checkProblems(checks, nodePoolRelationProblems(pool.name, pool));
    }
    checks.check(c.plainListener || c.tlsListener, "plainListener and tlsListener cannot both be false: clients need a listener");
    const brokers = brokerCountOf(c.pools);
    if (c.pools.length > 0 && c.pools.every((p) => Number.isInteger(p.replicas) && p.replicas >= 1)) {
        checkProblems(checks, brokerConfigProblems(brokers, c.config));
    }
    checks.check(c.rackTopologyKey === undefined || c.rackTopologyKey.length > 0, "rackTopologyKey must not be empty");
    checkResources(checks, "topicOperatorResources", c.topicOperatorResources);
    checkResources(checks, "userOperatorResources", c.userOperatorResources);
    checks.check(Number.isInteger(c.timeoutSeconds) && c.timeoutSeconds > 0, `timeoutSeconds must be a whole number above 0, got ${c.timeoutSeconds}`);
    return checks;
}

/**
 * A Kafka cluster in KRaft mode, run by the Strimzi operator: a `Kafka` resource (listeners, broker
 * configuration with durability derived from the broker count, rack awareness, metrics, the Topic and
 * User Operators) and its `KafkaNodePool`s (one combined pool, or controllers and brokers), whose
 * persistent volume claims are kept when the cluster is deleted. Needs the Strimzi operator
 * (`StrimziOperator`) watching its namespace: create it with `dependsOn` on the operator.
 */
export class KafkaCluster extends pulumi.ComponentResource {
    /** Name of the Kafka resource. */
    public readonly clusterName: pulumi.Output<string>;
    /** Where clients bootstrap from: the plain listener's address, or the TLS listener's when there is no plain one. */
    public readonly bootstrapServers: pulumi.Output<string>;
    /** The TLS listener's address; undefined without a TLS listener. */
    public readonly tlsBootstrapServers: pulumi.Output<string | undefined>;
    /** Number of brokers, which bounds every topic's replication factor. */
    public readonly brokerCount: pulumi.Output<number>;
    /** The replication factor that topics get when they set none (`default.replication.factor`). */
    public readonly defaultReplicationFactor: pulumi.Output<number>;

    private readonly resolved: ResolvedKafkaCluster;
    private readonly kafka: pulumi.CustomResource;

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveKafkaClusterArgs(name, args);
        validateKafkaCluster(name, args, resolved).throwIfAny();
        super("streaming-platform:index:KafkaCluster", name, {}, opts);
        this.resolved = resolved;

        const manifests = kafkaClusterManifests(resolved);
        const objects = manifests.map((manifest) => createObject(name, manifest, { parent: this }));
        this.kafka = objects[objects.length - 1];

        const brokers = brokerCountOf(resolved.pools);
        const config = clusterBrokerConfig(resolved);
        this.clusterName = pulumi.output(resolved.name);
        this.bootstrapServers = pulumi.output(bootstrapAddress(resolved, !resolved.plainListener));
        this.tlsBootstrapServers = pulumi.output(resolved.tlsListener ? bootstrapAddress(resolved, true) : undefined);
        this.brokerCount = pulumi.output(brokers);
        this.defaultReplicationFactor = pulumi.output(Number(config["default.replication.factor"]));
        this.registerOutputs({
            clusterName: this.clusterName,
            bootstrapServers: this.bootstrapServers,
            tlsBootstrapServers: this.tlsBootstrapServers,
            brokerCount: this.brokerCount,
            defaultReplicationFactor: this.defaultReplicationFactor,
        });
    }

    /**
     * A topic of this cluster, named `topicName` in Kafka, checked against the cluster's broker count;
     * without `replicas` it gets the cluster's `default.replication.factor`, written out so that the
     * render shows it. The component is named `<cluster component>-<topicName>` and is a child of this cluster.
     */
    addTopic(topicName: string, args: Omit<KafkaTopicArgs, "clusterName" | "namespace" | "brokers" | "topicName"> = {}): KafkaTopic {
        return new KafkaTopic(
            `${this.resolved.instance}-${topicName}`,
            {
                ...args,
                topicName,
                clusterName: this.resolved.name,
                namespace: this.resolved.namespace,
                brokers: brokerCountOf(this.resolved.pools),
                replicas: args.replicas ?? Number(clusterBrokerConfig(this.resolved)["default.replication.factor"]),
            },
            { parent: this, dependsOn: [this.kafka] },
        );
    }
}
