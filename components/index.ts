/** The reusable components of streaming-platform. Nothing here reads stack configuration. */
export * from "./tenant-namespace";
export { ArgumentError } from "./errors";
