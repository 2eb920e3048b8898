/**
 * The metrics stack's NetworkPolicies (pure: no Pulumi). Every namespace denies both ways by default
 * and lets its pods connect to its own pods, whose policies decide who gets in; so these admit, at each
 * destination, exactly the stack's own pairs, and open egress only where it leaves the namespace:
 *
 *   Grafana → Prometheus (9090) and Alertmanager (9093); Prometheus → Alertmanager (9093 and its config
 *   reloader's 8080, the chart's Alertmanager ServiceMonitor) and kube-state-metrics (8080);
 *   Prometheus → node-exporter in its own namespace (9100: egress here, ingress there) and the kubelets
 *   (10250); the operator, kube-state-metrics and Grafana (its dashboard and datasource sidecars) → the
 *   Kubernetes API; Alertmanager → its receivers (Slack on 443, the SMTP server's port), when it has any.
 *   Prometheus' own API egress and scrape targets are the stack's network plan's.
 *
 * node-exporter runs on the host's network, where its pod IP is the node's: policies that select it by
 * pod labels are left undefined for such pods by the NetworkPolicy API, so Prometheus also gets egress
 * to the node addresses (`nodeCidrs`) on 9100, as it needs for the kubelets.
 */
import { componentLabels } from "../core/labels";
import { ANY_ADDRESS, NetworkPeerArgs, networkPolicy } from "../core/network";
import type { NetworkPolicy } from "../core/objects";
import type { ResolvedMetricsStack } from "./metrics-stack-args";
import { METRICS_STACK_PORTS as PORTS, metricsStackPodLabels } from "./metrics-stack-chart";

/**
 * Where Alertmanager sends notifications: Slack's webhook on 443 and the SMTP server on its port, at
 * addresses no policy can list, so on those ports only.
 */
export function alertmanagerReceiverPorts(o: Pick<ResolvedMetricsStack, "slack" | "email">): number[] {
    const ports = new Set<number>();
    if (o.slack !== undefined) ports.add(HTTPS_PORT);
    const smtpPort = o.email?.smarthost !== undefined ? Number(o.email.smarthost.slice(o.email.smarthost.lastIndexOf(":") + 1)) : NaN;
    if (Number.isInteger(smtpPort)) ports.add(smtpPort);
    return [...ports].sort((a, b) => a - b);
}

const HTTPS_PORT = 443;

export function metricsStackNetworkPolicies(o: ResolvedMetricsStack): NetworkPolicy[] {
    const pods = metricsStackPodLabels(o);
    const labels = componentLabels(o.instance, "metrics-stack");
    const policy = (name: string, namespace: string, podLabels: Record<string, string>, rules: { ingress?: NetworkPeerArgs[]; egress?: NetworkPeerArgs[] }) =>
        networkPolicy({ name: `${o.releaseName}-${name}`, namespace, labels, podLabels: { ...podLabels }, ...rules });
    const kubeApi = (): NetworkPeerArgs[] => o.kubeApiCidrs.map((cidr) => ({ cidr, ports: [...o.kubeApiPorts] }));

    const policies = [
        policy("prometheus-ingress", o.namespace, pods.prometheus, { ingress: [{ podLabels: { ...pods.grafana }, ports: [PORTS.prometheus] }] }),
        policy("alertmanager-ingress", o.namespace, pods.alertmanager, {
            ingress: [
                { podLabels: { ...pods.grafana }, ports: [PORTS.alertmanager] },
                { podLabels: { ...pods.prometheus }, ports: [PORTS.alertmanager, PORTS.configReloader] },
            ],
        }),
        policy("kube-state-metrics-ingress", o.namespace, pods.kubeStateMetrics, { ingress: [{ podLabels: { ...pods.prometheus }, ports: [PORTS.kubeStateMetrics] }] }),
        policy("operator-kube-api-egress", o.namespace, pods.operator, { egress: kubeApi() }),
        policy("kube-state-metrics-kube-api-egress", o.namespace, pods.kubeStateMetrics, { egress: kubeApi() }),
        policy("grafana-kube-api-egress", o.namespace, pods.grafana, { egress: kubeApi() }),
    ];

    const nodePorts = [...(o.nodeExporter ? [PORTS.nodeExporter] : []), ...(o.scrapeKubelet ? [PORTS.kubelet] : [])];
    const nodeEgress: NetworkPeerArgs[] = [
        ...(o.nodeExporter ? [{ namespace: o.nodeExporterNamespace, podLabels: { ...pods.nodeExporter }, ports: [PORTS.nodeExporter] }] : []),
        ...(nodePorts.length > 0 ? o.nodeCidrs.map((cidr) => ({ cidr, ports: [...nodePorts] })) : []),
    ];
    if (nodeEgress.length > 0) policies.push(policy("prometheus-node-egress", o.namespace, pods.prometheus, { egress: nodeEgress }));
    const receiverPorts = alertmanagerReceiverPorts(o);
    if (receiverPorts.length > 0) policies.push(policy("alertmanager-receivers-egress", o.namespace, pods.alertmanager, { egress: [{ cidr: ANY_ADDRESS, ports: receiverPorts }] }));
    if (o.nodeExporter) {
        policies.push(
            policy("node-exporter-ingress", o.nodeExporterNamespace, pods.nodeExporter, {
                ingress: [{ namespace: o.namespace, podLabels: { ...pods.prometheus }, ports: [PORTS.nodeExporter] }],
            }),
        );
    }
    return policies;
}
