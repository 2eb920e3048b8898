/**
 * The reusable components of streaming-platform (`streaming-platform`). Nothing here reads stack
 * configuration. The cloud buckets have entry points of their own (`streaming-platform/aws`,
 * `streaming-platform/gcp`), so a program that does not use them needs neither cloud's provider.
 */
export * from "./core";
export * from "./namespace";
export * from "./zookeeper";
export * from "./flink";
export * from "./kafka";
export * from "./storage";
export * from "./observability";
export * from "./demo";
