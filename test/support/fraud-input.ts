/**
 * Seeded test input for the fraud pipeline: JSON lines as the transactions topic would hold them, with
 * everything the job must get right mixed in — ordinary traffic, bursts above the threshold, disorder
 * within the out-of-orderness bound, records that are late by minutes, and malformed lines of every kind.
 * Its own tiny PRNG (mulberry32), so that it shares no code with the generator it helps to check.
 *
 * Numbers are spelt only as integers (never 1.0 or 1e3, which JSON parsers disagree on) except where a
 * line is meant to be malformed by a fractional value.
 */
import * as fs from "node:fs";

export interface FraudInputOptions {
    seed: number;
    /** Lines in all (ordinary, burst, late, malformed); default 3,000. */
    transactions?: number;
    /** Accounts 1…accounts; default 8 (56 pairs). */
    accounts?: number;
    /** Event time of the first transaction; default 1,700,000,000,000. */
    startTime?: number;
    /** Event time between consecutive transactions; default 1,000 ms. */
    intervalMs?: number;
    /** Each timestamp moves back by up to this; default 4,000 ms: within the job's 5 s bound, so never late. */
    disorderMs?: number;
}

export interface FraudInput {
    lines: string[];
    /** How many lines were written late (valid, but minutes before the newest timestamp). */
    late: number;
    /** How many lines are malformed. */
    malformed: number;
}

/** A PRNG of 32-bit state: the same seed, the same sequence. Returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** How a malformed line is made from a valid-looking transaction; each breaks one rule. */
const MALFORMED: ((t: Record<string, unknown>) => string)[] = [
    (t) => JSON.stringify(t).slice(0, -3), // truncated: not JSON
    () => "not a transaction",
    () => "[1,2,3]",
    () => "null",
    (t) => `${JSON.stringify(t)} trailing`,
    ({ id: _id, ...t }) => JSON.stringify(t),
    (t) => JSON.stringify({ ...t, id: 7 }),
    (t) => JSON.stringify({ ...t, id: "" }),
    ({ timestamp: _ts, ...t }) => JSON.stringify(t),
    (t) => JSON.stringify({ ...t, timestamp: String(t.timestamp) }),
    (t) => JSON.stringify({ ...t, timestamp: (t.timestamp as number) + 0.5 }),
    ({ origin: _o, ...t }) => JSON.stringify(t),
    (t) => JSON.stringify({ ...t, origin: 1.5 }),
    ({ target: _t, ...t }) => JSON.stringify(t),
    (t) => JSON.stringify({ ...t, target: "2" }),
    (t) => JSON.stringify({ ...t, target: t.origin }),
    // far in the future: if malformed records moved the watermark, everything after it would be late
    (t) => JSON.stringify({ ...t, target: t.origin, timestamp: (t.timestamp as number) + 3_600_000 }),
    ({ amount: _a, ...t }) => JSON.stringify(t),
    (t) => JSON.stringify({ ...t, amount: -(t.amount as number) }),
    (t) => JSON.stringify({ ...t, amount: 20_000.5 }),
];

/** The input for `options`: a pure function of them. */
export function fraudInput(options: FraudInputOptions): FraudInput {
    const random = mulberry32(options.seed);
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const count = options.transactions ?? 3_000;
    const accounts = options.accounts ?? 8;
    const interval = options.intervalMs ?? 1_000;
    const disorder = options.disorderMs ?? 4_000;
    let base = options.startTime ?? 1_700_000_000_000;
    let n = 0;
    const lines: string[] = [];
    let late = 0;
    let malformed = 0;
    const pair = (): [number, number] => {
        const origin = int(1, accounts);
        const other = int(1, accounts - 1);
        return [origin, other >= origin ? other + 1 : other];
    };
    const transaction = (origin: number, target: number, amount: number, timestamp: number) => ({ id: `t-${String(++n).padStart(6, "0")}`, timestamp, origin, target, amount });

    while (n < count) {
        if (random() < 0.01) {
            // A burst: 3–5 transactions on one pair, together above 10,000 (each at least ceil(10,001 / size)).
            const [origin, target] = pair();
            const size = int(3, 5);
            for (let i = 0; i < size; i++) {
                lines.push(JSON.stringify(transaction(origin, target, int(Math.ceil(10_001 / size), 4_000), base - int(0, disorder))));
                base += interval;
            }
            continue;
        }
        const [origin, target] = pair();
        const t = transaction(origin, target, int(1, 500), base - int(0, disorder));
        const roll = random();
        if (roll < 0.015 && base - 600_000 > (options.startTime ?? 1_700_000_000_000)) {
            // Late by 3–9 minutes (whatever else is in flight), with an amount that would make a detection if counted.
            lines.push(JSON.stringify({ ...t, timestamp: base - int(180_000, 540_000), amount: int(10_001, 20_000) }));
            late += 1;
        } else if (roll < 0.03) {
            lines.push(MALFORMED[malformed % MALFORMED.length]({ ...t, amount: int(10_001, 20_000) }));
            malformed += 1;
        } else if (roll < 0.035) {
            // Extra fields are ignored.
            lines.push(JSON.stringify({ ...t, currency: "EUR", note: { channel: "web" } }));
        } else {
            lines.push(JSON.stringify(t));
        }
        base += interval;
    }
    return { lines, late, malformed };
}

/** Writes `input` to `file` as JSON lines. */
export function writeFraudInput(file: string, input: FraudInput): void {
    fs.writeFileSync(file, input.lines.map((line) => `${line}\n`).join(""));
}
