/**
 * The objects of a tenant namespace as plain Kubernetes manifests: pure data, computed without Pulumi,
 * so they can be tested and validated on their own. `TenantNamespace` turns them into resources.
 */
import type * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "../core/labels";
import type { LimitRange, Manifest, Namespace, ResourceQuota, RoleBinding, ServiceAccount } from "../core/objects";
import { ACCESS_ROLES, ResolvedSubjects, ResolvedTenantNamespace } from "./args";
import { networkPolicyManifests } from "./network-policies";

export function namespaceManifest(ns: ResolvedTenantNamespace): Namespace {
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

export function resourceQuotaManifest(ns: ResolvedTenantNamespace): ResourceQuota {
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

export function limitRangeManifest(ns: ResolvedTenantNamespace): LimitRange {
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

export function serviceAccountManifests(ns: ResolvedTenantNamespace): ServiceAccount[] {
    return ns.serviceAccounts.map((name) => ({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name, namespace: ns.namespace, labels: componentLabels(ns.namespace, "tenant-namespace") },
        automountServiceAccountToken: false,
    }));
}

function subjectsOf(ns: ResolvedTenantNamespace, subjects: ResolvedSubjects): k8s.types.input.rbac.v1.Subject[] {
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
export function roleBindingManifests(ns: ResolvedTenantNamespace): RoleBinding[] {
    return (Object.keys(ACCESS_ROLES) as (keyof typeof ACCESS_ROLES)[]).flatMap((group): RoleBinding[] => {
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
