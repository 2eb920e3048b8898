/**
 * The demo end to end, through its real command line: what `npm run demo -- --input … --output …`
 * writes (the job's detections, read back by the actor from Kafka) equals, record for record, what an
 * independent reference (test/support/fraud-reference.ts) finds in the same input — ordinary traffic,
 * bursts, disorder, late records and malformed lines. And a generated run (`--transactions --seed`)
 * detects what the reference finds in the generator's sequence. Each run must end by itself, exit 0 and
 * leave no scratch directory behind.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { transactionJson } from "../../apps/fraud-records/records";
import { DEFAULT_SIMULATED_START, takeTransactions } from "../../apps/generator/transactions";
import { parseDemoArgs } from "../../apps/demo/options";
import { fraudInput, writeFraudInput, type FraudInput } from "../support/fraud-input";
import { referenceDetections, type ReferenceDetection } from "../support/fraud-reference";
import { scratchDir } from "../support/scratch";
import { requireTools } from "../support/tools";

const ROOT = path.resolve(__dirname, "..", "..");
/** A first run builds the fraud job with Maven (minutes when Flink is not yet in ~/.m2). */
const RUN_TIMEOUT_MS = 900_000;

interface DemoRun {
    status: number | null;
    stdout: string;
    stderr: string;
    /** What the demo left in its temporary directory. */
    leftovers: string[];
}

/** Runs `npm run demo -- args` with its own TMPDIR, and waits for it to end by itself. */
function runDemo(args: string[]): Promise<DemoRun> {
    const tmp = scratchDir("demo-test-tmp-");
    // This Node first on PATH: npm then runs the demo on it too.
    const env = { ...process.env, TMPDIR: tmp, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };
    return new Promise<DemoRun>((resolve, reject) => {
        const child = spawn("npm", ["run", "--silent", "demo", "--", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => {
            child.kill("SIGINT");
            reject(new Error(`npm run demo did not end within ${RUN_TIMEOUT_MS / 1000} s\n${stdout}\n${stderr}`));
        }, RUN_TIMEOUT_MS);
        child.on("error", reject);
        child.on("close", (status) => {
            clearTimeout(timer);
            // tsx keeps its compile cache in the temporary directory too: only the demo's own count.
            resolve({ status, stdout, stderr, leftovers: fs.readdirSync(tmp).filter((name) => name.startsWith("fraud-demo-")) });
        });
    });
}

function readDetections(file: string): ReferenceDetection[] {
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line));
}

/** In order of window end, then pair: the job writes pairs in no particular order. */
function sorted(detections: ReferenceDetection[]): ReferenceDetection[] {
    return [...detections].sort((a, b) => a.windowEnd - b.windowEnd || a.origin - b.origin || a.target - b.target);
}

/** The summary line's counts: `demo: done: 3000 transactions sent, 92 detections, 41.2 s`. */
function summary(stdout: string): { sent: number; detections: number } | undefined {
    const m = /^demo: done: (\d+) transactions sent, (\d+) detections, [\d.]+ s$/m.exec(stdout);
    return m ? { sent: Number(m[1]), detections: Number(m[2]) } : undefined;
}

describe("the fraud reference", () => {
    it("finds, in a hand-worked input, the windows above the threshold that hold a new transaction", () => {
        const tx = (id: string, timestamp: number, origin: number, target: number, amount: number) => JSON.stringify({ id, timestamp, origin, target, amount });
        const lines = [
            // equal timestamps: read order
            tx("b-1", 1_000_000, 3, 4, 6_000),
            tx("a-2", 1_000_000, 3, 4, 6_000),
            // malformed (origin = target), far ahead: it must not move the watermark
            tx("x", 9_000_000, 1, 1, 1),
            "{",
            tx("t1", 1_200_000, 1, 2, 6_000),
            tx("t2", 1_260_000, 1, 2, 5_000),
            // late: at or before 1,260,000 - 5,000 - 1
            tx("t3", 1_254_999, 1, 2, 9_000),
            tx("t5", 1_700_000, 1, 2, 100),
            tx("t4", 1_800_000, 1, 2, 1),
        ];
        const detection = (origin: number, target: number, windowStart: number, ids: string[], timestamps: number[], total: number) => ({
            origin, target, windowStart, windowEnd: windowStart + 600_000, total, count: ids.length, firstTimestamp: timestamps[0], lastTimestamp: timestamps[timestamps.length - 1], transactionIds: ids,
        });
        assert.deepEqual(sorted(referenceDetections(lines)), [
            // the first of the five windows that hold both; the other four add nothing new
            detection(3, 4, 480_000, ["b-1", "a-2"], [1_000_000, 1_000_000], 12_000),
            detection(1, 2, 720_000, ["t1", "t2"], [1_200_000, 1_260_000], 11_000),
            // t5 is new; t4 (at the window's end) is not in it
            detection(1, 2, 1_200_000, ["t1", "t2", "t5"], [1_200_000, 1_260_000, 1_700_000], 11_100),
        ]);
        // One millisecond later, t3 is on time, and the window [720,000, 1,320,000) holds it too, in timestamp order.
        const onTime = referenceDetections(lines.map((l) => l.replace("1254999", "1255000")));
        assert.deepEqual(onTime.find((d) => d.windowStart === 720_000)?.transactionIds, ["t1", "t3", "t2"]);
    });
});

describe("the demo's options", () => {
    it("default to a lively generated run, and refuse what does not go together", () => {
        assert.deepEqual(parseDemoArgs([]), { transactions: undefined, input: undefined, rate: 200, seed: undefined, output: undefined, accounts: 20, threshold: "10000", windowSize: "10 min", windowSlide: "2 min", outOfOrderness: "5 s" });
        assert.equal(parseDemoArgs(["--help"]), undefined);
        assert.throws(() => parseDemoArgs(["--transactions", "5", "--input", "f"]), { message: "--transactions and --input are mutually exclusive: generate N transactions, or replay a file" });
        assert.throws(() => parseDemoArgs(["--input", "f", "--seed", "1"]), { message: "--seed and --accounts set the generated traffic: they do not apply to --input" });
        assert.throws(() => parseDemoArgs(["--rate", "0"]), { message: '--rate must be a number greater than 0 to 1000000, got "0"' });
        assert.throws(() => parseDemoArgs(["--transactions", "many"]), { message: '--transactions must be an integer at least 0, got "many"' });
    });
});

describe("npm run demo", () => {
    let dir: string;
    let inputFile: string;
    let input: FraudInput;

    before(() => {
        dir = scratchDir("demo-test-");
        inputFile = path.join(dir, "transactions.jsonl");
        input = fraudInput({ seed: 20261207 });
        writeFraudInput(inputFile, input);
    });

    it("has test input that can tell a wrong pipeline from a right one", () => {
        const expected = referenceDetections(input.lines);
        assert.ok(expected.length >= 30, `only ${expected.length} detections`);
        assert.ok(input.late >= 20, `only ${input.late} late records`);
        assert.ok(input.malformed >= 40, `only ${input.malformed} malformed lines`);
        // Counting the late records (an unbounded out-of-orderness) would change the detections.
        assert.notDeepEqual(referenceDetections(input.lines, { outOfOrdernessMs: Number.MAX_SAFE_INTEGER / 2 }), expected);
    });

    it("detects, from --input, exactly what the reference finds", { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
        requireTools("java", "mvn");
        const output = path.join(dir, "detections.jsonl");
        const run = await runDemo(["--input", inputFile, "--output", output, "--rate", "1000"]);
        assert.equal(run.status, 0, `npm run demo exited ${run.status}\n${run.stderr}`);
        assert.deepEqual(run.leftovers, [], "the demo left its scratch directory behind");
        const expected = referenceDetections(input.lines);
        assert.deepEqual(summary(run.stdout), { sent: input.lines.length, detections: expected.length });
        assert.deepEqual(sorted(readDetections(output)), sorted(expected));
    });

    it("detects, from --transactions --seed, what the reference finds in the generated sequence", { timeout: RUN_TIMEOUT_MS + 60_000 }, async () => {
        requireTools("java", "mvn");
        const output = path.join(dir, "generated-detections.jsonl");
        const run = await runDemo(["--transactions", "1500", "--seed", "7", "--accounts", "15", "--rate", "1000", "--output", output]);
        assert.equal(run.status, 0, `npm run demo exited ${run.status}\n${run.stderr}`);
        assert.deepEqual(run.leftovers, [], "the demo left its scratch directory behind");
        // The demo's generator: a seeded simulated clock from the documented instant, 1 s apart, no disorder.
        const generated = takeTransactions({ accounts: 15, seed: 7, startTime: DEFAULT_SIMULATED_START, intervalMs: 1000, disorderMs: 0, burstProbability: 0.01 }, 1500);
        const expected = referenceDetections(generated.map((g) => transactionJson(g.transaction)));
        assert.ok(expected.length >= 10, `only ${expected.length} detections`);
        assert.deepEqual(summary(run.stdout), { sent: 1500, detections: expected.length });
        assert.deepEqual(sorted(readDetections(output)), sorted(expected));
    });
});
