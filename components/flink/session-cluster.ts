import * as pulumi from "@pulumi/pulumi";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { createObject } from "../core/objects";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { allowedArtifactSchemesProblems, resolveArtifactPolicy, sessionJarUriProblems } from "./artifacts";
import { FlinkClusterArgs, FlinkJobArgs, ResolvedFlinkCluster, resolveFlinkCluster, resolveJob } from "./cluster-args";
import { flinkClusterProblems, flinkJobProblems, isPositiveInt, taskManagerReplicasProblems } from "./cluster-problems";
import { createFlinkCluster } from "./cluster-resources";
import { FLINK_REST_PORT } from "./config";
import { flinkSessionJobManifest, ResolvedSessionJob } from "./deployment";
import { once } from "../core/outputs";

export interface FlinkSessionJobArgs extends FlinkJobArgs {
    /** The FlinkSessionJob's name (a DNS label). Required. */
    name: string;
}

export interface FlinkSessionClusterArgs extends FlinkClusterArgs {
    /**
     * Jobs to run on the session cluster. The operator fetches each job's jar, so its jarURI must be one
     * the operator allows (see allowedArtifactSchemes). @default []
     */
    jobs?: FlinkSessionJobArgs[];
    /**
     * The URI schemes the Flink operator fetches session jobs' jars with: the operator's
     * allowedArtifactSchemes (kubernetes.operator.user.artifacts.allowed-schemes), which this cluster
     * cannot read itself. A job whose jarURI uses another scheme is refused here, before anything is
     * created, rather than left failed by the operator. @default ["https"] (the operator's default)
     */
    allowedArtifactSchemes?: string[];
    /**
     * Whether the Flink operator refuses jars from loopback, link-local and private hosts: the
     * operator's disallowRestrictedArtifactHosts (kubernetes.operator.user.artifacts.disallow-restricted-hosts).
     * @default true (the operator's default)
     */
    disallowRestrictedArtifactHosts?: boolean;
}

/** The session cluster's args without its storage: what its problems and defaults come from. */
export type FlinkSessionClusterShape = Omit<FlinkSessionClusterArgs, "storage">;

export interface ResolvedFlinkSessionCluster extends ResolvedFlinkCluster {
    taskManager: ResolvedFlinkCluster["taskManager"] & { replicas: number };
    jobs: ResolvedSessionJob[];
}

export function resolveFlinkSessionClusterArgs(name: string, args: FlinkSessionClusterShape): ResolvedFlinkSessionCluster {
    const c = resolveFlinkCluster(name, args);
    return {
        ...c,
        taskManager: { ...c.taskManager, replicas: c.taskManager.replicas ?? 1 },
        jobs: (args.jobs ?? []).map((job) => ({ ...resolveJob(job), name: job.name })),
    };
}

/** Every problem of the arguments, by argument path (the storage, an Input, is not looked at). */
export function flinkSessionClusterProblems(name: string, args: FlinkSessionClusterShape): Problem[] {
    const s = resolveFlinkSessionClusterArgs(name, args);
    const problems = new Problems()
        .add("", flinkClusterProblems(name, args))
        .add("", taskManagerReplicasProblems(args.taskManager?.replicas))
        .add("", allowedArtifactSchemesProblems(args.allowedArtifactSchemes));
    const policy = resolveArtifactPolicy(args.allowedArtifactSchemes, args.disallowRestrictedArtifactHosts);
    const seen = new Set<string>();
    (args.jobs ?? []).forEach((job, i) => {
        const jobProblems = flinkJobProblems(job);
        problems
            .check(isDnsLabel(job.name), `jobs[${i}].name`, dnsLabelMessage(job.name))
            .check(!seen.has(job.name), `jobs[${i}].name`, `must be unique among the jobs, got ${JSON.stringify(job.name)} again`)
            .add(`jobs[${i}]`, jobProblems);
        // A missing jarURI is reported once, by the job's own rules.
        if (!jobProblems.some((p) => p.path === "jarURI")) problems.add(`jobs[${i}].jarURI`, sessionJarUriProblems(job.jarURI, policy));
        seen.add(job.name);
    });
    // A size reported above would only repeat itself as a sum.
    const sized = [s.taskManager.replicas, s.taskManager.slots, ...s.jobs.map((job) => job.parallelism)].every(isPositiveInt);
    if (!sized) return problems.list;
    const slots = s.taskManager.replicas * s.taskManager.slots;
    const wanted = s.jobs.reduce((sum, job) => sum + job.parallelism, 0);
    return problems.check(
        wanted <= slots,
        "jobs",
        `must fit in the TaskManagers' slots, taskManager.replicas × taskManager.slots = ${s.taskManager.replicas} × ${s.taskManager.slots} = ${slots}, and their parallelism adds up to ${wanted}`,
    ).list;
}

/**
 * A Flink session cluster: one FlinkDeployment without a job, shared by the FlinkSessionJobs that run
 * on it, with the same HA, checkpointing, access, metrics and disruption budgets as an application.
 */
export class FlinkSessionCluster extends pulumi.ComponentResource {
    /** The FlinkDeployment's name; resolves once the cluster is stable. */
    public readonly clusterName: pulumi.Output<string>;
    public readonly restEndpoint: pulumi.Output<string>;
    /** Names of the session jobs; resolves once they run. */
    public readonly jobNames: pulumi.Output<string[]>;

    constructor(name: string, args: FlinkSessionClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("FlinkSessionCluster", name, flinkSessionClusterProblems(name, args));
        super("streaming-platform:index:FlinkSessionCluster", name, {}, opts);
        const resolved = resolveFlinkSessionClusterArgs(name, args);
        const deployment = createFlinkCluster(this, resolved, args.storage, args.zookeeperQuorum, args.kafka);
        // A session job needs its cluster's JobManager up, which the deployment's wait ensures.
        const jobs = resolved.jobs.map((job) => createObject(name, flinkSessionJobManifest(resolved, job), { parent: this, dependsOn: [deployment] }));
        this.clusterName = deployment.metadata.name;
        this.restEndpoint = pulumi.interpolate`http://${deployment.metadata.name}-rest.${resolved.namespace}:${FLINK_REST_PORT}`;
        this.jobNames = once(jobs, resolved.jobs.map((j) => j.name));
        this.registerOutputs({ clusterName: this.clusterName, restEndpoint: this.restEndpoint, jobNames: this.jobNames });
    }
}
