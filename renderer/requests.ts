/**
 * What a rendered stack asks of the cluster: CPU and memory requests of every workload, whether a
 * Kubernetes object, a custom resource an operator turns into pods, or a Helm release's values.
 * Each kind that makes pods has an estimator here; a later component that adds one adds its estimator.
 */
import { add, Obj, ObjectEstimator, podRequests, Requests, times, ZERO } from "./pod-requests";
import { CUSTOM_RESOURCE_ESTIMATORS, HELM_ESTIMATORS } from "./estimators";

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

/** What one workload (an object that makes pods, or a Helm release) asks of the cluster. */
export interface WorkloadRequests {
    /** `Kind/name`, or `helm/<release>`. */
    workload: string;
    namespace?: string;
    requests: Requests;
}

/** The requests of every workload the objects and releases describe; `unestimated` names charts whose pods cannot be counted. */
export function workloadRequests(objects: RenderedObject[], releases: (RenderedRelease & { name?: string; namespace?: string })[]): { workloads: WorkloadRequests[]; unestimated: string[] } {
    const workloads: WorkloadRequests[] = [];
    const unestimated: string[] = [];
    for (const obj of objects) {
        const key = `${obj.apiVersion}/${obj.kind}`;
        const estimate = WORKLOAD_ESTIMATORS[key] ?? CUSTOM_RESOURCE_ESTIMATORS[key];
        const metadata = (obj.metadata ?? {}) as { name?: string; namespace?: string };
        if (estimate) workloads.push({ workload: `${obj.kind}/${metadata.name}`, namespace: metadata.namespace, requests: estimate(obj) });
    }
    for (const release of releases) {
        const estimate = HELM_ESTIMATORS[release.chart];
        if (estimate) workloads.push({ workload: `helm/${release.name ?? release.chart}`, namespace: release.namespace, requests: estimate(release.values) });
        else unestimated.push(release.chart);
    }
    return { workloads, unestimated };
}

/** The whole stack's requests; `unestimated` names charts whose pods cannot be counted (none should be). */
export function stackRequests(objects: RenderedObject[], releases: RenderedRelease[]): { total: Requests; unestimated: string[] } {
    const { workloads, unestimated } = workloadRequests(objects, releases);
    const total = workloads.map((w) => w.requests).reduce(add, ZERO);
    return { total: { cpuMillicores: Math.round(total.cpuMillicores), memoryMiB: Math.round(total.memoryMiB) }, unestimated };
}
