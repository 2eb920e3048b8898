/** Every problem of a tenant namespace's arguments, by argument path (pure). */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { Problem, Problems } from "../core/problems";
import { networkPeerProblems } from "../core/network";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";
import { ACCESS_ROLES, POD_SECURITY_LEVELS, resolveTenantNamespaceArgs, TenantNamespaceArgs } from "./args";

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
    problems.check(isDnsLabel(ns.monitoringNamespace), "monitoringNamespace", dnsLabelMessage(ns.monitoringNamespace));
    ns.allowIngressFrom.forEach((peer, i) => problems.add(`allowIngressFrom[${i}]`, networkPeerProblems(peer)));
    ns.allowEgressTo.forEach((peer, i) => problems.add(`allowEgressTo[${i}]`, networkPeerProblems(peer)));
    ns.serviceAccounts.forEach((account, i) => problems.check(isDnsLabel(account), `serviceAccounts[${i}]`, dnsLabelMessage(account)));
    for (const group of Object.keys(ACCESS_ROLES) as (keyof typeof ACCESS_ROLES)[]) {
        ns.access[group].serviceAccounts.forEach((ref, i) => {
            const parts = ref.split("/");
            problems.check(parts.length <= 2 && parts.every(isDnsLabel), `${group}.serviceAccounts[${i}]`, `must be "name" or "namespace/name", got ${JSON.stringify(ref)}`);
        });
    }
    return problems.list;
}
