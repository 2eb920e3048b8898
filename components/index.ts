/** The reusable components of streaming-platform. Nothing here reads stack configuration. */
export * from "./namespace/tenant-namespace";
export * from "./zookeeper/config";
export * from "./zookeeper/ensemble";
export * from "./flink/storage";
export * from "./flink/config";
export * from "./flink/operator";
export * from "./flink/application";
export * from "./flink/session-cluster";
export * from "./storage/in-cluster-object-store";
export * from "./kafka/strimzi-operator";
export * from "./kafka/cluster";
export * from "./kafka/topic";
export { KAFKA_VERSION, SUPPORTED_KAFKA_VERSIONS, durabilityDefaults, brokerConfig } from "./kafka/config";
export { ArgumentError } from "./core/problems";
