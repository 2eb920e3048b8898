/** Arguments both Flink cluster shapes share, and their defaults (pure). */
import type * as pulumi from "@pulumi/pulumi";
import { ANY_NAMESPACE, DEFAULT_MONITORING_NAMESPACE, NetworkPeerArgs } from "../core/network";
import { CheckpointingArgs, FLINK_IMAGE, RestartStrategyArgs } from "./config";
import { FLINK_OPERATOR_POD_LABELS } from "./operator";
import type { FlinkKafkaArgs } from "./kafka";
import type { FlinkStorage } from "./storage";

export interface JobManagerArgs {
    /** JobManagers: 1, or 2 for a standby that takes over at once. @default 1 */
    replicas?: number;
    /** @default "500m" */
    cpu?: string;
    /** The JobManager's process memory. @default "1Gi" */
    memory?: string;
}

export interface TaskManagerArgs {
    /**
     * TaskManagers of a session cluster. An application takes none: the operator starts as many as its
     * job's parallelism needs (job.parallelism ÷ slots, rounded up), so the parallelism asked for is
     * the parallelism that runs. @default 1 (session)
     */
    replicas?: number;
    /** Task slots of each TaskManager. @default 2 */
    slots?: number;
    /** @default "1" */
    cpu?: string;
    /** The TaskManager's process memory. @default "2Gi" */
    memory?: string;
}

export interface FlinkJobArgs {
    /**
     * The job's jar. An application's is usually in its image ("local:///opt/flink/usrlib/job.jar"); a
     * session job's is fetched by the operator, so it must use a scheme the operator allows ("https://…"
     * by default, see FlinkSessionClusterArgs.allowedArtifactSchemes). Required.
     */
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

/**
 * What both cluster shapes take. Plain values, not Outputs, except `storage` and `zookeeperQuorum`:
 * they are checked, and the cluster's names and sizes derived from them, before anything is created.
 * The storage and the quorum are only placed into the cluster's objects, which wait for them.
 */
export interface FlinkClusterArgs {
    /** Namespace to run in; it must exist, and the Flink operator must watch it. Required. */
    namespace: string;
    /**
     * Where checkpoints, savepoints and HA metadata go, and how the pods reach it (see FlinkStorage): a
     * checkpoint store's `flinkStorage` output, or a plain value. Required.
     */
    storage: pulumi.Input<FlinkStorage>;
    /** Flink's HA services: "kubernetes" or "zookeeper". @default "kubernetes" */
    haType?: string;
    /** ZooKeeper connect string, e.g. a ZooKeeperEnsemble's `connectString`; required with haType "zookeeper". @default none */
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
    /**
     * Who may connect to the JobManager's REST API and web UI (8081), and to no other port. Whoever
     * reaches it can submit jobs that run code as the cluster, so keep it to the operator. A peer names
     * no `ports`. @default the Flink operator's pods, in any namespace
     */
    restClients?: NetworkPeerArgs[];
    /** Namespace of the Prometheus that scrapes the metrics port (9249), its only way in. @default "monitoring" */
    monitoringNamespace?: string;
    /**
     * The KafkaUser the cluster's jobs reach Kafka as: its pods get the bootstrap address and the user's
     * credentials (from its Secret) as environment variables (see FLINK_KAFKA_ENV). The user's Secret must
     * be in this cluster's namespace. The Kafka cluster must admit the pods (`app: <cluster>`,
     * `type: flink-native-kubernetes`) among its `clients`.
     * @default none
     */
    kafka?: FlinkKafkaArgs;
}

/** The cluster args without what is only placed into its objects: all the problems functions look at. */
export type FlinkClusterShape = Omit<FlinkClusterArgs, "storage">;

/** CPU and memory of one Flink process, as Kubernetes quantities. */
export interface ProcessResources {
    cpu: string;
    memory: string;
}

export interface ResolvedJob {
    jarURI: string;
    entryClass?: string;
    args: string[];
    parallelism: number;
    upgradeMode: string;
}

/** One Flink cluster with its defaults applied: what the pure builders take, with a resolved storage. */
export interface ResolvedFlinkCluster {
    name: string;
    namespace: string;
    haType: string;
    image: string;
    jobManager: { replicas: number; resources: ProcessResources };
    /** `replicas` is set for a session cluster; an application's follow its job's parallelism. */
    taskManager: { replicas?: number; slots: number; resources: ProcessResources };
    checkpointing?: CheckpointingArgs;
    restartStrategy?: RestartStrategyArgs;
    /** The user's Flink settings, over the platform's. */
    flinkConfiguration: Record<string, string>;
    /** Application mode: the job the cluster runs; session mode: none. */
    job?: ResolvedJob;
    timeoutSeconds: number;
    restClients: NetworkPeerArgs[];
    monitoringNamespace: string;
}

export function resolveJob(job: FlinkJobArgs): ResolvedJob {
    return { jarURI: job.jarURI, entryClass: job.entryClass, args: job.args ?? [], parallelism: job.parallelism ?? 1, upgradeMode: job.upgradeMode ?? "last-state" };
}

/** The defaults both shapes share; `taskManager.replicas` stays as given. */
export function resolveFlinkCluster(name: string, args: FlinkClusterShape, job?: FlinkJobArgs): ResolvedFlinkCluster {
    return {
        name,
        namespace: args.namespace,
        haType: args.haType ?? "kubernetes",
        image: args.image ?? FLINK_IMAGE,
        jobManager: { replicas: args.jobManager?.replicas ?? 1, resources: { cpu: args.jobManager?.cpu ?? "500m", memory: args.jobManager?.memory ?? "1Gi" } },
        taskManager: {
            replicas: args.taskManager?.replicas,
            slots: args.taskManager?.slots ?? 2,
            resources: { cpu: args.taskManager?.cpu ?? "1", memory: args.taskManager?.memory ?? "2Gi" },
        },
        checkpointing: args.checkpointing,
        restartStrategy: args.restartStrategy,
        flinkConfiguration: args.flinkConfiguration ?? {},
        job: job === undefined ? undefined : resolveJob(job),
        timeoutSeconds: args.timeoutSeconds ?? 600,
        restClients: args.restClients ?? [{ namespace: ANY_NAMESPACE, podLabels: { ...FLINK_OPERATOR_POD_LABELS } }],
        monitoringNamespace: args.monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE,
    };
}

/**
 * The TaskManagers the cluster runs: a session's replicas, or as many as an application's job needs
 * (what the operator starts when the FlinkDeployment sets no replicas).
 */
export function taskManagerCount(c: Pick<ResolvedFlinkCluster, "taskManager" | "job">): number {
    return c.taskManager.replicas ?? Math.max(1, Math.ceil((c.job?.parallelism ?? 1) / c.taskManager.slots));
}
