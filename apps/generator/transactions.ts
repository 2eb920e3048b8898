/**
 * The generated traffic, as a pure function of its options: the same seed and options give the same
 * records, ids and timestamps included (with the simulated clock), which is what makes a demo run or a
 * failing job test replayable.
 *
 * Ordinary transactions pick a pair uniformly and an amount of 1–2,500: with the default 10 accounts
 * (90 pairs) a pair sees a transaction about every 90 s of event time, so a couple of minutes rarely
 * add up to 10,000. A burst (the fraud) is 3–5 transactions on one pair, consecutive, at most 30 s of
 * event time apart, whose amounts add up to more than 10,000.
 */
import { createRequire } from "node:module";
import type * as Distribution from "pure-rand/lib/distribution/uniformInt";
import type * as Float from "pure-rand/lib/distribution/uniformFloat64";
import type * as Xoroshiro from "pure-rand/lib/generator/xoroshiro128plus";
import { transactionId, type Transaction } from "../fraud-records/records";

// pure-rand publishes its modules only as package subpaths ("exports"), which this project's
// node10 module resolution does not read: the types come from the files, the code through require.
const load = createRequire(__filename);
const { xoroshiro128plus } = load("pure-rand/generator/xoroshiro128plus") as typeof Xoroshiro;
const { uniformInt } = load("pure-rand/distribution/uniformInt") as typeof Distribution;
const { uniformFloat64 } = load("pure-rand/distribution/uniformFloat64") as typeof Float;

/** The sum a burst exceeds: the job's rule flags a pair whose transactions add up to more. */
export const FRAUD_THRESHOLD = 10_000;
/** The widest event-time gap between two transactions of a burst. */
export const BURST_GAP_MAX_MS = 30_000;
/** The instant a seeded simulated clock starts at when --start-time is not given: 2023-11-14T22:13:20Z. */
export const DEFAULT_SIMULATED_START = 1_700_000_000_000;

export interface GenerationOptions {
    /** Accounts are numbered 1…accounts; at least 2. */
    accounts: number;
    /** The PRNG's seed (a 32-bit integer). */
    seed: number;
    /** The event time of the first transaction, epoch ms. */
    startTime: number;
    /** Event time between consecutive transactions, ms. */
    intervalMs: number;
    /** Each timestamp is moved back by 0…disorderMs, uniformly (0: in order). */
    disorderMs: number;
    /** The chance, at each transaction, that a burst starts there. */
    burstProbability: number;
    /**
     * The clock of the wall mode: when given, each transaction's base time is `now()` instead of the
     * simulated one (the disorder is still applied). Without it the sequence is pure.
     */
    now?: () => number;
}

/** One generated transaction and whether it belongs to a burst (the first of a burst has `burstStart`). */
export interface GeneratedTransaction {
    transaction: Transaction;
    burst: boolean;
    burstStart: boolean;
}

/** The endless sequence of transactions for `options`; take as many as needed. */
export function* generateTransactions(options: GenerationOptions): Generator<GeneratedTransaction, never, undefined> {
    const { accounts, intervalMs, disorderMs, burstProbability } = options;
    if (!Number.isSafeInteger(accounts) || accounts < 2) throw new Error(`accounts must be an integer of at least 2 (a transaction needs two), got ${accounts}`);
    const rng = xoroshiro128plus(options.seed | 0);
    let n = 0;
    let simulated = options.startTime;
    const pair = (): [number, number] => {
        const origin = uniformInt(rng, 1, accounts);
        const other = uniformInt(rng, 1, accounts - 1);
        return [origin, other >= origin ? other + 1 : other];
    };
    const make = (origin: number, target: number, amount: number, burst: boolean, burstStart: boolean): GeneratedTransaction => {
        const base = options.now ? options.now() : simulated;
        const jitter = disorderMs > 0 ? uniformInt(rng, 0, disorderMs) : 0;
        n += 1;
        return { transaction: { id: transactionId(n), timestamp: base - jitter, origin, target, amount }, burst, burstStart };
    };
    for (;;) {
        if (burstProbability > 0 && uniformFloat64(rng) < burstProbability) {
            const [origin, target] = pair();
            const size = uniformInt(rng, 3, 5);
            // Each amount at least ceil((threshold + 1) / size): the sum is then above the threshold.
            const least = Math.ceil((FRAUD_THRESHOLD + 1) / size);
            const gap = Math.min(intervalMs, BURST_GAP_MAX_MS);
            for (let i = 0; i < size; i++) {
                yield make(origin, target, uniformInt(rng, least, least + 2_000), true, i === 0);
                simulated += gap;
            }
            continue;
        }
        const [origin, target] = pair();
        yield make(origin, target, uniformInt(rng, 1, 2_500), false, false);
        simulated += intervalMs;
    }
}

/** The first `count` transactions of `options` (see generateTransactions). */
export function takeTransactions(options: GenerationOptions, count: number): GeneratedTransaction[] {
    const out: GeneratedTransaction[] = [];
    if (count <= 0) return out;
    for (const t of generateTransactions(options)) {
        out.push(t);
        if (out.length >= count) break;
    }
    return out;
}
