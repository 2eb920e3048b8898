/**
 * Request arithmetic shared by the render's estimators: CPU millicores and memory MiB of containers and
 * pods, as the scheduler counts them. A leaf module: estimators and the stack total both import it.
 */
import { cpuMillicores, memoryMiB } from "../components/core/quantity";

export interface Requests {
    cpuMillicores: number;
    memoryMiB: number;
}

export const ZERO: Requests = { cpuMillicores: 0, memoryMiB: 0 };

export function add(a: Requests, b: Requests): Requests {
    return { cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryMiB: a.memoryMiB + b.memoryMiB };
}

export function times(n: number, r: Requests): Requests {
    return { cpuMillicores: n * r.cpuMillicores, memoryMiB: n * r.memoryMiB };
}

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The requests of a container's `resources` block; a missing request counts as zero. */
export function containerRequests(resources: Obj | undefined): Requests {
    const requests = resources?.requests ?? {};
    return {
        cpuMillicores: requests.cpu !== undefined ? cpuMillicores(requests.cpu) : 0,
        memoryMiB: requests.memory !== undefined ? memoryMiB(requests.memory) : 0,
    };
}

/** A pod's requests: its containers', or its largest init container's if that is more (as the scheduler counts). */
export function podRequests(podSpec: Obj | undefined): Requests {
    const main = (podSpec?.containers ?? []).map((c: Obj) => containerRequests(c.resources)).reduce(add, ZERO);
    const init = (podSpec?.initContainers ?? []).map((c: Obj) => containerRequests(c.resources));
    return {
        cpuMillicores: Math.max(main.cpuMillicores, ...init.map((r: Requests) => r.cpuMillicores)),
        memoryMiB: Math.max(main.memoryMiB, ...init.map((r: Requests) => r.memoryMiB)),
    };
}

export type ObjectEstimator = (obj: Obj) => Requests;
export type HelmEstimator = (values: Obj) => Requests;
