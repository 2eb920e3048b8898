/** The arguments of a tenant namespace, their documented defaults, and the resolved form the builders take. */
import type { NetworkPeerArgs } from "../core/network";

export type { NetworkPeerArgs } from "../core/network";

/**
 * A peer of `allowIngressFrom` / `allowEgressTo`, and which pods of this namespace the rule is for.
 * Rules go into NetworkPolicies by `policyName`, so the policy says what it allows and keeps its name
 * from one `pulumi up` to the next.
 */
export interface NamespacePeerArgs extends NetworkPeerArgs {
    /** Labels of the pods of this namespace the rule is for (the policy's podSelector). @default every pod */
    localPodLabels?: Record<string, string>;
    /**
     * The NetworkPolicy the rule goes into (a DNS label that says what it allows, e.g.
     * "allow-kube-api-egress"); rules with the same name share it and must have the same
     * `localPodLabels`. @default "allow-extra-ingress" / "allow-extra-egress", followed for rules with
     * `localPodLabels` by a short hash of those labels
     */
    policyName?: string;
}

/** What the pods of the namespace may ask for in all (a ResourceQuota). */
export interface ResourceQuotaArgs {
    /** Sum of CPU requests. @default "4" */
    requestsCpu?: string;
    /** Sum of memory requests. @default "8Gi" */
    requestsMemory?: string;
    /** Sum of CPU limits. @default "8" */
    limitsCpu?: string;
    /** Sum of memory limits. @default "16Gi" */
    limitsMemory?: string;
    /** Number of pods. @default 50 */
    pods?: number;
    /** Number of PersistentVolumeClaims. @default 20 */
    persistentVolumeClaims?: number;
    /** Sum of storage requested by claims. @default "200Gi" */
    requestsStorage?: string;
}

/** Per-container defaults and ceilings (a LimitRange), so a pod that sets no resources still fits the quota. */
export interface ContainerLimitsArgs {
    /** CPU request of a container that sets none. @default "100m" */
    defaultRequestCpu?: string;
    /** Memory request of a container that sets none. @default "128Mi" */
    defaultRequestMemory?: string;
    /** CPU limit of a container that sets none. @default "1" */
    defaultLimitCpu?: string;
    /** Memory limit of a container that sets none. @default "512Mi" */
    defaultLimitMemory?: string;
    /** Largest CPU limit one container may have. @default no ceiling */
    maxCpu?: string;
    /** Largest memory limit one container may have. @default no ceiling */
    maxMemory?: string;
}

/** Who gets a built-in role in the namespace. */
export interface RoleSubjectsArgs {
    /** User names, as the cluster's authenticator reports them. @default [] */
    users?: string[];
    /** Group names. @default [] */
    groups?: string[];
    /** ServiceAccounts: "name" for one of this namespace, "namespace/name" for another's. @default [] */
    serviceAccounts?: string[];
}

/**
 * A tenant namespace. Plain values, not Outputs: they are checked, and the namespace's objects derived
 * from them, before anything is created.
 */
export interface TenantNamespaceArgs {
    /** Name of the namespace (a DNS label). @default the component's name */
    namespace?: string;
    /** Extra labels on the namespace. @default {} */
    labels?: Record<string, string>;
    /**
     * Pod Security Standard enforced in the namespace: "privileged", "baseline" or "restricted".
     * Warnings and audit stay at "restricted" whatever is enforced.
     * @default "restricted"
     */
    podSecurity?: string;
    /** The namespace's ResourceQuota. @default see ResourceQuotaArgs */
    quota?: ResourceQuotaArgs;
    /** The namespace's LimitRange. @default see ContainerLimitsArgs */
    limits?: ContainerLimitsArgs;
    /**
     * Let every pod of the namespace connect to every other, on every port: the old default. Off, a
     * pod is reached only by the clients its own workload's policy admits (Kafka's listeners, the
     * ZooKeeper and Flink components, the object store); pods may still connect out to every pod of the
     * namespace, and the destination decides. @default false
     */
    allowSameNamespaceIngress?: boolean;
    /** Peers allowed in, on top of what the workloads' own policies admit. @default [] */
    allowIngressFrom?: NamespacePeerArgs[];
    /** Peers allowed out to, on top of the namespace's own pods and DNS (e.g. the Kubernetes API, object storage). @default [] */
    allowEgressTo?: NamespacePeerArgs[];
    /** ServiceAccounts to create in the namespace. @default [] */
    serviceAccounts?: string[];
    /** Bound to the built-in ClusterRole `admin` in this namespace. @default nobody */
    admins?: RoleSubjectsArgs;
    /** Bound to the built-in ClusterRole `edit` in this namespace. @default nobody */
    editors?: RoleSubjectsArgs;
    /** Bound to the built-in ClusterRole `view` in this namespace. @default nobody */
    viewers?: RoleSubjectsArgs;
    /**
     * Keep the namespace when the stack is destroyed or the namespace replaced. Deleting a namespace
     * deletes every volume claim in it, so the default keeps it; set false to let `pulumi destroy`
     * delete the namespace and all data in it.
     * @default true
     */
    retainOnDestroy?: boolean;
}

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
    allowSameNamespaceIngress: boolean;
    allowIngressFrom: NamespacePeerArgs[];
    allowEgressTo: NamespacePeerArgs[];
    serviceAccounts: string[];
    access: Record<keyof typeof ACCESS_ROLES, ResolvedSubjects>;
}

function resolveSubjects(subjects: RoleSubjectsArgs | undefined): ResolvedSubjects {
    return { users: subjects?.users ?? [], groups: subjects?.groups ?? [], serviceAccounts: subjects?.serviceAccounts ?? [] };
}

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveTenantNamespaceArgs(name: string, args: TenantNamespaceArgs): ResolvedTenantNamespace {
    return {
        namespace: args.namespace ?? name,
        labels: args.labels ?? {},
        podSecurity: (args.podSecurity ?? "restricted") as PodSecurityLevel,
        quota: {
            requestsCpu: args.quota?.requestsCpu ?? "4",
            requestsMemory: args.quota?.requestsMemory ?? "8Gi",
            limitsCpu: args.quota?.limitsCpu ?? "8",
            limitsMemory: args.quota?.limitsMemory ?? "16Gi",
            pods: args.quota?.pods ?? 50,
            persistentVolumeClaims: args.quota?.persistentVolumeClaims ?? 20,
            requestsStorage: args.quota?.requestsStorage ?? "200Gi",
        },
        limits: {
            defaultRequestCpu: args.limits?.defaultRequestCpu ?? "100m",
            defaultRequestMemory: args.limits?.defaultRequestMemory ?? "128Mi",
            defaultLimitCpu: args.limits?.defaultLimitCpu ?? "1",
            defaultLimitMemory: args.limits?.defaultLimitMemory ?? "512Mi",
            maxCpu: args.limits?.maxCpu,
            maxMemory: args.limits?.maxMemory,
        },
        allowSameNamespaceIngress: args.allowSameNamespaceIngress ?? false,
        allowIngressFrom: args.allowIngressFrom ?? [],
        allowEgressTo: args.allowEgressTo ?? [],
        serviceAccounts: args.serviceAccounts ?? [],
        access: {
            admins: resolveSubjects(args.admins),
            editors: resolveSubjects(args.editors),
            viewers: resolveSubjects(args.viewers),
        },
    };
}
