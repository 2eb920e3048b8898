import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { ArgumentChecks } from "../core/problems";
import { createObject } from "../core/objects";
import { isDnsLabel } from "../core/labels";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";
import {
    ACCESS_ROLES,
    namespacedManifests,
    namespaceManifest,
    POD_SECURITY_LEVELS,
    PodSecurityLevel,
    ResolvedPeer,
    ResolvedSubjects,
    ResolvedTenantNamespace,
} from "./manifests";

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

/**
 * A peer that NetworkPolicies allow traffic from or to. `cidr` is mutually exclusive with
 * `namespace` and `podLabels`; a peer with only `namespace` means every pod of that namespace.
 */
export interface NetworkPeerArgs {
    /** Name of the peer's namespace. @default this namespace */
    namespace?: string;
    /** Labels of the peer's pods. @default every pod */
    podLabels?: Record<string, string>;
    /** An IP block, such as "10.0.0.0/8", for peers outside the cluster. */
    cidr?: string;
    /** TCP ports the rule opens. @default every port */
    ports?: number[];
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
    /** Namespace whose pods (Prometheus) may scrape every pod of this one. @default "monitoring" */
    monitoringNamespace?: string;
    /** Peers allowed in on top of the namespace's own pods and monitoring. @default [] */
    allowIngressFrom?: NetworkPeerArgs[];
    /** Peers allowed out to on top of the namespace's own pods and DNS (e.g. the Kubernetes API, object storage). @default [] */
    allowEgressTo?: NetworkPeerArgs[];
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

const COMPONENT = "TenantNamespace";
const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$/;

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
        monitoringNamespace: args.monitoringNamespace ?? "monitoring",
        allowIngressFrom: (args.allowIngressFrom ?? []),
        allowEgressTo: (args.allowEgressTo ?? []),
        serviceAccounts: args.serviceAccounts ?? [],
        access: {
            admins: resolveSubjects(args.admins),
            editors: resolveSubjects(args.editors),
            viewers: resolveSubjects(args.viewers),
        },
    };
}

function checkPeers(checks: ArgumentChecks, arg: string, peers: ResolvedPeer[]): void {
    peers.forEach((peer, i) => {
        const at = `${arg}[${i}]`;
        const selects = peer.namespace !== undefined || peer.podLabels !== undefined;
        checks.check(!(peer.cidr !== undefined && selects), `${at}: cidr and namespace/podLabels are mutually exclusive`);
        checks.check(peer.cidr !== undefined || selects, `${at}: give a namespace, podLabels or a cidr`);
        checks.check(peer.cidr === undefined || IPV4_CIDR.test(peer.cidr), `${at}.cidr must be an IPv4 CIDR such as "10.0.0.0/8", got "${peer.cidr}"`);
        checks.check(peer.namespace === undefined || isDnsLabel(peer.namespace), `${at}.namespace must be a DNS label, got "${peer.namespace}"`);
        for (const port of peer.ports ?? []) {
            checks.check(Number.isInteger(port) && port >= 1 && port <= 65535, `${at}.ports must be ports from 1 to 65535, got ${port}`);
        }
    });
}

/** Every problem of the arguments, each naming the argument and what is allowed (none when they are fine). */
export function validateTenantNamespace(name: string, resolved: ResolvedTenantNamespace): ArgumentChecks {
    const checks = new ArgumentChecks(COMPONENT, name);
    const ns = resolved;
    checks.check(isDnsLabel(ns.namespace), `namespace must be a DNS label (lower-case letters, digits and "-", at most 63), got "${ns.namespace}"`);
    checks.check(
        (POD_SECURITY_LEVELS as readonly string[]).includes(ns.podSecurity),
        `podSecurity must be one of ${POD_SECURITY_LEVELS.join(", ")}, got "${ns.podSecurity}"`,
    );
    for (const key of ["requestsCpu", "limitsCpu"] as const) {
        checks.check(isCpuQuantity(ns.quota[key]), `quota.${key} must be a CPU quantity such as "500m" or "4", got "${ns.quota[key]}"`);
    }
    for (const key of ["requestsMemory", "limitsMemory", "requestsStorage"] as const) {
        checks.check(isMemoryQuantity(ns.quota[key]), `quota.${key} must be a quantity such as "512Mi" or "8Gi", got "${ns.quota[key]}"`);
    }
    for (const key of ["pods", "persistentVolumeClaims"] as const) {
        checks.check(Number.isInteger(ns.quota[key]) && ns.quota[key] >= 0, `quota.${key} must be a whole number, 0 or more, got ${ns.quota[key]}`);
    }
    for (const key of ["defaultRequestCpu", "defaultLimitCpu", "maxCpu"] as const) {
        const value = ns.limits[key];
        checks.check(value === undefined || isCpuQuantity(value), `limits.${key} must be a CPU quantity such as "500m" or "1", got "${value}"`);
    }
    for (const key of ["defaultRequestMemory", "defaultLimitMemory", "maxMemory"] as const) {
        const value = ns.limits[key];
        checks.check(value === undefined || isMemoryQuantity(value), `limits.${key} must be a quantity such as "512Mi", got "${value}"`);
    }
    checks.check(isDnsLabel(ns.monitoringNamespace), `monitoringNamespace must be a DNS label, got "${ns.monitoringNamespace}"`);
    checkPeers(checks, "allowIngressFrom", ns.allowIngressFrom);
    checkPeers(checks, "allowEgressTo", ns.allowEgressTo);
    for (const account of ns.serviceAccounts) {
        checks.check(isDnsLabel(account), `serviceAccounts must be DNS labels, got "${account}"`);
    }
    for (const group of Object.keys(ACCESS_ROLES) as (keyof typeof ACCESS_ROLES)[]) {
        for (const ref of ns.access[group].serviceAccounts) {
            const parts = ref.split("/");
            checks.check(parts.length <= 2 && parts.every(isDnsLabel), `${group}.serviceAccounts must be "name" or "namespace/name", got "${ref}"`);
        }
    }
    return checks;
}

/**
 * A namespace for one tenant of the platform: Pod Security Standards labels, a ResourceQuota and
 * LimitRange, NetworkPolicies (default deny; allow the namespace's own pods, DNS, scraping from the
 * monitoring namespace, and extra peers), ServiceAccounts, and RoleBindings of the built-in `admin`,
 * `edit` and `view` ClusterRoles.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    /** The namespace's name, known once the Namespace exists: depend on it to create objects inside. */
    public readonly namespaceName: pulumi.Output<string>;
    /** Names of the ServiceAccounts created in the namespace. */
    public readonly serviceAccountNames: pulumi.Output<string[]>;

    constructor(name: string, args: TenantNamespaceArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveTenantNamespaceArgs(name, args);
        validateTenantNamespace(name, resolved).throwIfAny();
        super("streaming-platform:index:TenantNamespace", name, {}, opts);

        const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, namespaceManifest(resolved) as k8s.core.v1.NamespaceArgs, {
            parent: this,
            retainOnDelete: args.retainOnDestroy ?? true,
        });
        for (const manifest of namespacedManifests(resolved)) {
            createObject(name, manifest, { parent: this, dependsOn: [namespace] });
        }

        this.namespaceName = namespace.metadata.name;
        this.serviceAccountNames = pulumi.output(resolved.serviceAccounts);
        this.registerOutputs({ namespaceName: this.namespaceName, serviceAccountNames: this.serviceAccountNames });
    }
}
