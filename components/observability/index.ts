/** Observability: the platform's alerts (PrometheusRule) and the metric names they read. */
export * from "./alert-metrics";
export * from "./alert-thresholds";
export * from "./alerts";
