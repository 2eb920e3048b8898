/**
 * The logs stack's NetworkPolicies. Namespaces deny by default both ways, egress within a namespace is
 * allowed and the destination admits its clients, so: Loki admits Alloy and Grafana on its HTTP port,
 * and Alloy reaches the Kubernetes API (discovery and log tailing); with a bucket, Loki reaches it and
 * its credential endpoints. Pure: no Pulumi.
 */
import { componentLabels } from "../core/labels";
import { ANY_ADDRESS, KUBE_API_PORTS, networkPolicy } from "../core/network";
import type { NetworkPolicy } from "../core/objects";
import { alloyPodLabels } from "./alloy-config";
import type { ResolvedLogs } from "./logs-args";
import { LOKI_HTTP_PORT, lokiPodLabels } from "./logs-chart";

/** The Grafana pods that query Loki (the Grafana chart's `app.kubernetes.io/name`). */
export const GRAFANA_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "grafana" };

/** S3, GCS and STS answer HTTPS at addresses no policy can list. */
export const BUCKET_PORT = 443;

/**
 * Loki's egress to its bucket: any address on 443 but the API server's (where the stack knows them, so
 * the bucket's rule opens no way to the API), and the node-local endpoints of its credentials.
 */
function bucketEgressPolicy(o: ResolvedLogs): NetworkPolicy {
    const apiServer = o.apiServerCidrs.filter((cidr) => cidr !== ANY_ADDRESS);
    return networkPolicy({
        name: `allow-bucket-egress-${o.lokiReleaseName}`,
        namespace: o.namespace,
        labels: componentLabels(o.lokiReleaseName, "loki"),
        podLabels: lokiPodLabels(o.lokiReleaseName),
        egress: [
            { cidr: ANY_ADDRESS, ...(apiServer.length > 0 ? { except: apiServer } : {}), ports: [BUCKET_PORT] },
            ...o.storage.credentialEndpoints.map((e) => ({ cidr: e.cidr, ports: [e.port] })),
        ],
    });
}

export function logsNetworkPolicies(o: ResolvedLogs): NetworkPolicy[] {
    const labels = (component: string) => componentLabels(o.lokiReleaseName, component);
    const bucket = o.storage.backend === "s3" || o.storage.backend === "gcs";
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
        ...(bucket ? [bucketEgressPolicy(o)] : []),
    ];
}
