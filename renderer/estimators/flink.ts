/** Requests of what the Flink operator runs: each FlinkDeployment's JobManagers and TaskManagers, and the operator itself. */
import { cpuMillicores } from "../../components/core/quantity";
import { add, containerRequests, Obj, Requests, times, ZERO } from "../pod-requests";

/** Flink's memory syntax: "1024m" and "1g" are MiB and GiB (Flink's MemorySize, not Kubernetes units). */
export function flinkMemoryMiB(memory: string): number {
    const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb|t|tb)?$/i.exec(memory.trim());
    if (!match) throw new Error(`not a Flink memory size: "${memory}"`);
    const factor: Record<string, number> = { b: 1 / 2 ** 20, k: 1 / 1024, kb: 1 / 1024, m: 1, mb: 1, g: 1024, gb: 1024, t: 2 ** 20, tb: 2 ** 20 };
    return Number(match[1]) * factor[(match[2] ?? "b").toLowerCase()];
}

function processRequests(resource: Obj | undefined): Requests {
    if (!resource) return ZERO;
    return { cpuMillicores: cpuMillicores(resource.cpu ?? 0), memoryMiB: resource.memory ? flinkMemoryMiB(String(resource.memory)) : 0 };
}

/**
 * The TaskManagers a FlinkDeployment runs: its replicas, or, without them, what the operator starts for
 * an application's job: its parallelism over the slots per TaskManager, rounded up (Flink's defaults: 1).
 */
export function flinkTaskManagers(spec: Obj): number {
    if (spec.taskManager?.replicas !== undefined) return Number(spec.taskManager.replicas);
    if (spec.job === undefined) return 1;
    const conf = spec.flinkConfiguration ?? {};
    const parallelism = Number(spec.job.parallelism ?? conf["parallelism.default"] ?? 1);
    const slots = Number(conf["taskmanager.numberOfTaskSlots"] ?? 1);
    return Math.max(1, Math.ceil(parallelism / slots));
}

export function flinkDeploymentRequests(deployment: Obj): Requests {
    const spec = deployment.spec ?? {};
    const jobManager = times(spec.jobManager?.replicas ?? 1, processRequests(spec.jobManager?.resource));
    const taskManager = times(flinkTaskManagers(spec), processRequests(spec.taskManager?.resource));
    return add(jobManager, taskManager);
}

export const customResources = {
    "flink.apache.org/v1beta1/FlinkDeployment": flinkDeploymentRequests,
};

export const charts = {
    "flink-kubernetes-operator": (values: Obj) => containerRequests(values.operatorPod?.resources),
};
