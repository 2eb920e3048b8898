/**
 * One run of the fraud pipeline on this machine: local Kafka broker → topics → the fraud job's local
 * runner → the actor → the generator; then, for a bounded run, drain the job (every window fires and
 * its Kafka transactions commit) and let the actor read to the end. Everything started is stopped, and
 * the scratch directory removed, on every path (Cleanup).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startActor } from "../actor/actor";
import { runGenerator } from "../generator/run";
import type { GeneratorOptions } from "../generator/options";
import { DEFAULT_SIMULATED_START } from "../generator/transactions";
import { createTopics, startLocalKafka } from "../local-kafka/broker";
import { Cleanup } from "./cleanup";
import { ensureFraudJobBuilt } from "./fraud-job-build";
import { startFraudJob } from "./fraud-job-process";
import { requireJava } from "./java";
import { isBounded, type DemoOptions } from "./options";

export const TOPICS = {
    transactions: "transactions",
    fraud: "fraud",
    deadLetter: "transactions-dead-letter",
};

export interface DemoIo {
    /** Progress and errors; default stderr. */
    log: (line: string) => void;
    /** The detections and the summary; default stdout. */
    print: (line: string) => void;
}

export interface DemoSummary {
    /** Transactions the broker acknowledged. */
    sent: number;
    detections: number;
    elapsedMs: number;
    /** Whether a signal ended the run (for a bounded run: before it was done). */
    interrupted: boolean;
}

/** Thrown out of a step when the signal aborts it: the run then stops, which is not an error. */
class Interrupted extends Error {}

export async function runDemo(options: DemoOptions, signal: AbortSignal, io: DemoIo): Promise<DemoSummary> {
    const started = Date.now();
    const { log } = io;
    const cleanup = new Cleanup(log);
    let sent = 0;
    let detections = 0;
    const aborted = new Promise<never>((_, reject) => {
        const stop = () => reject(new Interrupted());
        if (signal.aborted) stop();
        else signal.addEventListener("abort", stop, { once: true });
    });
    aborted.catch(() => undefined);
    /** `step`, unless the signal aborts first. */
    const until = <T>(step: Promise<T>, ...failures: Promise<never>[]): Promise<T> => Promise.race([step, aborted, ...failures]);

    try {
        if (options.input !== undefined && !fs.existsSync(options.input)) throw new Error(`demo: --input ${options.input}: no such file`);
        // A fresh file: the actor appends each detection to it.
        if (options.output !== undefined) {
            try {
                fs.writeFileSync(options.output, "");
            } catch (e) {
                throw new Error(`demo: --output ${options.output}: cannot write it: ${(e as Error).message}`);
            }
        }

        requireJava();
        ensureFraudJobBuilt(log);
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fraud-demo-"));
        cleanup.defer(`the scratch directory ${scratch}`, () => fs.rmSync(scratch, { recursive: true, force: true }));

        log("demo: starting a local Kafka broker");
        // Not cut short by the signal: a broker still starting would be left running.
        const kafka = await startLocalKafka({ dir: path.join(scratch, "kafka") });
        cleanup.defer("the Kafka broker", () => kafka.stop());
        if (signal.aborted) throw new Interrupted();
        const bootstrapServers = kafka.bootstrapServers;
        // One partition of transactions: the job's watermark, and so which records are late, follows the
        // order of one partition; with one the whole run is deterministic (the same input, the same
        // detections), which is what lets a run be checked against a reference.
        await until(createTopics(bootstrapServers, [
            { name: TOPICS.transactions, partitions: 1 },
            { name: TOPICS.fraud, partitions: 1 },
            { name: TOPICS.deadLetter, partitions: 1 },
        ]));

        log(`demo: Kafka at ${bootstrapServers}; starting the fraud job (Flink, local MiniCluster)`);
        const job = startFraudJob({ bootstrapServers, ...options }, path.join(scratch, "fraud-job"));
        cleanup.defer("the fraud job", () => job.stop());
        await until(job.running);

        const actor = startActor({
            kafka: { clientId: "demo-actor", bootstrapBrokers: [bootstrapServers] },
            topic: TOPICS.fraud,
            groupId: "demo-actor",
            output: options.output,
            fromBeginning: true,
            print: io.print,
            log,
        });
        cleanup.defer("the actor", () => actor.close());
        actor.onDetection(() => void (detections += 1));
        await until(actor.ready, job.failed);

        const generation = new AbortController();
        const stopGenerating = () => generation.abort();
        signal.addEventListener("abort", stopGenerating, { once: true });
        const generating = runGenerator(generatorOptions(options, bootstrapServers), generation.signal, { log });
        cleanup.defer("the generator", async () => {
            generation.abort();
            signal.removeEventListener("abort", stopGenerating);
            await generating.catch(() => undefined);
        });
        log(isBounded(options) ? `demo: sending ${options.input ?? `${options.transactions} transactions`} at ${options.rate}/s` : `demo: sending transactions at ${options.rate}/s until Ctrl-C`);
        // The generator returns what it sent when the signal stops it: not an interruption of this step.
        sent = (await Promise.race([generating, job.failed])).sent;
        if (signal.aborted) throw new Interrupted();

        log(`demo: sent ${sent} transactions; draining the fraud job (every window fires)`);
        await until(job.drain());
        await until(actor.stopAtEnd());
        return { sent, detections, elapsedMs: Date.now() - started, interrupted: false };
    } catch (e) {
        // Once stopping, a program that ends on its own (the job, say) is part of the stop, not an error.
        if (e instanceof Interrupted || signal.aborted) return { sent, detections, elapsedMs: Date.now() - started, interrupted: true };
        throw e;
    } finally {
        await cleanup.runAll();
    }
}

/** The generator's options for this run: replay --input, or generate on a simulated clock 1 s per transaction. */
function generatorOptions(options: DemoOptions, bootstrapServers: string): GeneratorOptions {
    return {
        kafka: { clientId: "demo-generator", bootstrapBrokers: [bootstrapServers] },
        topic: TOPICS.transactions,
        accounts: options.accounts,
        rate: options.rate,
        count: options.transactions,
        seed: options.seed ?? (Math.floor(Math.random() * 2 ** 32) | 0),
        seeded: options.seed !== undefined,
        // Event time advances 1 s per transaction whatever the rate: at 200/s ten minutes of event time
        // pass in three seconds, so windows fire (and frauds show) while the demo runs.
        clock: "simulated",
        startTime: options.seed !== undefined ? DEFAULT_SIMULATED_START : Date.now(),
        intervalMs: 1_000,
        disorderMs: 0,
        burstProbability: 0.01,
        input: options.input,
    };
}
