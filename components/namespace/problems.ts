/** Every problem of a tenant namespace's arguments, by argument path (pure). */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { Problem, Problems } from "../core/problems";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";
import { ACCESS_ROLES, POD_SECURITY_LEVELS, ResolvedPeer, resolveTenantNamespaceArgs, TenantNamespaceArgs } from "./args";

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$/;
const CPU_EXAMPLE = 'a CPU quantity such as "500m" or "4"';
const MEMORY_EXAMPLE = 'a quantity such as "512Mi" or "8Gi"';

function peerProblems(peer: ResolvedPeer): Problem[] {
    const selects = peer.namespace !== undefined || peer.podLabels !== undefined;
    const problems = new Problems()
        .check(!(peer.cidr !== undefined && selects), "cidr", "must not be set together with namespace or podLabels: they are mutually exclusive")
        .check(peer.cidr !== undefined || selects, "", "must give a namespace, podLabels or a cidr")
        .check(peer.cidr === undefined || IPV4_CIDR.test(peer.cidr), "cidr", `must be an IPv4 CIDR such as "10.0.0.0/8", got ${JSON.stringify(peer.cidr)}`)
        .check(peer.namespace === undefined || isDnsLabel(peer.namespace), "namespace", dnsLabelMessage(peer.namespace));
    (peer.ports ?? []).forEach((port, i) => problems.check(Number.isInteger(port) && port >= 1 && port <= 65535, `ports[${i}]`, `must be a port from 1 to 65535, got ${port}`));
    return problems.list;
}

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
    problems.check(isDnsLabel(ns.monitoringNamespace), "monitoringNamespace", dnsLabelMessage(ns.monitoringNamespace));
    ns.allowIngressFrom.forEach((peer, i) => problems.add(`allowIngressFrom[${i}]`, peerProblems(peer)));
    ns.allowEgressTo.forEach((peer, i) => problems.add(`allowEgressTo[${i}]`, peerProblems(peer)));
    ns.serviceAccounts.forEach((account, i) => problems.check(isDnsLabel(account), `serviceAccounts[${i}]`, dnsLabelMessage(account)));
    for (const group of Object.keys(ACCESS_ROLES) as (keyof typeof ACCESS_ROLES)[]) {
        ns.access[group].serviceAccounts.forEach((ref, i) => {
            const parts = ref.split("/");
            problems.check(parts.length <= 2 && parts.every(isDnsLabel), `${group}.serviceAccounts[${i}]`, `must be "name" or "namespace/name", got ${JSON.stringify(ref)}`);
        });
    }
    return problems.list;
}
