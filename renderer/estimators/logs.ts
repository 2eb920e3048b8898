/** Requests of the logs stack's charts: Loki's pods (monolithic, and a gateway if enabled) and Alloy's (Alloy and its config reloader). */
import { ALLOY_CHART, LOKI_CHART } from "../../components/observability/logs-versions";
import { add, containerRequests, HelmEstimator, Obj, times, ZERO } from "../pod-requests";

const MONOLITHIC_MODES = ["Monolithic", "SingleBinary"];

/** Loki: `singleBinary.replicas` pods of `singleBinary.resources` in monolithic mode, and the gateway's unless `gateway.enabled` is false. */
export const lokiChart: HelmEstimator = (values: Obj) => {
    let total = ZERO;
    if (MONOLITHIC_MODES.includes(values.deploymentMode)) total = times(values.singleBinary?.replicas ?? 1, containerRequests(values.singleBinary?.resources));
    if (values.gateway?.enabled !== false) total = add(total, times(values.gateway?.replicas ?? 1, containerRequests(values.gateway?.resources)));
    return total;
};

/** The chart's config reloader requests when its values set none (values.yaml: 10m / 50Mi). */
const CONFIG_RELOADER_DEFAULT = { requests: { cpu: "10m", memory: "50Mi" } };

/** Alloy: `controller.replicas` pods (a DaemonSet's node count is unknown: one pod), each Alloy's and the reloader's requests. */
export const alloyChart: HelmEstimator = (values: Obj) => {
    const reloader = values.configReloader?.enabled === false ? ZERO : containerRequests(values.configReloader?.resources ?? CONFIG_RELOADER_DEFAULT);
    const pod = add(containerRequests(values.alloy?.resources), reloader);
    return times(values.controller?.type === "daemonset" ? 1 : (values.controller?.replicas ?? 1), pod);
};

export const charts: Record<string, HelmEstimator> = { [LOKI_CHART.chart]: lokiChart, [ALLOY_CHART.chart]: alloyChart };
