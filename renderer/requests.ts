/**
 * What a rendered stack asks of the cluster: CPU and memory requests of every workload, whether a
 * Kubernetes object, a custom resource an operator turns into pods, or a Helm release's values.
 * Each kind that makes pods has an estimator here; a later component that adds one adds its estimator.
 */
import { cpuMillicores, memoryMiB } from "../components/quantity";
import { CUSTOM_RESOURCE_ESTIMATORS, HELM_ESTIMATORS } from "./estimators";

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

/** Built-in workload kinds, keyed `apiVersion/kind`. Operators' kinds are in `estimators/`. */
export const WORKLOAD_ESTIMATORS: Record<string, ObjectEstimator> = {
    "v1/Pod": (o) => podRequests(o.spec),
    "apps/v1/Deployment": (o) => times(o.spec?.replicas ?? 1, podRequests(o.spec?.template?.spec)),
    "apps/v1/StatefulSet": (o) => times(o.spec?.replicas ?? 1, podRequests(o.spec?.template?.spec)),
    // A DaemonSet runs a pod per node; the render counts one node, as on minikube.
    "apps/v1/DaemonSet": (o) => podRequests(o.spec?.template?.spec),
    "batch/v1/Job": (o) => times(o.spec?.parallelism ?? 1, podRequests(o.spec?.template?.spec)),
};


export interface RenderedObject {
    apiVersion: string;
    kind: string;
    [field: string]: unknown;
}

export interface RenderedRelease {
    chart: string;
    values: Obj;
}

/** The whole stack's requests; `unestimated` names charts whose pods cannot be counted (none should be). */
export function stackRequests(objects: RenderedObject[], releases: RenderedRelease[]): { total: Requests; unestimated: string[] } {
    let total = ZERO;
    const unestimated: string[] = [];
    for (const obj of objects) {
        const key = `${obj.apiVersion}/${obj.kind}`;
        const estimate = WORKLOAD_ESTIMATORS[key] ?? CUSTOM_RESOURCE_ESTIMATORS[key];
        if (estimate) total = add(total, estimate(obj));
    }
    for (const release of releases) {
        const estimate = HELM_ESTIMATORS[release.chart];
        if (estimate) total = add(total, estimate(release.values));
        else unestimated.push(release.chart);
    }
    return { total: { cpuMillicores: Math.round(total.cpuMillicores), memoryMiB: Math.round(total.memoryMiB) }, unestimated };
}
