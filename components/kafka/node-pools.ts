/**
 * The node pools of a Kafka cluster (Strimzi KafkaNodePools): the layouts and their pools, the pools'
 * defaults and problems, and their manifests. Pure: no Pulumi.
 */
import { componentLabels } from "../core/labels";
import type { KafkaNodePool } from "../core/objects";
import { isMemoryQuantity, memoryMiB } from "../core/quantity";
import { containerResources, ResolvedResources, resolveResources, ResourcesArgs, resourcesProblems } from "../core/resources";
import { Problem, Problems } from "../core/problems";
import { STRIMZI_API_VERSION } from "./versions";

export const NODE_LAYOUTS = ["combined", "separate"] as const;
export type NodeLayout = (typeof NODE_LAYOUTS)[number];

export const NODE_POOL_KEYS = ["combined", "controllers", "brokers"] as const;
export type NodePoolKey = (typeof NODE_POOL_KEYS)[number];
type Role = "controller" | "broker";

/** The Strimzi node pool roles of each pool of a layout. */
export const POOL_ROLES: Readonly<Record<NodePoolKey, readonly Role[]>> = {
    combined: ["controller", "broker"],
    controllers: ["controller"],
    brokers: ["broker"],
};

/** Node counts when none is given: a single laptop node, or a production quorum of three and three brokers. */
export const DEFAULT_NODE_REPLICAS: Readonly<Record<NodePoolKey, number>> = { combined: 1, controllers: 3, brokers: 3 };

const DEFAULT_STORAGE: Readonly<Record<NodePoolKey, string>> = { combined: "100Gi", controllers: "10Gi", brokers: "100Gi" };

const DEFAULT_NODE_RESOURCES: Readonly<Record<NodePoolKey, ResolvedResources>> = {
    combined: { requestsCpu: "1", requestsMemory: "4Gi", limitsCpu: "2", limitsMemory: "4Gi" },
    controllers: { requestsCpu: "500m", requestsMemory: "1Gi", limitsCpu: "1", limitsMemory: "1Gi" },
    brokers: { requestsCpu: "1", requestsMemory: "4Gi", limitsCpu: "2", limitsMemory: "4Gi" },
};

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
    resources?: ResourcesArgs;
    /** JVM heap (-Xms and -Xmx), such as "2g"; below the memory limit. @default Strimzi sizes it from the memory limit */
    jvmHeap?: string;
    /** JVM -XX options, such as `{ UseG1GC: "true" }`. @default {} */
    jvmFlags?: Record<string, string>;
}

export interface ResolvedNodePool {
    /** The pool's key in the args, and its role in the layout. */
    key: NodePoolKey;
    /** The KafkaNodePool's name: `nodePoolName`. */
    name: string;
    roles: Role[];
    replicas: number;
    storageSize: string;
    storageClass?: string;
    resources: ResolvedResources;
    jvmHeap?: string;
    jvmFlags: Record<string, string>;
}

/** The pools of a layout; an unknown layout gets none (its problem says why). */
export function poolKeysOf(layout: string): NodePoolKey[] {
    if (layout === "combined") return ["combined"];
    if (layout === "separate") return ["controllers", "brokers"];
    return [];
}

/**
 * A KafkaNodePool is a namespaced object of its own, so its name carries the cluster's: two clusters
 * in one namespace each have their `brokers`. Strimzi then names the pool's pods
 * `<cluster>-<pool name>-<node id>`, which holds the cluster's name twice (`events-events-brokers-0`).
 */
export function nodePoolName(clusterName: string, key: NodePoolKey): string {
    return `${clusterName}-${key}`;
}

/** Room for "-<node id>" in a pod's name, for node IDs up to 9999. */
const NODE_ID_ROOM = 5;

/**
 * The longest cluster name whose pods' names fit a DNS label (63 characters, which their hostnames and
 * `statefulset.kubernetes.io/pod-name` labels need) in every pool: `<name>-<name>-controllers-9999`.
 */
export const MAX_CLUSTER_NAME_LENGTH = Math.floor((63 - NODE_ID_ROOM - 2 - Math.max(...NODE_POOL_KEYS.map((key) => key.length))) / 2);

export function resolveNodePool(clusterName: string, key: NodePoolKey, args: KafkaNodePoolArgs | undefined): ResolvedNodePool {
    return {
        key,
        name: nodePoolName(clusterName, key),
        roles: [...POOL_ROLES[key]],
        replicas: args?.replicas ?? DEFAULT_NODE_REPLICAS[key],
        storageSize: args?.storageSize ?? DEFAULT_STORAGE[key],
        storageClass: args?.storageClass,
        resources: resolveResources(args?.resources, DEFAULT_NODE_RESOURCES[key]),
        jvmHeap: args?.jvmHeap,
        jvmFlags: args?.jvmFlags ?? {},
    };
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

/** A whole number of nodes, 1 or more. */
export function validReplicas(replicas: number): boolean {
    return Number.isInteger(replicas) && replicas >= 1;
}

/**
 * Every problem of one pool, paths relative to the pool: its size (a controller quorum must be odd),
 * storage, resources, and a heap that leaves room below the memory limit (Kafka lives on the page cache).
 */
export function nodePoolProblems(pool: ResolvedNodePool): Problem[] {
    const { replicas, jvmHeap, resources } = pool;
    const problems = new Problems().check(validReplicas(replicas), "replicas", `must be a whole number, 1 or more, got ${JSON.stringify(replicas)}`);
    if (validReplicas(replicas) && pool.roles.includes("controller")) {
        problems.check(
            replicas % 2 === 1,
            "replicas",
            `must be odd: the KRaft controller quorum needs a majority, and ${replicas} controllers tolerate no more failures than ${replicas - 1}, got ${replicas}`,
        );
    }
    problems
        .check(isMemoryQuantity(pool.storageSize), "storageSize", `must be a quantity such as "10Gi", got ${JSON.stringify(pool.storageSize)}`)
        .check(pool.storageClass === undefined || pool.storageClass.length > 0, "storageClass", 'must not be empty, got ""')
        .add("resources", resourcesProblems(resources))
        .check(jvmHeap === undefined || isJvmSize(jvmHeap), "jvmHeap", `must be a JVM size such as "512m" or "2g", got ${JSON.stringify(jvmHeap)}`);
    const heap = jvmHeap !== undefined ? jvmSizeMiB(jvmHeap) : undefined;
    if (heap !== undefined && isMemoryQuantity(resources.limitsMemory)) {
        problems.check(
            heap < memoryMiB(resources.limitsMemory),
            "jvmHeap",
            `must be less than resources.limitsMemory (${resources.limitsMemory}): Kafka needs memory outside the heap, got ${JSON.stringify(jvmHeap)}`,
        );
    }
    return problems.list;
}

/** The number of brokers a layout has. */
export function brokerCountOf(pools: readonly ResolvedNodePool[]): number {
    return pools.filter((p) => p.roles.includes("broker")).reduce((n, p) => n + p.replicas, 0);
}

/** What a pool's manifest needs of its cluster. */
export interface NodePoolCluster {
    /** The Kafka resource's name. */
    name: string;
    namespace: string;
    /** The component's name, for the platform's labels. */
    instance: string;
}

/**
 * One KafkaNodePool: its roles, size, resources and JVM options, and a single JBOD volume that also
 * holds the KRaft metadata log. `deleteClaim: false` keeps the volume claims (the data) when the pool or
 * the cluster is deleted; a new cluster of the same name adopts them.
 */
export function nodePoolManifest(cluster: NodePoolCluster, pool: ResolvedNodePool): KafkaNodePool {
    const jvmOptions: NonNullable<KafkaNodePool["spec"]["jvmOptions"]> = {};
    if (pool.jvmHeap !== undefined) {
        jvmOptions["-Xms"] = pool.jvmHeap;
        jvmOptions["-Xmx"] = pool.jvmHeap;
    }
    if (Object.keys(pool.jvmFlags).length > 0) jvmOptions["-XX"] = pool.jvmFlags;
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaNodePool",
        metadata: { name: pool.name, namespace: cluster.namespace, labels: { ...componentLabels(cluster.instance, "kafka"), "strimzi.io/cluster": cluster.name } },
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
            resources: containerResources(pool.resources),
            ...(Object.keys(jvmOptions).length > 0 ? { jvmOptions } : {}),
        },
    };
}
