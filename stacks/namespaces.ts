import * as pulumi from "@pulumi/pulumi";
import type { NamespacePeerArgs, TenantNamespaceArgs } from "../components/namespace/args";
import { tenantNamespaceProblems } from "../components/namespace/problems";
import { TenantNamespace } from "../components/namespace/tenant-namespace";
import { Problem, relocate } from "../components/core/problems";
import { NamespaceConfig, NamespacesConfig } from "./schema";

/** The platform's own namespaces by role, and the extra tenants. */
export interface PlatformNamespaces {
    streaming: TenantNamespace;
    monitoring: TenantNamespace;
    operators: TenantNamespace;
    tenants: Record<string, TenantNamespace>;
    /** Resolved names (known at once, so other components can use them without waiting). */
    names: PlatformNamespaceNames;
}

export interface PlatformNamespaceNames {
    streaming: string;
    monitoring: string;
    operators: string;
    tenants: string[];
}

export function namespaceNames(config: NamespacesConfig): PlatformNamespaceNames {
    return {
        streaming: config.streaming.name ?? "streaming",
        monitoring: config.monitoring.name ?? "monitoring",
        operators: config.operators.name ?? "operators",
        tenants: Object.keys(config.tenants).map((key) => config.tenants[key].name ?? key),
    };
}

/** One namespace of the stack: its component's name, its key path in the stack, and its arguments. */
interface PlannedNamespace {
    key: string;
    path: string;
    args: TenantNamespaceArgs;
}

/** The user's peers come first, so a problem's index in the args is its index in the stack's list. */
function namespaceArgs(key: string, config: NamespaceConfig, peers: NamespacePeers): TenantNamespaceArgs {
    const { name, allowEgressTo, allowIngressFrom, ...rest } = config;
    return {
        ...rest,
        namespace: name ?? key,
        allowIngressFrom: [...(allowIngressFrom ?? []), ...peers.ingress],
        allowEgressTo: [...(allowEgressTo ?? []), ...peers.egress],
    };
}

/** The extra ingress and egress rules of one namespace. */
export interface NamespacePeers {
    ingress: NamespacePeerArgs[];
    egress: NamespacePeerArgs[];
}

/** The rules of every namespace of the stack, by role (stacks/network.ts makes them); every tenant namespace gets the same. */
export interface NetworkPlan {
    streaming: NamespacePeers;
    monitoring: NamespacePeers;
    operators: NamespacePeers;
    tenants: NamespacePeers;
}

const NO_RULES: NetworkPlan = { streaming: { ingress: [], egress: [] }, monitoring: { ingress: [], egress: [] }, operators: { ingress: [], egress: [] }, tenants: { ingress: [], egress: [] } };

/**
 * The arguments of every namespace of the stack, by role: what createNamespaces makes and
 * namespacesProblems checks, with the stack's network plan (stacks/network.ts) added to the user's rules.
 */
function planNamespaces(
    config: NamespacesConfig,
    network: NetworkPlan,
): { streaming: PlannedNamespace; monitoring: PlannedNamespace; operators: PlannedNamespace; tenants: PlannedNamespace[] } {
    const names = namespaceNames(config);
    const plan = (key: string, path: string, section: NamespaceConfig, peers: NamespacePeers): PlannedNamespace => ({ key, path, args: namespaceArgs(key, section, peers) });
    return {
        streaming: plan(names.streaming, "namespaces.streaming", config.streaming, network.streaming),
        monitoring: plan(names.monitoring, "namespaces.monitoring", config.monitoring, network.monitoring),
        operators: plan(names.operators, "namespaces.operators", config.operators, network.operators),
        tenants: Object.entries(config.tenants).map(([key, tenant]) => plan(key, `namespaces.tenants.${key}`, tenant, network.tenants)),
    };
}

/** The stack key of each namespace, by the namespace's name: `namespaces.streaming`, `namespaces.tenants.fraud`. */
export function namespaceKeys(config: NamespacesConfig): Record<string, string> {
    const plan = planNamespaces(config, NO_RULES);
    return Object.fromEntries([plan.streaming, plan.monitoring, plan.operators, ...plan.tenants].map((ns) => [ns.args.namespace ?? ns.key, ns.path]));
}

/**
 * The TenantNamespace problems of every namespace, by stack key path; and two keys that name the same
 * namespace, which would otherwise be one namespace whose settings the second overwrites.
 */
export function namespacesProblems(config: NamespacesConfig, network: NetworkPlan = NO_RULES): Problem[] {
    const plan = planNamespaces(config, network);
    const all = [plan.streaming, plan.monitoring, plan.operators, ...plan.tenants];
    const problems = all.flatMap((ns) => relocate(ns.path, tenantNamespaceProblems(ns.key, ns.args), { namespace: `${ns.path}.name` }));
    const firstByName = new Map<string, string>();
    for (const ns of all) {
        const name = ns.args.namespace ?? ns.key;
        const first = firstByName.get(name);
        if (first === undefined) firstByName.set(name, ns.path);
        else problems.push({ path: `${ns.path}.name`, message: `must differ from ${first}'s: both name the namespace "${name}"` });
    }
    return problems;
}

/** The stack's namespaces, with the rules of its network plan; without one, only what each namespace has of its own. */
export function createNamespaces(config: NamespacesConfig, opts: pulumi.ComponentResourceOptions = {}, network: NetworkPlan = NO_RULES): PlatformNamespaces {
    const plan = planNamespaces(config, network);
    const create = (ns: PlannedNamespace) => new TenantNamespace(ns.key, ns.args, opts);
    const tenants: Record<string, TenantNamespace> = {};
    for (const ns of plan.tenants) tenants[ns.key] = create(ns);
    return {
        streaming: create(plan.streaming),
        monitoring: create(plan.monitoring),
        operators: create(plan.operators),
        tenants,
        names: namespaceNames(config),
    };
}
