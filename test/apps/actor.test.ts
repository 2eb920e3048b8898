import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Producer, stringSerializers } from "@platformatic/kafka";
import { startActor } from "../../apps/actor/actor";
import { parseActorArgs } from "../../apps/actor/options";
import { describeDetection } from "../../apps/fraud-records/describe";
import type { Detection } from "../../apps/fraud-records/records";
import { createTopics, startLocalKafka, type LocalKafka } from "../../apps/local-kafka/broker";
import { scratchDir } from "../support/scratch";
import { requireTools } from "../support/tools";

function detection(origin: number, target: number, total: number, at: number): Detection {
    return {
        origin,
        target,
        windowStart: at - 60_000,
        windowEnd: at + 60_000,
        total,
        count: 3,
        firstTimestamp: at,
        lastTimestamp: at + 40_000,
        transactionIds: [`t-${at}-1`, `t-${at}-2`, `t-${at}-3`],
    };
}

/** Writes `values` to `topic` in one Kafka transaction, committed or aborted, as the Flink job writes. */
async function inTransaction(producer: Producer<string, string, string, string>, topic: string, values: { key: string; value: string }[], outcome: "commit" | "abort"): Promise<void> {
    const transaction = await producer.beginTransaction();
    await transaction.send({ messages: values.map((v) => ({ topic, ...v })) });
    if (outcome === "commit") await transaction.commit();
    else await transaction.abort();
}

describe("the actor against a real broker", () => {
    let kafka: LocalKafka;
    let producer: Producer<string, string, string, string>;
    before(async () => {
        requireTools("java", "mvn");
        kafka = await startLocalKafka({ dir: scratchDir("actor-kafka-") });
        await createTopics(kafka.bootstrapServers, [
            { name: "fraud", partitions: 2 },
            { name: "fraud-empty", partitions: 2 },
        ]);
        producer = new Producer({ clientId: "actor-test-job", bootstrapBrokers: [kafka.bootstrapServers], idempotent: true, transactionalId: "actor-test-job", serializers: stringSerializers });
    });
    after(async () => {
        await producer?.close();
        await kafka?.stop();
    });

    const connection = () => ({ clientId: "actor-test", bootstrapBrokers: [kafka.bootstrapServers] });

    it("shows committed detections exactly, never an aborted one, skips an invalid one, and stops at the committed end", async () => {
        const committed1 = [detection(1, 3, 19_895, Date.UTC(2023, 10, 14, 12, 0, 18)), detection(2, 4, 10_001, Date.UTC(2023, 10, 14, 12, 5, 0))];
        const aborted = [detection(5, 6, 66_666, Date.UTC(2023, 10, 14, 12, 6, 0)), detection(1, 3, 77_777, Date.UTC(2023, 10, 14, 12, 7, 0))];
        const committed2 = [detection(7, 8, 12_345, Date.UTC(2023, 10, 14, 12, 8, 0)), detection(1, 3, 23_456, Date.UTC(2023, 10, 14, 12, 9, 0))];
        const raw = (d: Detection) => ({ key: `${d.origin}-${d.target}`, value: JSON.stringify(d) });
        await inTransaction(producer, "fraud", committed1.map(raw), "commit");
        await inTransaction(producer, "fraud", aborted.map(raw), "abort");
        await inTransaction(producer, "fraud", [...committed2.map(raw), { key: "1-3", value: '{"origin":1,"target":3}' }], "commit");
        // Written after the actor's end is taken: an open transaction stops the end (the last stable offset) before it.
        const open = await producer.beginTransaction();
        await open.send({ messages: [{ topic: "fraud", ...raw(detection(9, 1, 99_999, Date.UTC(2023, 10, 14, 13, 0, 0))) }] });

        const dir = scratchDir("actor-output-");
        const output = path.join(dir, "detections.jsonl");
        const printed: string[] = [];
        const logged: string[] = [];
        const received: string[] = [];
        const actor = startActor({ kafka: connection(), topic: "fraud", groupId: "actor-test", output, fromBeginning: true, print: (l) => printed.push(l), log: (l) => logged.push(l) });
        actor.onDetection((r) => void received.push(r.raw));
        const started = Date.now();
        try {
            await actor.stopAtEnd();
        } finally {
            await open.abort();
        }
        assert.ok(Date.now() - started < 30_000);

        const shown = [...committed1, ...committed2];
        // Order holds per partition (per pair), not across them.
        assert.deepEqual([...printed].sort(), shown.map(describeDetection).sort());
        assert.deepEqual([...received].sort(), shown.map((d) => JSON.stringify(d)).sort());
        assert.deepEqual(fs.readFileSync(output, "utf8").split("\n").slice(0, -1).sort(), shown.map((d) => JSON.stringify(d)).sort());
        assert.ok(!printed.some((l) => /66,666|77,777|99,999/.test(l)), printed.join("\n"));
        const pair13 = printed.filter((l) => l.includes("account 1 → 3"));
        assert.deepEqual(pair13, [describeDetection(committed1[0]), describeDetection(committed2[1])]);

        assert.equal(logged.filter((l) => l.includes("skipped record")).length, 1, logged.join("\n"));
        assert.match(logged.find((l) => l.includes("skipped record")) ?? "", /field "windowStart" is missing/);
        const metrics = await actor.metrics.registry.metrics();
        assert.match(metrics, /^fraud_actor_detections_total 4$/m);
        assert.match(metrics, /^fraud_actor_invalid_records_total 1$/m);
        assert.match(metrics, /^fraud_actor_detection_delay_seconds_count 4$/m);

        // The group committed what it handled: the next actor of the group starts after it and sees the new one only.
        const later = detection(4, 2, 31_000, Date.UTC(2023, 10, 14, 14, 0, 0));
        await inTransaction(producer, "fraud", [raw(later)], "commit");
        const printedAgain: string[] = [];
        const again = startActor({ kafka: connection(), topic: "fraud", groupId: "actor-test", fromBeginning: true, print: (l) => printedAgain.push(l), log: () => undefined });
        await again.stopAtEnd();
        assert.deepEqual(printedAgain, [describeDetection(later)]);
    });

    it("stopAtEnd returns at once on an empty topic", async () => {
        const actor = startActor({ kafka: connection(), topic: "fraud-empty", groupId: "actor-test-empty", fromBeginning: true, print: () => undefined, log: () => undefined });
        const started = Date.now();
        await actor.stopAtEnd();
        assert.ok(Date.now() - started < 15_000);
    });

    it("parses its options and names a bad one", () => {
        const options = parseActorArgs(["--bootstrap-servers", "h:1", "--no-from-beginning", "--output", "x.jsonl"], {});
        assert.equal(options.topic, "fraud");
        assert.equal(options.groupId, "fraud-actor");
        assert.equal(options.fromBeginning, false);
        assert.equal(options.output, "x.jsonl");
        assert.equal(parseActorArgs(["--bootstrap-servers", "h:1"], {}).fromBeginning, true);
        assert.throws(() => parseActorArgs(["--bootstrap-servers", "h:1", "--metrics-port", "99999"], {}), /--metrics-port must be an integer from 0 to 65535/);
        assert.throws(() => parseActorArgs(["--bootstrap-servers", "h:1", "--group", "g"], {}), /Unknown option '--group'/);
    });
});
