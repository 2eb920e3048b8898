/**
 * Observability: ObservabilityStack (kube-prometheus-stack, Loki, Alloy, the platform's monitors, alerts
 * and dashboards) and the pure builders under it: the alerts (PrometheusRule) and the metric names they
 * and the dashboards read, the PodMonitors, the dashboards, the charts' values and policies.
 */
export * from "./alert-metrics";
export * from "./alert-thresholds";
export * from "./alerts";
export * from "./alloy-config";
export * from "./dashboard-metrics";
export * from "./dashboards";
export * from "./datasources";
export * from "./logs-args";
export * from "./logs-chart";
export * from "./logs-network";
export * from "./logs-problems";
export * from "./logs-versions";
export * from "./metrics-stack-alertmanager";
export * from "./metrics-stack-args";
export * from "./metrics-stack-chart";
export * from "./metrics-stack-network";
export * from "./metrics-stack-problems";
export * from "./observability-stack";
export * from "./observability-stack-args";
export * from "./pod-monitors";
export * from "./versions";
