/** The building blocks every component shares: problems, quantities, resources, security, labels, typed objects. */
export * from "./labels";
// The per-kind object types (Kafka, KafkaTopic, …) stay in core/objects: their names are the components'.
export { createObject, objectResourceName } from "./objects";
export type { Manifest, ObjectMeta } from "./objects";
export * from "./problems";
export * from "./quantity";
export * from "./resources";
export * from "./security";
export * from "./wait";
export * from "./helm-values";
export * from "./outputs";
export * from "./network";
export * from "./credential-endpoints";
