import * as pulumi from "@pulumi/pulumi";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { FlinkClusterArgs, FlinkJobArgs, ResolvedFlinkCluster, resolveFlinkCluster } from "./cluster-args";
import { flinkClusterProblems, flinkJobProblems } from "./cluster-problems";
import { createFlinkCluster } from "./cluster-resources";
import { FLINK_REST_PORT } from "./config";

/** A cluster that runs one job. `taskManager.replicas` is not taken: the job's parallelism sizes the cluster. */
export interface FlinkApplicationArgs extends FlinkClusterArgs {
    /** The job this cluster runs (application mode: one cluster per job). Required. */
    job: FlinkJobArgs;
}

/** The application's args without its storage: what its problems and defaults come from. */
export type FlinkApplicationShape = Omit<FlinkApplicationArgs, "storage">;

/** The defaults, and no TaskManager replicas: the operator derives them from the job's parallelism. */
export function resolveFlinkApplicationArgs(name: string, args: FlinkApplicationShape): ResolvedFlinkCluster {
    const c = resolveFlinkCluster(name, args, args.job ?? { jarURI: "" });
    return { ...c, taskManager: { ...c.taskManager, replicas: undefined } };
}

/** Every problem of the arguments, by argument path (the storage, an Input, is not looked at). */
export function flinkApplicationProblems(name: string, args: FlinkApplicationShape): Problem[] {
    const problems = new Problems()
        .add("", flinkClusterProblems(name, args))
        .check(
            args.taskManager?.replicas === undefined,
            "taskManager.replicas",
            "is only used by a session cluster: an application runs the TaskManagers its job.parallelism needs (job.parallelism ÷ taskManager.slots, rounded up)",
        )
        // Other Pulumi languages can leave out a required argument.
        .check(args.job !== undefined, "job", 'is required: the job the cluster runs, e.g. { jarURI: "local:///opt/flink/usrlib/job.jar" }');
    if (args.job !== undefined) problems.add("job", flinkJobProblems(args.job));
    return problems.list;
}

/**
 * A Flink application cluster ("job cluster"): one FlinkDeployment that runs one job at the
 * parallelism it asks for, with HA, RocksDB incremental checkpoints to the given storage, a
 * ServiceAccount and Role limited to what Flink needs, Prometheus metrics on the port named
 * `metrics`, and PodDisruptionBudgets. `pulumi up` waits until the deployment is stable and the job running.
 */
export class FlinkApplication extends pulumi.ComponentResource {
    /** The FlinkDeployment's name (also the Flink cluster id); resolves once the deployment is stable. */
    public readonly clusterName: pulumi.Output<string>;
    /** The REST endpoint of the JobManager, inside the cluster. */
    public readonly restEndpoint: pulumi.Output<string>;

    constructor(name: string, args: FlinkApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("FlinkApplication", name, flinkApplicationProblems(name, args));
        super("streaming-platform:index:FlinkApplication", name, {}, opts);
        const resolved = resolveFlinkApplicationArgs(name, args);
        const deployment = createFlinkCluster(this, resolved, args.storage, args.zookeeperQuorum, args.kafka);
        this.clusterName = deployment.metadata.name;
        this.restEndpoint = pulumi.interpolate`http://${deployment.metadata.name}-rest.${resolved.namespace}:${FLINK_REST_PORT}`;
        this.registerOutputs({ clusterName: this.clusterName, restEndpoint: this.restEndpoint });
    }
}
