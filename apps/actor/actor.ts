/**
 * The actor: reads the job's detections from the `fraud` topic (read_committed: the job writes them
 * in Kafka transactions, and an aborted one must never be shown) and shows each one.
 *
 * "Caught up" (stopAtEnd): the end of each partition is its last stable offset (ListOffsets, latest,
 * isolation level read_committed), taken once when stopAtEnd is called. A partition is read to that end
 * when the stream's fetch position (`offsetsToFetch`) has reached it: the client moves that position
 * past every batch it fetched, transaction markers and aborted records included, whereas the offset of
 * the last record shown stops short of the commit marker after it. The actor stops when every
 * partition assigned to it is read to its end and every record fetched has been handled.
 */
import * as fs from "node:fs";
import { FetchIsolationLevels, MessagesStreamFallbackModes, MessagesStreamModes, stringDeserializers, type Message, type MessagesStream } from "@platformatic/kafka";
import { parseDetection } from "../fraud-records/detection";
import { describeDetection } from "../fraud-records/describe";
import { startMetricsServer, type MetricsServer } from "../fraud-records/metrics-server";
import type { Detection } from "../fraud-records/records";
import { actorMetrics, type ActorMetrics } from "./metrics";
import { ReadCommittedConsumer } from "./read-committed-consumer";
import type { ActorOptions } from "./options";

/** How long a fetch waits for records at most: also how often a caught-up actor rechecks its end. */
const MAX_WAIT_MS = 500;

export interface ReceivedDetection {
    detection: Detection;
    /** The record value, exactly as received. */
    raw: string;
    partition: number;
    offset: bigint;
}

export type DetectionListener = (received: ReceivedDetection) => void | Promise<void>;

export interface Actor {
    /** Called for each detection, in order per partition, after it was printed and written. */
    onDetection(listener: DetectionListener): void;
    /** Resolves once the actor has joined its group and started reading; rejects if it could not. */
    ready: Promise<void>;
    /** The metrics server's port, once ready (undefined without --metrics-port). */
    metricsPort(): number | undefined;
    metrics: ActorMetrics;
    /** Reads every committed record up to the topic's end as of now (see above), then closes. */
    stopAtEnd(): Promise<void>;
    /** Commits what was handled, leaves the group and closes. */
    close(): Promise<void>;
}

type StringMessage = Message<string, string, string, string>;

export function startActor(options: ActorOptions): Actor {
    const print = options.print ?? ((line: string) => console.log(line));
    const log = options.log ?? ((line: string) => console.error(line));
    const metrics = actorMetrics();
    const listeners: DetectionListener[] = [];
    const consumer = new ReadCommittedConsumer({
        ...options.kafka,
        groupId: options.groupId,
        isolationLevel: FetchIsolationLevels.READ_COMMITTED,
        deserializers: stringDeserializers,
        maxWaitTime: MAX_WAIT_MS,
        autocommit: false,
    });
    let stream: MessagesStream<string, string, string, string> | undefined;
    let server: MetricsServer | undefined;
    let draining: Promise<void> | undefined;
    let ends: bigint[] | undefined;
    const endWaiters: (() => void)[] = [];
    let failure: Error | undefined;
    const failWaiters: ((e: Error) => void)[] = [];
    let closing: Promise<void> | undefined;

    const fail = (e: Error) => {
        failure ??= e;
        log(`actor: ${e.message}`);
        for (const w of failWaiters.splice(0)) w(e);
    };

    const handle = async (message: StringMessage) => {
        const where = `${message.topic}/${message.partition}@${message.offset}`;
        const parsed = parseDetection(message.value);
        if (!parsed.ok) {
            metrics.invalid.inc();
            log(`actor: skipped record ${where}: ${parsed.error}`);
        } else {
            const raw = message.value;
            const detection = parsed.detection;
            metrics.detections.inc();
            metrics.delay.observe(Math.max(0, (Date.now() - detection.lastTimestamp) / 1000));
            print(describeDetection(detection));
            if (options.output !== undefined) fs.appendFileSync(options.output, `${raw}\n`);
            for (const listener of listeners) await listener({ detection, raw, partition: message.partition, offset: message.offset });
        }
        await message.commit();
    };

    const drain = () => {
        if (draining || !stream) return;
        const s = stream;
        draining = (async () => {
            let message: StringMessage | null;
            while ((message = s.read() as StringMessage | null) !== null) await handle(message);
        })()
            .catch((e: Error) => fail(e))
            .finally(() => {
                draining = undefined;
                checkEnd();
                // Records may have arrived while the last one was handled.
                if (s.readableLength > 0) drain();
            });
    };

    const checkEnd = () => {
        if (!ends || !stream || draining || stream.readableLength > 0 || endWaiters.length === 0) return;
        const assigned = (consumer.assignments ?? []).filter((a) => a.topic === options.topic).flatMap((a) => a.partitions);
        if (assigned.length === 0) return;
        for (const partition of assigned) {
            const position = stream.offsetsToFetch.get(`${options.topic}:${partition}`);
            const end = ends[partition];
            if (position === undefined || end === undefined || position < end) return;
        }
        for (const w of endWaiters.splice(0)) w();
    };

    const ready = (async () => {
        if (options.metricsPort !== undefined) server = await startMetricsServer(metrics.registry, options.metricsPort, options.metricsHost);
        stream = await consumer.consume({
            topics: [options.topic],
            mode: MessagesStreamModes.COMMITTED,
            fallbackMode: options.fromBeginning ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
            autocommit: false,
            isolationLevel: FetchIsolationLevels.READ_COMMITTED,
            maxWaitTime: MAX_WAIT_MS,
        });
        stream.on("readable", drain);
        // The fetch event comes before the fetched records are pushed: look once they are.
        stream.on("fetch", () => setImmediate(checkEnd));
        stream.on("error", (e: Error) => fail(e));
    })();
    ready.catch((e: Error) => fail(e));

    const close = (): Promise<void> => {
        closing ??= (async () => {
            await ready.catch(() => undefined);
            stream?.removeListener("readable", drain);
            await draining;
            await stream?.close();
            await consumer.close();
            await server?.close();
        })();
        return closing;
    };

    return {
        onDetection: (listener) => void listeners.push(listener),
        ready,
        metricsPort: () => server?.port,
        metrics,
        stopAtEnd: async () => {
            await ready;
            const offsets = await consumer.listOffsets({ topics: [options.topic], isolationLevel: FetchIsolationLevels.READ_COMMITTED });
            ends = offsets.get(options.topic);
            if (!ends) throw new Error(`topic ${options.topic}: no end offsets`);
            await new Promise<void>((resolve, reject) => {
                if (failure) return reject(failure);
                endWaiters.push(resolve);
                failWaiters.push(reject);
                checkEnd();
            });
            await close();
        },
        close,
    };
}
