/** Arguments both Flink cluster shapes share, their defaults, and their validation (pure). */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { CHECKPOINTING_MODES, CheckpointingArgs, FLINK_IMAGE, HA_TYPES, HaType, RESTART_STRATEGIES, RestartStrategyArgs } from "./config";
import { ProcessResources, ResolvedJob, UPGRADE_MODES } from "./manifests";
import type { FlinkStorage } from "./storage";
import { isDnsLabel } from "../core/labels";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";

export interface JobManagerArgs {
    /** JobManagers: 1, or 2 for a standby that takes over at once. @default 1 */
    replicas?: number;
    /** @default "500m" */
    cpu?: string;
    /** The JobManager's process memory. @default "1Gi" */
    memory?: string;
}

export interface TaskManagerArgs {
    /** TaskManagers. @default enough for the job's parallelism (application), 1 (session) */
    replicas?: number;
    /** Task slots of each TaskManager. @default 2 */
    slots?: number;
    /** @default "1" */
    cpu?: string;
    /** The TaskManager's process memory. @default "2Gi" */
    memory?: string;
}

export interface FlinkJobArgs {
    /** The job's jar, e.g. "local:///opt/flink/usrlib/job.jar" or "s3://artifacts/job.jar". Required. */
    jarURI: string;
    /** The job's main class. @default the jar's manifest */
    entryClass?: string;
    /** @default [] */
    args?: string[];
    /** @default 1 */
    parallelism?: number;
    /** How an upgrade carries state: "last-state" (the latest checkpoint, via HA metadata), "savepoint" or "stateless". @default "last-state" */
    upgradeMode?: string;
}

export interface FlinkClusterArgs {
    /** Namespace to run in; it must exist, and the Flink operator must watch it. */
    namespace: string;
    /** Where checkpoints, savepoints and HA metadata go, and how the pods reach it (see FlinkStorage). */
    storage: FlinkStorage;
    /** Flink's HA services: "kubernetes" or "zookeeper". @default "kubernetes" */
    haType?: string;
    /** ZooKeeper connect string, e.g. a ZooKeeperEnsemble's `connectString`; required with haType "zookeeper". */
    zookeeperQuorum?: pulumi.Input<string>;
    /** @default official `flink` image of FLINK_VERSION */
    image?: string;
    /** @default 1 JobManager, 500m, 1Gi */
    jobManager?: JobManagerArgs;
    /** @default 2 slots, 1 CPU, 2Gi */
    taskManager?: TaskManagerArgs;
    /** @default every 60 s, exactly once, 3 kept */
    checkpointing?: CheckpointingArgs;
    /** @default exponential delay from 10 s to 2 min */
    restartStrategy?: RestartStrategyArgs;
    /** Flink settings that override the platform's. @default {} */
    flinkConfiguration?: Record<string, string>;
    /** How long `pulumi up` waits for the cluster (and its jobs) to run. @default 600 */
    timeoutSeconds?: number;
}

export interface ResolvedClusterCommon {
    name: string;
    namespace: string;
    haType: HaType;
    hasZookeeperQuorum: boolean;
    image: string;
    jobManager: { replicas: number; resources: ProcessResources };
    taskManager: { replicas?: number; slots: number; resources: ProcessResources };
    checkpointing?: CheckpointingArgs;
    restartStrategy?: RestartStrategyArgs;
    timeoutSeconds: number;
}

export function resolveClusterCommon(name: string, args: Omit<FlinkClusterArgs, "storage">): ResolvedClusterCommon {
    return {
        name,
        namespace: args.namespace,
        haType: (args.haType ?? "kubernetes") as HaType,
        hasZookeeperQuorum: args.zookeeperQuorum !== undefined && args.zookeeperQuorum !== "",
        image: args.image ?? FLINK_IMAGE,
        jobManager: { replicas: args.jobManager?.replicas ?? 1, resources: { cpu: args.jobManager?.cpu ?? "500m", memory: args.jobManager?.memory ?? "1Gi" } },
        taskManager: {
            replicas: args.taskManager?.replicas,
            slots: args.taskManager?.slots ?? 2,
            resources: { cpu: args.taskManager?.cpu ?? "1", memory: args.taskManager?.memory ?? "2Gi" },
        },
        checkpointing: args.checkpointing,
        restartStrategy: args.restartStrategy,
        timeoutSeconds: args.timeoutSeconds ?? 600,
    };
}

export function resolveJob(job: FlinkJobArgs): ResolvedJob {
    return { jarURI: job.jarURI, entryClass: job.entryClass, args: job.args ?? [], parallelism: job.parallelism ?? 1, upgradeMode: job.upgradeMode ?? "last-state" };
}

const positiveInt = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1);

export function checkClusterCommon(checks: ArgumentChecks, c: ResolvedClusterCommon): void {
    checks.check(isDnsLabel(c.name) && c.name.length <= 45, `the name must be a DNS label of at most 45 characters (Flink derives Service and ConfigMap names from it), got "${c.name}"`);
    checks.check(isDnsLabel(c.namespace), `namespace must be a DNS label, got "${c.namespace}"`);
    checks.check((HA_TYPES as readonly string[]).includes(c.haType), `haType must be one of ${HA_TYPES.join(", ")}, got "${c.haType}"`);
    checks.check(c.haType !== "zookeeper" || c.hasZookeeperQuorum, `haType "zookeeper" needs zookeeperQuorum (the connect string of a ZooKeeper ensemble)`);
    checks.check([1, 2].includes(c.jobManager.replicas), `jobManager.replicas must be 1 or 2 (a standby), got ${c.jobManager.replicas}`);
    checks.check(positiveInt(c.taskManager.replicas), `taskManager.replicas must be a whole number, 1 or more, got ${c.taskManager.replicas}`);
    checks.check(positiveInt(c.taskManager.slots), `taskManager.slots must be a whole number, 1 or more, got ${c.taskManager.slots}`);
    for (const [role, r] of [["jobManager", c.jobManager.resources], ["taskManager", c.taskManager.resources]] as const) {
        checks.check(isCpuQuantity(r.cpu), `${role}.cpu must be a CPU quantity such as "500m" or "1", got "${r.cpu}"`);
        checks.check(isMemoryQuantity(r.memory), `${role}.memory must be a quantity such as "1Gi", got "${r.memory}"`);
    }
    const mode = c.checkpointing?.mode;
    checks.check(mode === undefined || (CHECKPOINTING_MODES as readonly string[]).includes(mode), `checkpointing.mode must be one of ${CHECKPOINTING_MODES.join(", ")}, got "${mode}"`);
    checks.check(positiveInt(c.checkpointing?.retained), `checkpointing.retained must be a whole number, 1 or more, got ${c.checkpointing?.retained}`);
    const restart = c.restartStrategy?.type;
    checks.check(restart === undefined || (RESTART_STRATEGIES as readonly string[]).includes(restart), `restartStrategy.type must be one of ${RESTART_STRATEGIES.join(", ")}, got "${restart}"`);
    checks.check(Number.isInteger(c.timeoutSeconds) && c.timeoutSeconds > 0, `timeoutSeconds must be a whole number above 0, got ${c.timeoutSeconds}`);
}

export function checkJob(checks: ArgumentChecks, arg: string, job: ResolvedJob): void {
    checks.check(job.jarURI !== undefined && job.jarURI !== "", `${arg}.jarURI is required: the job's artifact, e.g. "local:///opt/flink/usrlib/job.jar"`);
    checks.check(positiveInt(job.parallelism), `${arg}.parallelism must be a whole number, 1 or more, got ${job.parallelism}`);
    checks.check((UPGRADE_MODES as readonly string[]).includes(job.upgradeMode), `${arg}.upgradeMode must be one of ${UPGRADE_MODES.join(", ")}, got "${job.upgradeMode}"`);
}
