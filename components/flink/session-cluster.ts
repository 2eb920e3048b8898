import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { checkClusterCommon, checkJob, FlinkClusterArgs, FlinkJobArgs, ResolvedClusterCommon, resolveClusterCommon, resolveJob } from "./cluster-args";
import { createFlinkCluster } from "./cluster-resources";
import { flinkSessionJobManifest, ResolvedSessionJob } from "./manifests";
import { createObject } from "../core/objects";
import { isDnsLabel } from "../core/labels";

export interface FlinkSessionJobArgs extends FlinkJobArgs {
    /** The FlinkSessionJob's name (a DNS label). Required. */
    name: string;
}

export interface FlinkSessionClusterArgs extends FlinkClusterArgs {
    /** Jobs to run on the session cluster. @default [] */
    jobs?: FlinkSessionJobArgs[];
}

export interface ResolvedFlinkSessionCluster extends ResolvedClusterCommon {
    taskManager: ResolvedClusterCommon["taskManager"] & { replicas: number };
    jobs: ResolvedSessionJob[];
}

export function resolveFlinkSessionClusterArgs(name: string, args: Omit<FlinkSessionClusterArgs, "storage">): ResolvedFlinkSessionCluster {
    const common = resolveClusterCommon(name, args);
    return {
        ...common,
        taskManager: { ...common.taskManager, replicas: common.taskManager.replicas ?? 1 },
        jobs: (args.jobs ?? []).map((job) => ({ ...resolveJob(job), name: job.name })),
    };
}

export function validateFlinkSessionCluster(s: ResolvedFlinkSessionCluster): ArgumentChecks {
    const checks = new ArgumentChecks("FlinkSessionCluster", s.name);
    checkClusterCommon(checks, s);
    const names = new Set<string>();
    s.jobs.forEach((job, i) => {
        checks.check(isDnsLabel(job.name ?? ""), `jobs[${i}].name must be a DNS label, got "${job.name}"`);
        checks.check(!names.has(job.name), `jobs[${i}].name "${job.name}" is used twice`);
        names.add(job.name);
        checkJob(checks, `jobs[${i}]`, job);
    });
    const slots = s.taskManager.replicas * s.taskManager.slots;
    const wanted = s.jobs.reduce((sum, job) => sum + job.parallelism, 0);
    checks.check(
        wanted <= slots,
        `the jobs' parallelism adds up to ${wanted}, more than the TaskManagers' slots can hold: taskManager.replicas × taskManager.slots = ${s.taskManager.replicas} × ${s.taskManager.slots} = ${slots}`,
    );
    return checks;
}

/**
 * A Flink session cluster: one FlinkDeployment without a job, shared by the FlinkSessionJobs that run
 * on it, with the same HA, checkpointing, access, metrics and disruption budgets as an application.
 */
export class FlinkSessionCluster extends pulumi.ComponentResource {
    public readonly clusterName: pulumi.Output<string>;
    public readonly restEndpoint: pulumi.Output<string>;
    /** Names of the session jobs. */
    public readonly jobNames: pulumi.Output<string[]>;

    constructor(name: string, args: FlinkSessionClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveFlinkSessionClusterArgs(name, args);
        validateFlinkSessionCluster(resolved).throwIfAny();
        super("streaming-platform:index:FlinkSessionCluster", name, {}, opts);
        const { deployment, cluster } = createFlinkCluster(this, resolved, args, undefined);
        for (const job of resolved.jobs) {
            // A session job needs its cluster's JobManager up, which the deployment's wait ensures.
            createObject(name, flinkSessionJobManifest(cluster, job), { parent: this, dependsOn: [deployment] });
        }
        this.clusterName = deployment.metadata.name;
        this.restEndpoint = pulumi.interpolate`http://${deployment.metadata.name}-rest.${resolved.namespace}:8081`;
        this.jobNames = pulumi.output(resolved.jobs.map((j) => j.name));
        this.registerOutputs({ clusterName: this.clusterName, restEndpoint: this.restEndpoint, jobNames: this.jobNames });
    }
}
