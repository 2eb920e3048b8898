/** ZooKeeper: an ensemble for Flink's ZooKeeper HA, and its configuration as pure data. */
export * from "./config";
export * from "./ensemble";
export { clientServiceName, headlessServiceName, zookeeperDisruptionBudgets, zookeeperHeapMiB, zookeeperManifests, zookeeperNetworkPolicy, zookeeperSelector } from "./manifests";
export type { ResolvedZooKeeperEnsemble } from "./manifests";
