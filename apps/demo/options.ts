/** The demo's command line: `npm run demo -- [options]` (see usage below). */
import { integerOption, numberOption, parseOptions, stringOption, type OptionSpec } from "../fraud-records/cli";

export interface DemoOptions {
    /** Generate this many transactions, then drain the job and stop; default: generate until Ctrl-C. */
    transactions?: number;
    /** Replay this JSON-lines file (as is, malformed lines included), then drain the job and stop. */
    input?: string;
    /** Transactions sent per second; default 200. */
    rate: number;
    /** The generator's seed; default a random one (the generator logs it). */
    seed?: number;
    /** The detections, one JSON line each as the job wrote them; the file is replaced. */
    output?: string;
    /**
     * Accounts of the generated traffic; default 20. With the generator's own default of 10 (90 pairs)
     * ordinary traffic alone often passes 10,000 in a 10-minute window, and the bursts drown among them.
     */
    accounts: number;
    /** The fraud job's settings, passed on as the job's arguments (the job checks them): default "10000". */
    threshold: string;
    /** Default "10 min". */
    windowSize: string;
    /** Default "2 min". */
    windowSlide: string;
    /** Default "5 s". */
    outOfOrderness: string;
}

const SPEC: OptionSpec = {
    transactions: { type: "string" },
    input: { type: "string" },
    rate: { type: "string" },
    seed: { type: "string" },
    output: { type: "string" },
    accounts: { type: "string" },
    threshold: { type: "string" },
    "window-size": { type: "string" },
    "window-slide": { type: "string" },
    "out-of-orderness": { type: "string" },
    help: { type: "boolean" },
};

export const USAGE = `npm run demo -- [options]

The fraud pipeline on this machine: a local Kafka broker, the Flink fraud job on a local MiniCluster,
the generator and the actor. Needs Java 17+ and Maven (the first run downloads Kafka and Flink).

  --transactions N        generate N transactions, then let every window fire and stop
  --input FILE            replay FILE (JSON lines, sent as they are), then let every window fire and stop
                          (without either: generate until Ctrl-C)
  --rate R                transactions per second (default 200; event time advances 1 s per transaction)
  --seed S                the generator's seed (default: random, and logged)
  --accounts N            accounts of the generated traffic (default 20)
  --output FILE           write each detection to FILE as a JSON line (FILE is replaced)
  --threshold N           a window above this total is fraud (default 10000)
  --window-size D         (default "10 min")
  --window-slide D        (default "2 min")
  --out-of-orderness D    how late a transaction may arrive (default "5 s")`;

/** The options of `argv`; throws an error that names the option when one is wrong. Undefined for --help. */
export function parseDemoArgs(argv: string[]): DemoOptions | undefined {
    const values = parseOptions("demo", SPEC, argv);
    if (values.help === true) return undefined;
    const options: DemoOptions = {
        transactions: integerOption(values, "transactions", undefined, 0),
        input: stringOption(values, "input"),
        rate: numberOption(values, "rate", 200, 0, 1_000_000, true),
        seed: integerOption(values, "seed", undefined, -(2 ** 31), 2 ** 31 - 1),
        output: stringOption(values, "output"),
        accounts: integerOption(values, "accounts", 20, 2) as number,
        threshold: stringOption(values, "threshold") ?? "10000",
        windowSize: stringOption(values, "window-size") ?? "10 min",
        windowSlide: stringOption(values, "window-slide") ?? "2 min",
        outOfOrderness: stringOption(values, "out-of-orderness") ?? "5 s",
    };
    if (options.transactions !== undefined && options.input !== undefined) {
        throw new Error("--transactions and --input are mutually exclusive: generate N transactions, or replay a file");
    }
    if (options.input !== undefined && (options.seed !== undefined || values.accounts !== undefined)) {
        throw new Error("--seed and --accounts set the generated traffic: they do not apply to --input");
    }
    return options;
}

/** Whether the run ends by itself (drains the job, then stops) rather than at Ctrl-C. */
export function isBounded(options: DemoOptions): boolean {
    return options.transactions !== undefined || options.input !== undefined;
}
