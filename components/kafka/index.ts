/** Kafka on Strimzi: the operator, a KRaft cluster and its topics, and their configuration as pure data. */
export * from "./versions";
export * from "./broker-config";
export {
    DEFAULT_NODE_REPLICAS,
    isJvmSize,
    jvmSizeMiB,
    MAX_CLUSTER_NAME_LENGTH,
    NODE_LAYOUTS,
    NODE_POOL_KEYS,
    nodePoolManifest,
    nodePoolName,
    nodePoolProblems,
    POOL_ROLES,
    poolKeysOf,
    resolveNodePool,
} from "./node-pools";
export type { KafkaNodePoolArgs, NodeLayout, NodePoolKey, ResolvedNodePool } from "./node-pools";
export * from "./metrics";
export * from "./listeners";
export * from "./pod-labels";
export * from "./manifests";
export * from "./cluster-args";
export * from "./cluster-problems";
export * from "./cluster-topics";
export * from "./cluster-users";
export * from "./cluster";
export * from "./topic-manifest";
export * from "./topic";
export * from "./user-args";
export * from "./user-manifests";
export * from "./user-problems";
export * from "./user";
export * from "./strimzi-chart";
export * from "./strimzi-operator";
