import { ArgumentChecks } from "./problems";
import { cpuMillicores, isCpuQuantity, isMemoryQuantity, memoryMiB } from "./quantity";
import type { ResolvedResources } from "./workload";

/** Requests and limits are quantities, and no request is above its limit. */
export function checkResources(checks: ArgumentChecks, arg: string, r: ResolvedResources): void {
    const cpuOk = isCpuQuantity(r.requestsCpu) && isCpuQuantity(r.limitsCpu);
    const memoryOk = isMemoryQuantity(r.requestsMemory) && isMemoryQuantity(r.limitsMemory);
    checks.check(isCpuQuantity(r.requestsCpu), `${arg}.requestsCpu must be a CPU quantity such as "500m", got "${r.requestsCpu}"`);
    checks.check(isCpuQuantity(r.limitsCpu), `${arg}.limitsCpu must be a CPU quantity such as "1", got "${r.limitsCpu}"`);
    checks.check(isMemoryQuantity(r.requestsMemory), `${arg}.requestsMemory must be a quantity such as "512Mi", got "${r.requestsMemory}"`);
    checks.check(isMemoryQuantity(r.limitsMemory), `${arg}.limitsMemory must be a quantity such as "1Gi", got "${r.limitsMemory}"`);
    if (cpuOk) {
        checks.check(cpuMillicores(r.requestsCpu) <= cpuMillicores(r.limitsCpu), `${arg}.requestsCpu (${r.requestsCpu}) must not be above ${arg}.limitsCpu (${r.limitsCpu})`);
    }
    if (memoryOk) {
        checks.check(memoryMiB(r.requestsMemory) <= memoryMiB(r.limitsMemory), `${arg}.requestsMemory (${r.requestsMemory}) must not be above ${arg}.limitsMemory (${r.limitsMemory})`);
    }
}
