/** Every problem of a tenant namespace's arguments, by argument path (pure). */
import { dnsLabelMessage, isDnsLabel, labelsProblems } from "../core/labels";
import { Problem, Problems } from "../core/problems";
import { networkPeerProblems } from "../core/network";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";
import { ACCESS_ROLES, NamespacePeerArgs, POD_SECURITY_LEVELS, ResolvedTenantNamespace, resolveTenantNamespaceArgs, TenantNamespaceArgs } from "./args";
import { BUILT_IN_POLICIES, PeerDirection, peerPolicyName } from "./network-policies";

const CPU_EXAMPLE = 'a CPU quantity such as "500m" or "4"';
const MEMORY_EXAMPLE = 'a quantity such as "512Mi" or "8Gi"';

export function tenantNamespaceProblems(name: string, args: TenantNamespaceArgs): Problem[] {
    const ns = resolveTenantNamespaceArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(ns.namespace), "namespace", dnsLabelMessage(ns.namespace))
        .check((POD_SECURITY_LEVELS as readonly string[]).includes(ns.podSecurity), "podSecurity", `must be one of ${POD_SECURITY_LEVELS.join(", ")}, got ${JSON.stringify(ns.podSecurity)}`);
    for (const key of ["requestsCpu", "limitsCpu"] as const) {
        problems.check(isCpuQuantity(ns.quota[key]), `quota.${key}`, `must be ${CPU_EXAMPLE}, got ${JSON.stringify(ns.quota[key])}`);
    }
    for (const key of ["requestsMemory", "limitsMemory", "requestsStorage"] as const) {
        problems.check(isMemoryQuantity(ns.quota[key]), `quota.${key}`, `must be ${MEMORY_EXAMPLE}, got ${JSON.stringify(ns.quota[key])}`);
    }
    for (const key of ["pods", "persistentVolumeClaims"] as const) {
        problems.check(Number.isInteger(ns.quota[key]) && ns.quota[key] >= 0, `quota.${key}`, `must be a whole number, 0 or more, got ${JSON.stringify(ns.quota[key])}`);
    }
    for (const key of ["defaultRequestCpu", "defaultLimitCpu", "maxCpu"] as const) {
        const value = ns.limits[key];
        problems.check(value === undefined || isCpuQuantity(value), `limits.${key}`, `must be ${CPU_EXAMPLE}, got ${JSON.stringify(value)}`);
    }
    for (const key of ["defaultRequestMemory", "defaultLimitMemory", "maxMemory"] as const) {
        const value = ns.limits[key];
        problems.check(value === undefined || isMemoryQuantity(value), `limits.${key}`, `must be ${MEMORY_EXAMPLE}, got ${JSON.stringify(value)}`);
    }
    problems.add("", peersProblems(ns));
    ns.serviceAccounts.forEach((account, i) => problems.check(isDnsLabel(account), `serviceAccounts[${i}]`, dnsLabelMessage(account)));
    for (const group of Object.keys(ACCESS_ROLES) as (keyof typeof ACCESS_ROLES)[]) {
        ns.access[group].serviceAccounts.forEach((ref, i) => {
            const parts = ref.split("/");
            problems.check(parts.length <= 2 && parts.every(isDnsLabel), `${group}.serviceAccounts[${i}]`, `must be "name" or "namespace/name", got ${JSON.stringify(ref)}`);
        });
    }
    return problems.list;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/**
 * Each rule's peer, local pod labels and policy name; and rules that share a policy (by name) but not
 * the pods it is for, reported at the first of them.
 */
function peersProblems(ns: ResolvedTenantNamespace): Problem[] {
    const problems = new Problems();
    const first = new Map<string, { path: string; local: Record<string, string> }>();
    const check = (peer: NamespacePeerArgs, direction: PeerDirection, path: string) => {
        problems.add(path, networkPeerProblems(peer)).add(`${path}.localPodLabels`, labelsProblems(peer.localPodLabels));
        if (peer.policyName !== undefined) {
            const name = peer.policyName;
            problems
                .check(isDnsLabel(name), `${path}.policyName`, dnsLabelMessage(name))
                .check(!(BUILT_IN_POLICIES as readonly string[]).includes(name), `${path}.policyName`, `must not be one of the namespace's own policies (${BUILT_IN_POLICIES.join(", ")}), got ${JSON.stringify(name)}`);
        }
        const name = peerPolicyName(peer, direction);
        const local = peer.localPodLabels ?? {};
        const seen = first.get(name);
        if (seen === undefined) first.set(name, { path, local });
        // At the first rule: in a stack, the user's rules come before the platform's.
        else problems.check(sameLabels(seen.local, local), `${seen.path}.localPodLabels`, `must be those of every rule of the NetworkPolicy "${name}", which is for one set of pods; another rule of it has ${JSON.stringify(local)}`);
    };
    ns.allowIngressFrom.forEach((peer, i) => check(peer, "ingress", `allowIngressFrom[${i}]`));
    ns.allowEgressTo.forEach((peer, i) => check(peer, "egress", `allowEgressTo[${i}]`));
    return problems.list;
}
