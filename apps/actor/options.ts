/** The actor's options: from the command line (and environment), or built by a caller in-process. */
import { integerOption, parseOptions, stringOption, type OptionSpec } from "../fraud-records/cli";
import { KAFKA_OPTION_SPEC, kafkaConnection, type KafkaConnection } from "../fraud-records/kafka-connection";

export interface ActorOptions {
    kafka: KafkaConnection;
    /** Default "fraud". */
    topic: string;
    /** Default "fraud-actor". */
    groupId: string;
    /** Append each detection here, one JSON per line, exactly as received. */
    output?: string;
    /** Where a group without committed offsets starts: the beginning (default) or the end. */
    fromBeginning: boolean;
    /** Serve Prometheus metrics on this port (0: a free one); default: none. */
    metricsPort?: number;
    /** The metrics server's host; default every address. */
    metricsHost?: string;
    /** Where the detection lines go; default stdout. */
    print?: (line: string) => void;
    /** Where errors and skipped records are reported; default stderr. */
    log?: (line: string) => void;
}

const SPEC: OptionSpec = {
    ...KAFKA_OPTION_SPEC,
    topic: { type: "string" },
    "group-id": { type: "string" },
    output: { type: "string" },
    "from-beginning": { type: "boolean" },
    "metrics-port": { type: "string" },
};

export function parseActorArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ActorOptions {
    const values = parseOptions("actor", SPEC, argv);
    const fromBeginning = values["from-beginning"];
    return {
        kafka: kafkaConnection(values, env, "fraud-actor"),
        topic: stringOption(values, "topic") ?? "fraud",
        groupId: stringOption(values, "group-id") ?? "fraud-actor",
        output: stringOption(values, "output"),
        fromBeginning: typeof fromBeginning === "boolean" ? fromBeginning : true,
        metricsPort: integerOption(values, "metrics-port", env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined, 0, 65535),
    };
}
