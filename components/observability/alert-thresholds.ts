/**
 * The bounds of the platform's alerts: plain values (they are checked and written into expressions),
 * each with its default. Durations are Prometheus durations (`30s`, `5m`, `1h`).
 */
import { Problems, type Problem } from "../core/problems";

export interface AlertThresholdsArgs {
    /** How long a Flink job may be out of RUNNING before it alerts. @default "5m" */
    flinkJobNotRunningFor?: string;
    /** Restarts of a Flink job within `flinkRestartWindow` that are tolerated. @default 2 */
    flinkRestarts?: number;
    /** @default "15m" */
    flinkRestartWindow?: string;
    /** Failed checkpoints of a job within `checkpointFailureWindow` that are tolerated. @default 0 */
    checkpointFailures?: number;
    /** @default "10m" */
    checkpointFailureWindow?: string;
    /** The longest a running job may go without a completed checkpoint. @default "15m" */
    checkpointMaxAge?: string;
    /** Milliseconds per second a task may be back-pressured (of 1000) before it counts. @default 500 */
    backpressureMsPerSecond?: number;
    /** How long back-pressure must last to alert. @default "10m" */
    backpressureFor?: string;
    /** Records a job's Kafka sources may lag behind before growth of that lag alerts. @default 10000 */
    consumerLagRecords?: number;
    /** The window over which the lag must have grown. @default "10m" */
    consumerLagWindow?: string;
    /** How long partitions may be under-replicated (or a broker's ISR shrinking) before it alerts. @default "5m" */
    kafkaReplicationFor?: string;
    /** How long ZooKeeper may be without a quorum (a leader election takes seconds). @default "1m" */
    zookeeperQuorumFor?: string;
    /** How long an operator may be unavailable or unscraped. @default "5m" */
    operatorDownFor?: string;
    /** Container restarts within `podRestartWindow` that are tolerated. @default 3 */
    podRestarts?: number;
    /** @default "15m" */
    podRestartWindow?: string;
    /** How long a pod may be not ready. @default "10m" */
    podNotReadyFor?: string;
}

export const ALERT_THRESHOLD_DEFAULTS: Required<AlertThresholdsArgs> = {
    flinkJobNotRunningFor: "5m",
    flinkRestarts: 2,
    flinkRestartWindow: "15m",
    checkpointFailures: 0,
    checkpointFailureWindow: "10m",
    checkpointMaxAge: "15m",
    backpressureMsPerSecond: 500,
    backpressureFor: "10m",
    consumerLagRecords: 10000,
    consumerLagWindow: "10m",
    kafkaReplicationFor: "5m",
    zookeeperQuorumFor: "1m",
    operatorDownFor: "5m",
    podRestarts: 3,
    podRestartWindow: "15m",
    podNotReadyFor: "10m",
};

/** A Prometheus duration of one unit, as the rules use them: a whole number and ms, s, m, h or d. */
const DURATION = /^[1-9][0-9]*(ms|s|m|h|d)$/;

/** The thresholds with every default filled in. */
export function alertThresholds(args: AlertThresholdsArgs = {}): Required<AlertThresholdsArgs> {
    const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    return { ...ALERT_THRESHOLD_DEFAULTS, ...given };
}

export function alertThresholdsProblems(args: AlertThresholdsArgs = {}): Problem[] {
    const problems = new Problems();
    const known = new Set(Object.keys(ALERT_THRESHOLD_DEFAULTS));
    for (const [key, value] of Object.entries(args)) {
        if (value === undefined) continue;
        if (!known.has(key)) {
            problems.check(false, key, `is not a threshold; allowed: ${[...known].join(", ")}`);
            continue;
        }
        const wanted = ALERT_THRESHOLD_DEFAULTS[key as keyof AlertThresholdsArgs];
        if (typeof wanted === "string") {
            problems.check(typeof value === "string" && DURATION.test(value), key, `must be a Prometheus duration such as "30s", "5m" or "1h", got ${JSON.stringify(value)}`);
        } else {
            problems.check(typeof value === "number" && Number.isFinite(value) && value >= 0, key, `must be a number of 0 or more, got ${JSON.stringify(value)}`);
        }
    }
    const ms = args.backpressureMsPerSecond;
    problems.check(typeof ms !== "number" || ms < 1000, "backpressureMsPerSecond", `must be below 1000 (milliseconds of each second), got ${ms}`);
    return problems.list;
}
