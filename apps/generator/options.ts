/** The generator's options: from the command line (and environment), or built by a caller in-process. */
import { choiceOption, integerOption, numberOption, parseOptions, stringOption, type OptionSpec } from "../fraud-records/cli";
import { KAFKA_OPTION_SPEC, kafkaConnection, type KafkaConnection } from "../fraud-records/kafka-connection";
import { DEFAULT_SIMULATED_START } from "./transactions";

export type Clock = "wall" | "simulated";

export interface GeneratorOptions {
    kafka: KafkaConnection;
    /** Default "transactions". */
    topic: string;
    /** Default 10. */
    accounts: number;
    /** Transactions per second; default 1, as the 2019 original. Sent in batches at high rates. */
    rate: number;
    /** Stop after this many; default: never (until the signal aborts). */
    count?: number;
    /** The PRNG's seed; default: a random one (then logged, so a run can be repeated). */
    seed: number;
    /** Whether the seed was chosen by the user (it sets the default clock). */
    seeded: boolean;
    /** wall: timestamp = now; simulated: startTime + n × intervalMs. Default: simulated when seeded, else wall. */
    clock: Clock;
    /** The simulated clock's first instant; default 1700000000000 when seeded, else now. */
    startTime: number;
    /** The simulated clock's step; default 1000 ms (the original's 1/s, whatever the send rate). */
    intervalMs: number;
    /** Jitter timestamps backwards by up to this; default 0, and below the job's 5 s out-of-orderness bound. */
    disorderMs: number;
    /** Chance per transaction of starting a fraud burst; default 0.01. */
    burstProbability: number;
    /** Replay this JSON-lines file instead of generating. */
    input?: string;
    /** Serve Prometheus metrics on this port (0: a free one); default: none. */
    metricsPort?: number;
}

const SPEC: OptionSpec = {
    ...KAFKA_OPTION_SPEC,
    topic: { type: "string" },
    accounts: { type: "string" },
    rate: { type: "string" },
    count: { type: "string" },
    seed: { type: "string" },
    clock: { type: "string" },
    "start-time": { type: "string" },
    interval: { type: "string" },
    disorder: { type: "string" },
    "burst-probability": { type: "string" },
    input: { type: "string" },
    "metrics-port": { type: "string" },
};

/** The job's bound for out-of-order events (its watermark strategy): more disorder makes it drop records. */
export const JOB_OUT_OF_ORDERNESS_MS = 5_000;

export function parseGeneratorArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, now = Date.now()): GeneratorOptions {
    const values = parseOptions("generator", SPEC, argv);
    const seedGiven = integerOption(values, "seed", undefined, -(2 ** 31), 2 ** 31 - 1);
    const seeded = seedGiven !== undefined;
    const clock = choiceOption<Clock>(values, "clock", ["wall", "simulated"], seeded ? "simulated" : "wall");
    if (clock === "wall" && (stringOption(values, "start-time") !== undefined || stringOption(values, "interval") !== undefined)) {
        throw new Error("--start-time and --interval set the simulated clock: give them with --clock simulated");
    }
    const metricsPort = integerOption(values, "metrics-port", env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined, 0, 65535);
    return {
        kafka: kafkaConnection(values, env, "fraud-generator"),
        topic: stringOption(values, "topic") ?? "transactions",
        accounts: integerOption(values, "accounts", 10, 2) as number,
        rate: numberOption(values, "rate", 1, 0, 1_000_000, true),
        count: integerOption(values, "count", undefined, 0),
        seed: seedGiven ?? (Math.floor(Math.random() * 2 ** 32) | 0),
        seeded,
        clock,
        startTime: integerOption(values, "start-time", seeded ? DEFAULT_SIMULATED_START : now, 0) as number,
        intervalMs: integerOption(values, "interval", 1_000, 0) as number,
        disorderMs: integerOption(values, "disorder", 0, 0, JOB_OUT_OF_ORDERNESS_MS - 1) as number,
        burstProbability: numberOption(values, "burst-probability", 0.01, 0, 1),
        input: stringOption(values, "input"),
        metricsPort,
    };
}
