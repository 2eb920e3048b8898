/** Observability: the platform's alerts (PrometheusRule) and the metric names they read; what Prometheus scrapes of the platform, as PodMonitors. */
export * from "./alert-metrics";
export * from "./alert-thresholds";
export * from "./alerts";
export * from "./pod-monitors";
export * from "./datasources";
