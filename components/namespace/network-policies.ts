/**
 * The NetworkPolicies of a tenant namespace (pure): default deny in both directions, DNS, egress to the
 * namespace's own pods (whose own policies decide whom they admit), and the peers its args name,
 * grouped into policies by name.
 */
import { createHash } from "node:crypto";
import type * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "../core/labels";
import type { NetworkPolicy } from "../core/objects";
import { NAMESPACE_NAME_LABEL, NetworkPolicyRule, peerRule } from "../core/network";
import type { NamespacePeerArgs, ResolvedTenantNamespace } from "./args";

/** The policies every namespace has; a rule's `policyName` must not take one of these names. */
export const BUILT_IN_POLICIES = ["default-deny", "allow-dns-egress", "allow-same-namespace-egress", "allow-same-namespace-ingress"] as const;

export type PeerDirection = "ingress" | "egress";

type Spec = Omit<k8s.types.input.networking.v1.NetworkPolicySpec, "podSelector">;

function networkPolicy(ns: ResolvedTenantNamespace, name: string, spec: Spec, podLabels?: Record<string, string>): NetworkPolicy {
    const podSelector = podLabels === undefined || Object.keys(podLabels).length === 0 ? {} : { matchLabels: podLabels };
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name, namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
        spec: { podSelector, ...spec },
    };
}

/** The same labels always give the same hash, whatever their order, so the policy keeps its name. */
function labelsHash(labels: Record<string, string>): string {
    const canonical = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return createHash("sha256").update(canonical).digest("hex").slice(0, 8);
}

/** The NetworkPolicy a rule goes into: its `policyName`, or the default of its direction (see NamespacePeerArgs). */
export function peerPolicyName(peer: NamespacePeerArgs, direction: PeerDirection): string {
    if (peer.policyName !== undefined) return peer.policyName;
    const base = `allow-extra-${direction}`;
    const local = peer.localPodLabels ?? {};
    return Object.keys(local).length === 0 ? base : `${base}-${labelsHash(local)}`;
}

interface PeerPolicy {
    localPodLabels: Record<string, string>;
    ingress: NetworkPolicyRule[];
    egress: NetworkPolicyRule[];
}

/** The args' rules grouped by policy name, in the order the names first appear (ingress, then egress). */
function peerPolicies(ns: ResolvedTenantNamespace): Map<string, PeerPolicy> {
    const policies = new Map<string, PeerPolicy>();
    const add = (peer: NamespacePeerArgs, direction: PeerDirection) => {
        const name = peerPolicyName(peer, direction);
        const policy = policies.get(name) ?? { localPodLabels: peer.localPodLabels ?? {}, ingress: [], egress: [] };
        policy[direction].push(peerRule(peer, direction === "ingress" ? "from" : "to"));
        policies.set(name, policy);
    };
    ns.allowIngressFrom.forEach((peer) => add(peer, "ingress"));
    ns.allowEgressTo.forEach((peer) => add(peer, "egress"));
    return policies;
}

export function networkPolicyManifests(ns: ResolvedTenantNamespace): NetworkPolicy[] {
    const policies = [
        networkPolicy(ns, "default-deny", { policyTypes: ["Ingress", "Egress"] }),
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
        // Out to every pod of the namespace: each workload's own ingress policy decides who gets in.
        networkPolicy(ns, "allow-same-namespace-egress", { policyTypes: ["Egress"], egress: [{ to: [{ podSelector: {} }] }] }),
    ];
    if (ns.allowSameNamespaceIngress) {
        policies.push(networkPolicy(ns, "allow-same-namespace-ingress", { policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] }));
    }
    for (const [name, policy] of peerPolicies(ns)) {
        const spec: Spec = { policyTypes: [] };
        if (policy.ingress.length > 0) {
            spec.policyTypes = ["Ingress"];
            spec.ingress = policy.ingress;
        }
        if (policy.egress.length > 0) {
            spec.policyTypes = [...(spec.policyTypes as string[]), "Egress"];
            spec.egress = policy.egress;
        }
        policies.push(networkPolicy(ns, name, spec, policy.localPodLabels));
    }
    return policies;
}
