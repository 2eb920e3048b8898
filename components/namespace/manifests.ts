/**
 * The objects of a tenant namespace as plain Kubernetes manifests: pure data, computed without Pulumi,
 * so they can be tested and validated on their own. `TenantNamespace` turns them into resources.
 */
import { componentLabels } from "../core/labels";
import type { Manifest } from "../core/manifest";

export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** The built-in ClusterRoles a tenant's people are bound to. */
export const ACCESS_ROLES = { admins: "admin", editors: "edit", viewers: "view" } as const;

export interface ResolvedQuota {
    requestsCpu: string;
    requestsMemory: string;
    limitsCpu: string;
    limitsMemory: string;
    pods: number;
    persistentVolumeClaims: number;
    requestsStorage: string;
}

export interface ResolvedLimits {
    defaultRequestCpu: string;
    defaultRequestMemory: string;
    defaultLimitCpu: string;
    defaultLimitMemory: string;
    maxCpu?: string;
    maxMemory?: string;
}

export interface ResolvedPeer {
    namespace?: string;
    podLabels?: Record<string, string>;
    cidr?: string;
    ports?: number[];
}

export interface ResolvedSubjects {
    users: string[];
    groups: string[];
    serviceAccounts: string[];
}

export interface ResolvedTenantNamespace {
    namespace: string;
    labels: Record<string, string>;
    podSecurity: PodSecurityLevel;
    quota: ResolvedQuota;
    limits: ResolvedLimits;
    monitoringNamespace: string;
    allowIngressFrom: ResolvedPeer[];
    allowEgressTo: ResolvedPeer[];
    serviceAccounts: string[];
    access: Record<keyof typeof ACCESS_ROLES, ResolvedSubjects>;
}

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export function namespaceManifest(ns: ResolvedTenantNamespace): Manifest {
    const level = ns.podSecurity;
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: ns.namespace,
            labels: {
                ...ns.labels,
                ...componentLabels(ns.namespace, "tenant-namespace"),
                "pod-security.kubernetes.io/enforce": level,
                "pod-security.kubernetes.io/enforce-version": "latest",
                // Warn and audit at `restricted` even where a namespace is allowed less, so drift shows.
                "pod-security.kubernetes.io/warn": "restricted",
                "pod-security.kubernetes.io/audit": "restricted",
            },
        },
    };
}

export function resourceQuotaManifest(ns: ResolvedTenantNamespace): Manifest {
    const q = ns.quota;
    return {
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: { name: "quota", namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
        spec: {
            hard: {
                "requests.cpu": q.requestsCpu,
                "requests.memory": q.requestsMemory,
                "limits.cpu": q.limitsCpu,
                "limits.memory": q.limitsMemory,
                pods: String(q.pods),
                persistentvolumeclaims: String(q.persistentVolumeClaims),
                "requests.storage": q.requestsStorage,
            },
        },
    };
}

export function limitRangeManifest(ns: ResolvedTenantNamespace): Manifest {
    const l = ns.limits;
    const max: Record<string, string> = {};
    if (l.maxCpu !== undefined) max.cpu = l.maxCpu;
    if (l.maxMemory !== undefined) max.memory = l.maxMemory;
    return {
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: "limits", namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
        spec: {
            limits: [
                {
                    type: "Container",
                    defaultRequest: { cpu: l.defaultRequestCpu, memory: l.defaultRequestMemory },
                    default: { cpu: l.defaultLimitCpu, memory: l.defaultLimitMemory },
                    ...(Object.keys(max).length > 0 ? { max } : {}),
                },
            ],
        },
    };
}

function peerSelector(peer: ResolvedPeer): Record<string, unknown> {
    if (peer.cidr !== undefined) return { ipBlock: { cidr: peer.cidr } };
    const selector: Record<string, unknown> = {};
    if (peer.namespace !== undefined) {
        selector.namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } };
    }
    // A peer with a namespace but no pod labels means every pod of that namespace.
    if (peer.podLabels !== undefined || peer.namespace === undefined) {
        selector.podSelector = { matchLabels: peer.podLabels ?? {} };
    }
    return selector;
}

function peerRule(peer: ResolvedPeer, direction: "from" | "to"): Record<string, unknown> {
    const rule: Record<string, unknown> = { [direction]: [peerSelector(peer)] };
    if (peer.ports !== undefined && peer.ports.length > 0) {
        rule.ports = peer.ports.map((port) => ({ protocol: "TCP", port }));
    }
    return rule;
}

function networkPolicy(ns: ResolvedTenantNamespace, name: string, spec: Record<string, unknown>): Manifest {
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
export function networkPolicyManifests(ns: ResolvedTenantNamespace): Manifest[] {
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

export function serviceAccountManifests(ns: ResolvedTenantNamespace): Manifest[] {
    return ns.serviceAccounts.map((name) => ({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
        automountServiceAccountToken: false,
    }));
}

function subjectsOf(ns: ResolvedTenantNamespace, subjects: ResolvedSubjects): Record<string, string>[] {
    const rbac = "rbac.authorization.k8s.io";
    return [
        ...subjects.users.map((name) => ({ kind: "User", apiGroup: rbac, name })),
        ...subjects.groups.map((name) => ({ kind: "Group", apiGroup: rbac, name })),
        ...subjects.serviceAccounts.map((ref) => {
            // "name" is a ServiceAccount of this namespace; "namespace/name" one of another.
            const [namespace, name] = ref.includes("/") ? ref.split("/", 2) : [ns.namespace, ref];
            return { kind: "ServiceAccount", name, namespace };
        }),
    ];
}

/** One RoleBinding per built-in role that has subjects; a role nobody is given gets no binding. */
export function roleBindingManifests(ns: ResolvedTenantNamespace): Manifest[] {
    return (Object.keys(ACCESS_ROLES) as (keyof typeof ACCESS_ROLES)[]).flatMap((group) => {
        const subjects = subjectsOf(ns, ns.access[group]);
        if (subjects.length === 0) return [];
        const role = ACCESS_ROLES[group];
        return [
            {
                apiVersion: "rbac.authorization.k8s.io/v1",
                kind: "RoleBinding",
                metadata: { name: `tenant-${role}`, namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
                subjects,
            },
        ];
    });
}

/** Every object of the namespace except the Namespace itself, in the order they are created. */
export function namespacedManifests(ns: ResolvedTenantNamespace): Manifest[] {
    return [
        resourceQuotaManifest(ns),
        limitRangeManifest(ns),
        ...networkPolicyManifests(ns),
        ...serviceAccountManifests(ns),
        ...roleBindingManifests(ns),
    ];
}
