/** Observability: what Prometheus scrapes of the platform, as PodMonitors (pure data). */
export * from "./pod-monitors";
