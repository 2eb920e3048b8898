/**
 * Requests of what the kube-prometheus-stack chart runs, from its values: Prometheus and Alertmanager
 * (each pod with the operator's config reloader beside it), Grafana with its sidecars, the operator,
 * kube-state-metrics, and node-exporter on each node (one: minikube; the render has no node count).
 * A resources block the values leave out counts as zero, as the chart's own defaults (`{}`) request nothing.
 */
import { KUBE_PROMETHEUS_STACK_CHART } from "../../components/observability/versions";
import { add, containerRequests, HelmEstimator, Obj, Requests, times, ZERO } from "../pod-requests";

/** The nodes node-exporter's DaemonSet is counted on. */
export const ESTIMATED_NODES = 1;

/** Grafana's sidecars that run as containers of its pod when enabled (the grafana chart's `sidecar.*.enabled`). */
const GRAFANA_SIDECARS = ["alerts", "dashboards", "datasources", "plugins", "notifiers"] as const;

const enabled = (section: Obj | undefined, flag: Obj | undefined = section) => flag?.enabled !== false;

export function kubePrometheusStackRequests(values: Obj): Requests {
    const reloader = containerRequests(values.prometheusOperator?.prometheusConfigReloader?.resources);
    let total = ZERO;
    if (enabled(values.prometheus)) {
        const spec = values.prometheus?.prometheusSpec ?? {};
        total = add(total, times((spec.replicas ?? 1) * (spec.shards ?? 1), add(containerRequests(spec.resources), reloader)));
    }
    if (enabled(values.alertmanager)) {
        const spec = values.alertmanager?.alertmanagerSpec ?? {};
        total = add(total, times(spec.replicas ?? 1, add(containerRequests(spec.resources), reloader)));
    }
    if (enabled(values.grafana)) {
        const g = values.grafana ?? {};
        const sidecars = GRAFANA_SIDECARS.filter((s) => g.sidecar?.[s]?.enabled === true).length;
        total = add(total, times(g.replicas ?? 1, add(containerRequests(g.resources), times(sidecars, containerRequests(g.sidecar?.resources)))));
    }
    if (enabled(values.prometheusOperator)) total = add(total, containerRequests(values.prometheusOperator?.resources));
    if (enabled(values.kubeStateMetrics)) {
        const ksm = values["kube-state-metrics"] ?? {};
        total = add(total, times(ksm.replicas ?? 1, containerRequests(ksm.resources)));
    }
    if (enabled(values.nodeExporter)) total = add(total, times(ESTIMATED_NODES, containerRequests(values["prometheus-node-exporter"]?.resources)));
    return total;
}

export const charts: Record<string, HelmEstimator> = { [KUBE_PROMETHEUS_STACK_CHART]: kubePrometheusStackRequests };
