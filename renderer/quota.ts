/**
 * Whether what each namespace's workloads request fits that namespace's ResourceQuota. The API server
 * would accept every object and then refuse the pods that do not fit, one by one, long after `pulumi
 * up` finished; the render says it first, by the quota's stack key, with what asks for how much.
 */
import { cpuMillicores, isCpuQuantity, isMemoryQuantity, memoryMiB } from "../components/core/quantity";
import type { Problem } from "../components/core/problems";
import { add, Requests, ZERO } from "./pod-requests";
import { RenderedObject, RenderedRelease, workloadRequests, WorkloadRequests } from "./requests";

interface Quota extends RenderedObject {
    metadata: { name: string; namespace?: string };
    spec?: { hard?: Record<string, string | number> };
}

function listing(workloads: WorkloadRequests[], amount: (r: Requests) => number, unit: string): string {
    return workloads
        .filter((w) => amount(w.requests) > 0)
        .map((w) => `${w.workload} ${Math.round(amount(w.requests))}${unit}`)
        .join(", ");
}

/**
 * One problem per quota that its namespace's workloads exceed, at `quotaKey(namespace)` (the stack key
 * of the namespace's quota, e.g. `namespaces.streaming.quota`) plus `.requestsCpu` / `.requestsMemory`.
 */
export function quotaProblems(
    objects: RenderedObject[],
    releases: (RenderedRelease & { name?: string; namespace?: string })[],
    quotaKey: (namespace: string) => string,
): Problem[] {
    const problems: Problem[] = [];
    const { workloads } = workloadRequests(objects, releases);
    for (const quota of objects.filter((o): o is Quota => o.kind === "ResourceQuota")) {
        const namespace = quota.metadata.namespace ?? "default";
        const inside = workloads.filter((w) => w.namespace === namespace);
        const total = inside.map((w) => w.requests).reduce(add, ZERO);
        const hard = quota.spec?.hard ?? {};
        const cpu = hard["requests.cpu"];
        if (cpu !== undefined && isCpuQuantity(cpu) && Math.round(total.cpuMillicores) > cpuMillicores(cpu)) {
            problems.push({
                path: `${quotaKey(namespace)}.requestsCpu`,
                message: `must hold what namespace "${namespace}" requests: ${Math.round(total.cpuMillicores)}m CPU in all (${listing(inside, (r) => r.cpuMillicores, "m")}), got ${JSON.stringify(cpu)}`,
            });
        }
        const memory = hard["requests.memory"];
        if (memory !== undefined && isMemoryQuantity(memory) && Math.round(total.memoryMiB) > memoryMiB(memory)) {
            problems.push({
                path: `${quotaKey(namespace)}.requestsMemory`,
                message: `must hold what namespace "${namespace}" requests: ${Math.round(total.memoryMiB)}Mi memory in all (${listing(inside, (r) => r.memoryMiB, "Mi")}), got ${JSON.stringify(memory)}`,
            });
        }
    }
    return problems;
}
