/**
 * The NetworkPolicies of a tenant namespace (pure): default deny in both directions, then the allows
 * every namespace needs, and the extra peers its args name.
 */
import type * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "../core/labels";
import type { NetworkPolicy } from "../core/objects";
import { NAMESPACE_NAME_LABEL, peerRule } from "../core/network";
import type { ResolvedTenantNamespace } from "./args";

function networkPolicy(ns: ResolvedTenantNamespace, name: string, spec: Omit<k8s.types.input.networking.v1.NetworkPolicySpec, "podSelector">): NetworkPolicy {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
        spec: { podSelector: {}, ...spec },
    };
}

/**
 * Default deny in both directions, then the allows every namespace needs: traffic among its own pods,
 * DNS, scraping from the monitoring namespace, and the extra peers that args name.
 */
export function networkPolicyManifests(ns: ResolvedTenantNamespace): NetworkPolicy[] {
    const policies = [
        networkPolicy(ns, "default-deny", { policyTypes: ["Ingress", "Egress"] }),
        networkPolicy(ns, "allow-same-namespace", {
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [{ to: [{ podSelector: {} }] }],
        }),
        networkPolicy(ns, "allow-dns-egress", {
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        {
                            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } },
                            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                        },
                    ],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        }),
    ];
    if (ns.monitoringNamespace !== ns.namespace) {
        policies.push(
            networkPolicy(ns, "allow-monitoring-scrape", {
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns.monitoringNamespace } } }] }],
            }),
        );
    }
    if (ns.allowIngressFrom.length > 0) {
        policies.push(
            networkPolicy(ns, "allow-extra-ingress", {
                policyTypes: ["Ingress"],
                ingress: ns.allowIngressFrom.map((peer) => peerRule(peer, "from")),
            }),
        );
    }
    if (ns.allowEgressTo.length > 0) {
        policies.push(
            networkPolicy(ns, "allow-extra-egress", {
                policyTypes: ["Egress"],
                egress: ns.allowEgressTo.map((peer) => peerRule(peer, "to")),
            }),
        );
    }
    return policies;
}

