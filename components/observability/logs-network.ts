/**
 * The logs stack's NetworkPolicies. Namespaces deny by default both ways, egress within a namespace is
 * allowed and the destination admits its clients, so: Loki admits Alloy and Grafana on its HTTP port,
 * and Alloy reaches the Kubernetes API (discovery and log tailing). Pure: no Pulumi.
 */
import { componentLabels } from "../core/labels";
import { KUBE_API_PORTS, networkPolicy } from "../core/network";
import type { NetworkPolicy } from "../core/objects";
import { alloyPodLabels } from "./alloy-config";
import type { ResolvedLogs } from "./logs-args";
import { LOKI_HTTP_PORT, lokiPodLabels } from "./logs-chart";

/** The Grafana pods that query Loki (the Grafana chart's `app.kubernetes.io/name`). */
export const GRAFANA_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "grafana" };

export function logsNetworkPolicies(o: ResolvedLogs): NetworkPolicy[] {
    const labels = (component: string) => componentLabels(o.lokiReleaseName, component);
    return [
        networkPolicy({
            name: `${o.lokiReleaseName}-from-clients`,
            namespace: o.namespace,
            labels: labels("loki"),
            podLabels: lokiPodLabels(o.lokiReleaseName),
            ingress: [
                { namespace: o.namespace, podLabels: alloyPodLabels(o.alloyReleaseName), ports: [LOKI_HTTP_PORT] },
                { namespace: o.grafanaNamespace, podLabels: { ...GRAFANA_POD_LABELS }, ports: [LOKI_HTTP_PORT] },
            ],
        }),
        networkPolicy({
            name: `allow-kube-api-egress-${o.alloyReleaseName}`,
            namespace: o.namespace,
            labels: componentLabels(o.alloyReleaseName, "alloy"),
            podLabels: alloyPodLabels(o.alloyReleaseName),
            egress: o.apiServerCidrs.map((cidr) => ({ cidr, ports: [...KUBE_API_PORTS] })),
        }),
    ];
}
