/**
 * Sending the transactions: paced to --rate per second (in batches, so that 10,000/s is a few sends a
 * second, not 10,000), with an idempotent producer that waits for every in-sync replica (acks=all), so
 * a retried batch is neither lost nor written twice nor reordered within a partition.
 */
import { compatibilityPartitioner, ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { startMetricsServer, type MetricsServer } from "../fraud-records/metrics-server";
import { pairKey, transactionJson } from "../fraud-records/records";
import { sleep } from "../fraud-records/shutdown";
import { generatorMetrics, type GeneratorMetrics } from "./metrics";
import type { GeneratorOptions } from "./options";
import { readReplay } from "./replay";
import { generateTransactions } from "./transactions";

/** The most records one send carries; at 10,000/s that is two sends a second. */
export const MAX_BATCH = 5_000;
/** The wait before a failed batch is sent again (the client has already retried it itself). */
const RETRY_DELAY_MS = 1_000;

interface OutgoingRecord {
    key?: string;
    value: string;
    burstStart: boolean;
}

export interface GeneratorRun {
    /** Records the broker acknowledged. */
    sent: number;
}

export interface GeneratorHooks {
    /** Where progress and errors go; default stderr. */
    log?: (line: string) => void;
    /** The metrics to count in (default: a registry of this run's own). */
    metrics?: GeneratorMetrics;
    /** The metrics server's host; default every address. */
    metricsHost?: string;
    /** Called with the metrics server's port once it listens. */
    onMetricsPort?: (port: number) => void;
}

/** The records to send, generated or replayed. */
function* outgoing(options: GeneratorOptions): Generator<OutgoingRecord, void, undefined> {
    if (options.input !== undefined) {
        for (const r of readReplay(options.input)) yield { ...r, burstStart: false };
        return;
    }
    const clock = options.clock === "wall" ? { now: Date.now } : {};
    for (const g of generateTransactions({ ...options, ...clock })) {
        const t = g.transaction;
        yield { key: pairKey(t.origin, t.target), value: transactionJson(t), burstStart: g.burstStart };
    }
}

/** Sends until --count records are acknowledged, the replayed file ends, or `signal` aborts; then flushes and closes. */
export async function runGenerator(options: GeneratorOptions, signal?: AbortSignal, hooks: GeneratorHooks = {}): Promise<GeneratorRun> {
    const log = hooks.log ?? ((line: string) => console.error(line));
    const metrics = hooks.metrics ?? generatorMetrics();
    let server: MetricsServer | undefined;
    if (options.metricsPort !== undefined) {
        server = await startMetricsServer(metrics.registry, options.metricsPort, hooks.metricsHost);
        hooks.onMetricsPort?.(server.port);
        log(`generator: metrics on port ${server.port}`);
    }
    if (options.input === undefined && !options.seeded) log(`generator: seed ${options.seed} (--seed ${options.seed} repeats this run)`);
    const producer = new Producer({
        ...options.kafka,
        idempotent: true,
        acks: ProduceAcks.ALL,
        serializers: stringSerializers,
        // Java's partitioner: a pair lands in the partition a Java producer (or Flink) would put it in.
        partitioner: compatibilityPartitioner,
    });
    const source = outgoing(options);
    const limit = options.count ?? Infinity;
    let sent = 0;
    let exhausted = false;
    const started = Date.now();
    try {
        while (!signal?.aborted && !exhausted && sent < limit) {
            // How many are due by now: the first at once, then one every 1/rate s.
            const due = Math.min(Math.floor(((Date.now() - started) / 1000) * options.rate) + 1 - sent, limit - sent, MAX_BATCH);
            if (due <= 0) {
                const nextAt = started + (sent / options.rate) * 1000;
                await sleep(Math.max(1, nextAt - Date.now()), signal);
                continue;
            }
            const batch: OutgoingRecord[] = [];
            while (batch.length < due) {
                const next = source.next();
                if (next.done) {
                    exhausted = true;
                    break;
                }
                batch.push(next.value);
            }
            if (batch.length === 0) break;
            const messages = batch.map((r) => ({ topic: options.topic, key: r.key, value: r.value }));
            for (;;) {
                try {
                    await producer.send({ messages });
                    break;
                } catch (e) {
                    metrics.sendErrors.inc();
                    log(`generator: sending ${messages.length} records to ${options.topic} failed, retrying in ${RETRY_DELAY_MS} ms: ${(e as Error).message}`);
                    // Stopping: the batch was not acknowledged, and is not counted.
                    if (signal?.aborted) return { sent };
                    await sleep(RETRY_DELAY_MS, signal);
                }
            }
            sent += batch.length;
            metrics.sent.inc(batch.length);
            const bursts = batch.filter((r) => r.burstStart).length;
            if (bursts > 0) metrics.bursts.inc(bursts);
        }
        return { sent };
    } finally {
        // Every send above was awaited: nothing is left to flush but the connections.
        await producer.close();
        await server?.close();
    }
}
