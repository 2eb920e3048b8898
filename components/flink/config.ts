/**
 * Flink's configuration for the platform's clusters as a pure map of Flink keys (Flink 2.x names).
 * Exported so that a test can hand exactly this map to Flink's own code.
 */
import type { FlinkStorage } from "./storage";

export const FLINK_VERSION = "2.2.1";
/** The operator's name for that version (`spec.flinkVersion`). */
export const FLINK_VERSION_ENUM = "v2_2";
export const FLINK_IMAGE = `flink:${FLINK_VERSION}-java17`;
export const FLINK_METRICS_PORT = 9249;
/** The name of that port on Flink's main container, which PodMonitors select it by. */
export const FLINK_METRICS_PORT_NAME = "metrics";
/** The JobManager's REST API and web UI (Flink's rest.port default), which the operator drives the cluster through. */
export const FLINK_REST_PORT = 8081;

export const HA_TYPES = ["kubernetes", "zookeeper"] as const;
export type HaType = (typeof HA_TYPES)[number];
export const CHECKPOINTING_MODES = ["EXACTLY_ONCE", "AT_LEAST_ONCE"] as const;
export const RESTART_STRATEGIES = ["exponential-delay", "fixed-delay", "failure-rate", "none"] as const;
/** How an upgrade carries a job's state (`job.upgradeMode`). */
export const UPGRADE_MODES = ["last-state", "savepoint", "stateless"] as const;

export interface CheckpointingArgs {
    /** Time between checkpoints, in Flink's duration syntax. @default "60 s" */
    interval?: string;
    /** @default "EXACTLY_ONCE" */
    mode?: string;
    /** Completed checkpoints kept. @default 3 */
    retained?: number;
    /** Least time between the end of one checkpoint and the start of the next. @default "10 s" */
    minPause?: string;
    /** A checkpoint that takes longer fails. @default "10 min" */
    timeout?: string;
}

export interface RestartStrategyArgs {
    /** "exponential-delay", "fixed-delay", "failure-rate" or "none". @default "exponential-delay" */
    type?: string;
    /** Attempts (fixed-delay) or failures per interval (failure-rate). @default 10 */
    attempts?: number;
    /** Delay between attempts; the initial backoff for exponential-delay. @default "10 s" */
    delay?: string;
    /** Longest backoff of exponential-delay. @default "2 min" */
    maxDelay?: string;
}

/** Everything the map is built from, every value known: the storage is a resolved FlinkStorage. */
export interface FlinkConfigurationArgs {
    /** The HA services: "kubernetes" or "zookeeper". */
    haType: HaType;
    /** ZooKeeper connect string, with haType "zookeeper". */
    zookeeperQuorum?: string;
    /** Root znode under which this cluster keeps its HA data. @default "/flink" */
    zookeeperRoot?: string;
    storage: Pick<FlinkStorage, "checkpointsUri" | "savepointsUri" | "haStorageUri" | "flinkConfiguration">;
    checkpointing?: CheckpointingArgs;
    restartStrategy?: RestartStrategyArgs;
    /** Task slots of each TaskManager. */
    slotsPerTaskManager: number;
    /** Default parallelism of jobs that set none. */
    parallelism?: number;
    /** The ServiceAccount the TaskManager pods run as, when it is not the JobManager's. @default the JobManager's */
    taskManagerServiceAccount?: string;
    /** Settings of the user's that override the platform's. @default {} */
    extra?: Record<string, string>;
}

function restartSettings(r: RestartStrategyArgs | undefined): Record<string, string> {
    const type = r?.type ?? "exponential-delay";
    const attempts = String(r?.attempts ?? 10);
    const delay = r?.delay ?? "10 s";
    switch (type) {
        case "fixed-delay":
            return { "restart-strategy.type": type, "restart-strategy.fixed-delay.attempts": attempts, "restart-strategy.fixed-delay.delay": delay };
        case "failure-rate":
            return {
                "restart-strategy.type": type,
                "restart-strategy.failure-rate.max-failures-per-interval": attempts,
                "restart-strategy.failure-rate.failure-rate-interval": "5 min",
                "restart-strategy.failure-rate.delay": delay,
            };
        case "none":
            return { "restart-strategy.type": type };
        default:
            return {
                "restart-strategy.type": "exponential-delay",
                "restart-strategy.exponential-delay.initial-backoff": delay,
                "restart-strategy.exponential-delay.max-backoff": r?.maxDelay ?? "2 min",
                "restart-strategy.exponential-delay.backoff-multiplier": "2.0",
                "restart-strategy.exponential-delay.reset-backoff-threshold": "10 min",
                "restart-strategy.exponential-delay.jitter-factor": "0.1",
            };
    }
}

/** The Flink configuration map of one cluster. Later keys win: storage settings, then the user's `extra`. */
export function flinkConfiguration(args: FlinkConfigurationArgs): Record<string, string> {
    const c = args.checkpointing ?? {};
    const ha: Record<string, string> =
        args.haType === "zookeeper"
            ? {
                  "high-availability.type": "zookeeper",
                  "high-availability.zookeeper.quorum": args.zookeeperQuorum ?? "",
                  "high-availability.zookeeper.path.root": args.zookeeperRoot ?? "/flink",
              }
            : { "high-availability.type": "kubernetes" };
    return {
        ...ha,
        ...(args.taskManagerServiceAccount !== undefined ? { "kubernetes.taskmanager.service-account": args.taskManagerServiceAccount } : {}),
        "high-availability.storageDir": args.storage.haStorageUri,
        "state.backend.type": "rocksdb",
        "execution.checkpointing.incremental": "true",
        "execution.checkpointing.dir": args.storage.checkpointsUri,
        "execution.checkpointing.savepoint-dir": args.storage.savepointsUri,
        "execution.checkpointing.interval": c.interval ?? "60 s",
        "execution.checkpointing.mode": c.mode ?? "EXACTLY_ONCE",
        "execution.checkpointing.num-retained": String(c.retained ?? 3),
        "execution.checkpointing.min-pause": c.minPause ?? "10 s",
        "execution.checkpointing.timeout": c.timeout ?? "10 min",
        // A cancelled job keeps its last checkpoint, so it can be restored by hand.
        "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
        ...restartSettings(args.restartStrategy),
        "taskmanager.numberOfTaskSlots": String(args.slotsPerTaskManager),
        ...(args.parallelism !== undefined ? { "parallelism.default": String(args.parallelism) } : {}),
        "metrics.reporter.prom.factory.class": "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        "metrics.reporter.prom.port": String(FLINK_METRICS_PORT),
        ...(args.storage.flinkConfiguration ?? {}),
        ...(args.extra ?? {}),
    };
}
