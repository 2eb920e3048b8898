/**
 * Flink: the operator, application and session clusters, the storage contract checkpoint stores
 * fulfil, and the clusters' configuration and objects as pure data.
 */
export * from "./application";
export * from "./artifacts";
export * from "./cluster-args";
export { FLINK_CLUSTER_NAME_MAX, flinkClusterProblems, flinkJobProblems } from "./cluster-problems";
export * from "./config";
export * from "./deployment";
export * from "./kafka";

export * from "./manifests";
export * from "./operator";
export * from "./session-cluster";
export * from "./storage";
