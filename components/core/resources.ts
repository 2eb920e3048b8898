/** Requests and limits of one container: the args type, its defaults, its checks and its Kubernetes form. */
import type { Problem } from "./problems";
import { cpuMillicores, isCpuQuantity, isMemoryQuantity, memoryMiB } from "./quantity";

/**
 * Requests and limits of one container, as Kubernetes quantities. Plain values, not Outputs: they are
 * checked (requests within limits) and summed by the render before anything is created.
 */
export interface ResourcesArgs {
    /** CPU request, such as "500m". @default the component's */
    requestsCpu?: string;
    /** Memory request, such as "512Mi". @default the component's */
    requestsMemory?: string;
    /** CPU limit. @default the component's */
    limitsCpu?: string;
    /** Memory limit. @default the component's */
    limitsMemory?: string;
}

export type ResolvedResources = Required<ResourcesArgs>;

/** The args over the component's defaults, field by field. */
export function resolveResources(args: ResourcesArgs | undefined, defaults: ResolvedResources): ResolvedResources {
    return {
        requestsCpu: args?.requestsCpu ?? defaults.requestsCpu,
        requestsMemory: args?.requestsMemory ?? defaults.requestsMemory,
        limitsCpu: args?.limitsCpu ?? defaults.limitsCpu,
        limitsMemory: args?.limitsMemory ?? defaults.limitsMemory,
    };
}

/** Plain requests and limits: what both the Kubernetes provider and the operators' CRD types take. */
export interface ContainerResources {
    requests: { cpu: string; memory: string };
    limits: { cpu: string; memory: string };
}

export function containerResources(r: ResolvedResources): ContainerResources {
    return { requests: { cpu: r.requestsCpu, memory: r.requestsMemory }, limits: { cpu: r.limitsCpu, memory: r.limitsMemory } };
}

/** Each value a quantity, and no request above its limit; paths relative to the resources. */
export function resourcesProblems(r: ResolvedResources): Problem[] {
    const problems: Problem[] = [];
    const quantity = (key: keyof ResolvedResources, valid: (q: string) => boolean, example: string) => {
        if (!valid(r[key])) problems.push({ path: key, message: `must be a ${example}, got ${JSON.stringify(r[key])}` });
    };
    quantity("requestsCpu", isCpuQuantity, 'CPU quantity such as "500m" or "2"');
    quantity("limitsCpu", isCpuQuantity, 'CPU quantity such as "500m" or "2"');
    quantity("requestsMemory", isMemoryQuantity, 'quantity such as "512Mi" or "4Gi"');
    quantity("limitsMemory", isMemoryQuantity, 'quantity such as "512Mi" or "4Gi"');
    if (isCpuQuantity(r.requestsCpu) && isCpuQuantity(r.limitsCpu) && cpuMillicores(r.requestsCpu) > cpuMillicores(r.limitsCpu)) {
        problems.push({ path: "requestsCpu", message: `must be at most limitsCpu (${r.limitsCpu}), got ${JSON.stringify(r.requestsCpu)}` });
    }
    if (isMemoryQuantity(r.requestsMemory) && isMemoryQuantity(r.limitsMemory) && memoryMiB(r.requestsMemory) > memoryMiB(r.limitsMemory)) {
        problems.push({ path: "requestsMemory", message: `must be at most limitsMemory (${r.limitsMemory}), got ${JSON.stringify(r.requestsMemory)}` });
    }
    return problems;
}
