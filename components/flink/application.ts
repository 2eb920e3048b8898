import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { checkClusterCommon, checkJob, FlinkClusterArgs, FlinkJobArgs, ResolvedClusterCommon, resolveClusterCommon, resolveJob } from "./cluster-args";
import { createFlinkCluster } from "./cluster-resources";
import type { ResolvedJob } from "./manifests";

export interface FlinkApplicationArgs extends FlinkClusterArgs {
    /** The job this cluster runs (application mode: one cluster per job). Required. */
    job: FlinkJobArgs;
}

export interface ResolvedFlinkApplication extends ResolvedClusterCommon {
    job: ResolvedJob;
    taskManager: ResolvedClusterCommon["taskManager"] & { replicas: number };
}

/** Defaults, with TaskManagers enough to hold the job's parallelism unless set. */
export function resolveFlinkApplicationArgs(name: string, args: Omit<FlinkApplicationArgs, "storage">): ResolvedFlinkApplication {
    const common = resolveClusterCommon(name, args);
    const job = resolveJob(args.job ?? ({} as FlinkJobArgs));
    const replicas = common.taskManager.replicas ?? Math.max(1, Math.ceil(job.parallelism / common.taskManager.slots));
    return { ...common, job, taskManager: { ...common.taskManager, replicas } };
}

export function validateFlinkApplication(a: ResolvedFlinkApplication): ArgumentChecks {
    const checks = new ArgumentChecks("FlinkApplication", a.name);
    checkClusterCommon(checks, a);
    checkJob(checks, "job", a.job);
    const slots = a.taskManager.replicas * a.taskManager.slots;
    checks.check(
        a.job.parallelism <= slots,
        `job.parallelism (${a.job.parallelism}) is more than the TaskManagers' slots can hold: taskManager.replicas × taskManager.slots = ${a.taskManager.replicas} × ${a.taskManager.slots} = ${slots}`,
    );
    return checks;
}

/**
 * A Flink application cluster ("job cluster"): one FlinkDeployment that runs one job, with HA,
 * RocksDB incremental checkpoints to the given storage, a ServiceAccount and Role limited to what
 * Flink needs, Prometheus metrics on the port named `metrics`, and PodDisruptionBudgets.
 * `pulumi up` waits until the deployment is stable and the job running.
 */
export class FlinkApplication extends pulumi.ComponentResource {
    /** The FlinkDeployment's name (also the Flink cluster id). */
    public readonly clusterName: pulumi.Output<string>;
    /** The REST endpoint of the JobManager, inside the cluster. */
    public readonly restEndpoint: pulumi.Output<string>;

    constructor(name: string, args: FlinkApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveFlinkApplicationArgs(name, args);
        validateFlinkApplication(resolved).throwIfAny();
        super("streaming-platform:index:FlinkApplication", name, {}, opts);
        const { deployment } = createFlinkCluster(this, resolved, args, resolved.job);
        this.clusterName = deployment.metadata.name;
        this.restEndpoint = pulumi.interpolate`http://${deployment.metadata.name}-rest.${resolved.namespace}:8081`;
        this.registerOutputs({ clusterName: this.clusterName, restEndpoint: this.restEndpoint });
    }
}
