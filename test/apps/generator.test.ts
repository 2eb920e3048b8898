import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Consumer, FetchIsolationLevels, MessagesStreamModes, stringDeserializers } from "@platformatic/kafka";
import { parseGeneratorArgs, type GeneratorOptions } from "../../apps/generator/options";
import { runGenerator } from "../../apps/generator/run";
import { FRAUD_THRESHOLD, takeTransactions, type GenerationOptions } from "../../apps/generator/transactions";
import { transactionJson } from "../../apps/fraud-records/records";
import { createTopics, startLocalKafka, type LocalKafka } from "../../apps/local-kafka/broker";
import { scratchDir } from "../support/scratch";
import { requireTools } from "../support/tools";

const BASE: GenerationOptions = { accounts: 10, seed: 42, startTime: 1_700_000_000_000, intervalMs: 1000, disorderMs: 0, burstProbability: 0.05 };

interface ReadRecord {
    key: string | undefined;
    value: string | undefined;
    partition: number;
}

/** The first `count` records of `topic`, read_committed, from the beginning, by a group of its own. */
async function readRecords(bootstrap: string, topic: string, count: number): Promise<ReadRecord[]> {
    const consumer = new Consumer({ clientId: "generator-test", groupId: `generator-test-${topic}`, bootstrapBrokers: [bootstrap], deserializers: stringDeserializers, maxWaitTime: 500, isolationLevel: FetchIsolationLevels.READ_COMMITTED });
    const out: ReadRecord[] = [];
    try {
        const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
        const timer = setTimeout(() => void stream.close(), 60_000);
        for await (const m of stream) {
            out.push({ key: m.key || undefined, value: m.value, partition: m.partition });
            if (out.length >= count) break;
        }
        clearTimeout(timer);
        await stream.close();
    } finally {
        await consumer.close(true);
    }
    return out;
}

describe("the generated sequence", () => {
    it("is the same for the same seed and options, and differs for another seed", () => {
        const a = takeTransactions(BASE, 500).map((g) => transactionJson(g.transaction));
        const b = takeTransactions(BASE, 500).map((g) => transactionJson(g.transaction));
        const c = takeTransactions({ ...BASE, seed: 43 }, 500).map((g) => transactionJson(g.transaction));
        assert.deepEqual(a, b);
        assert.notDeepEqual(a, c);
        // The option parser gives a seeded run the simulated clock from the documented instant.
        const parsed = parseGeneratorArgs(["--bootstrap-servers", "h:1", "--seed", "42"], {});
        assert.equal(parsed.clock, "simulated");
        assert.equal(parsed.startTime, 1_700_000_000_000);
    });

    it("has the exact format: key order, ids, distinct pair, non-negative integer amounts, timestamps", () => {
        const all = takeTransactions({ ...BASE, disorderMs: 3000 }, 2000);
        all.forEach((g, i) => {
            const json = transactionJson(g.transaction);
            assert.match(json, /^\{"id":"t-\d{6}","timestamp":\d+,"origin":\d+,"target":\d+,"amount":\d+\}$/);
            const t = JSON.parse(json);
            assert.equal(t.id, `t-${String(i + 1).padStart(6, "0")}`);
            assert.notEqual(t.origin, t.target);
            assert.ok(t.origin >= 1 && t.origin <= 10 && t.target >= 1 && t.target <= 10);
            assert.ok(Number.isSafeInteger(t.amount) && t.amount >= 0);
            assert.ok(t.timestamp <= BASE.startTime + i * 1000 && t.timestamp >= BASE.startTime - 3000);
        });
        assert.equal(new Set(all.map((g) => g.transaction.id)).size, all.length);
    });

    it("makes bursts on one pair that exceed 10,000 within a couple of minutes of event time", () => {
        const all = takeTransactions(BASE, 3000);
        const starts = all.flatMap((g, i) => (g.burstStart ? [i] : []));
        assert.ok(starts.length > 10, `only ${starts.length} bursts`);
        for (const start of starts) {
            let end = start + 1;
            while (end < all.length && all[end].burst && !all[end].burstStart) end++;
            const burst = all.slice(start, end).map((g) => g.transaction);
            if (end === all.length) continue; // cut off by the sample
            assert.ok(burst.length >= 3);
            assert.equal(new Set(burst.map((t) => `${t.origin}-${t.target}`)).size, 1);
            assert.ok(burst.reduce((s, t) => s + t.amount, 0) > FRAUD_THRESHOLD);
            assert.ok(burst[burst.length - 1].timestamp - burst[0].timestamp <= 120_000);
        }
    });

    it("refuses bad options, naming them", () => {
        const parse = (...args: string[]) => () => parseGeneratorArgs(["--bootstrap-servers", "h:1", ...args], {});
        assert.throws(parse("--accounts", "1"), /--accounts must be an integer at least 2, got "1"/);
        assert.throws(parse("--rate", "0"), /--rate must be a number greater than 0/);
        assert.throws(parse("--clock", "sundial"), /--clock must be one of wall, simulated, got "sundial"/);
        assert.throws(parse("--disorder", "5000"), /--disorder must be an integer from 0 to 4999/);
        assert.throws(parse("--colour", "red"), /Unknown option '--colour'/);
    });
});

describe("the generator against a real broker", () => {
    let kafka: LocalKafka;
    before(async () => {
        requireTools("java", "mvn");
        kafka = await startLocalKafka({ dir: scratchDir("generator-kafka-") });
        await createTopics(kafka.bootstrapServers, [
            { name: "transactions", partitions: 3 },
            { name: "replayed", partitions: 3 },
        ]);
    });
    after(async () => {
        await kafka?.stop();
    });

    const options = (extra: Partial<GeneratorOptions>): GeneratorOptions => ({
        kafka: { clientId: "generator-test", bootstrapBrokers: [kafka.bootstrapServers] },
        topic: "transactions",
        accounts: 10,
        rate: 100_000,
        seed: 7,
        seeded: true,
        clock: "simulated",
        startTime: 1_700_000_000_000,
        intervalMs: 1000,
        disorderMs: 0,
        burstProbability: 0.02,
        ...extra,
    });

    it("--count N sends N records that a read_committed consumer reads back byte-identical, keyed by pair", async () => {
        const n = 12_000;
        const lines: string[] = [];
        const { sent } = await runGenerator(options({ count: n }), undefined, { log: (l) => lines.push(l) });
        assert.equal(sent, n);
        const expected = takeTransactions({ ...BASE, seed: 7, burstProbability: 0.02 }, n).map((g) => g.transaction);
        const read = await readRecords(kafka.bootstrapServers, "transactions", n);
        assert.equal(read.length, n);
        const byId = new Map(read.map((r) => [JSON.parse(r.value as string).id as string, r]));
        const partitionOfPair = new Map<string, number>();
        for (const t of expected) {
            const r = byId.get(t.id);
            assert.ok(r, `${t.id} not read back`);
            assert.equal(r.value, transactionJson(t));
            assert.equal(r.key, `${t.origin}-${t.target}`);
            const seen = partitionOfPair.get(r.key);
            assert.ok(seen === undefined || seen === r.partition, `pair ${r.key} in two partitions`);
            partitionOfPair.set(r.key, r.partition);
        }
        // Within a partition the records come in the order they were generated.
        for (const p of [0, 1, 2]) {
            const ids = read.filter((r) => r.partition === p).map((r) => JSON.parse(r.value as string).id as string);
            assert.deepEqual(ids, [...ids].sort());
        }
    });

    it("--input replays each non-empty line as-is, malformed ones too, keyed when they name a pair", async () => {
        const dir = scratchDir("generator-replay-");
        const file = path.join(dir, "in.jsonl");
        const lines = ['{"id":"t-000001","timestamp":1700000000000,"origin":3,"target":7,"amount":8341}', "this is not json", '{"origin":2,"target":5,"amount":-1,"extra":true}', '  {"id": "spaced" }  '];
        fs.writeFileSync(file, `${lines[0]}\n\n${lines[1]}\r\n${lines[2]}\n${lines[3]}\n`);
        const { sent } = await runGenerator(options({ input: file, topic: "replayed" }), undefined, { log: () => undefined });
        assert.equal(sent, 4);
        const read = await readRecords(kafka.bootstrapServers, "replayed", 4);
        assert.deepEqual(new Set(read.map((r) => r.value)), new Set(lines));
        const keyOf = new Map(read.map((r) => [r.value, r.key]));
        assert.equal(keyOf.get(lines[0]), "3-7");
        assert.equal(keyOf.get(lines[1]), undefined);
        assert.equal(keyOf.get(lines[2]), "2-5");
        assert.equal(keyOf.get(lines[3]), undefined);
    });

    it("serves its metrics and stops when the signal aborts", async () => {
        const controller = new AbortController();
        let port = 0;
        const run = runGenerator(options({ rate: 50, seed: 9, metricsPort: 0 }), controller.signal, { log: () => undefined, metricsHost: "127.0.0.1", onMetricsPort: (p) => (port = p) });
        let text: string;
        try {
            await new Promise((resolve) => setTimeout(resolve, 1500));
            text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        } finally {
            controller.abort();
        }
        const { sent } = await run;
        assert.ok(sent > 0);
        const sample = /^fraud_generator_transactions_sent_total (\d+)$/m.exec(text);
        assert.ok(sample && Number(sample[1]) > 0, text);
        assert.match(text, /^fraud_generator_bursts_total \d+$/m);
        assert.match(text, /^fraud_generator_send_errors_total 0$/m);
    });
});
