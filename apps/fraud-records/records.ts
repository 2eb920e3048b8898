/**
 * The two record formats of the fraud demo. Other programs read them byte for byte (the Flink job
 * parses transactions, people read detections), so the serialisation is fixed here, once.
 */

/** One transfer between two accounts: the value of a record on the `transactions` topic. */
export interface Transaction {
    /** Unique: `t-` and a counter, zero-padded to 6 digits (wider past 999,999). */
    id: string;
    /** Event time, epoch milliseconds. */
    timestamp: number;
    /** The paying account. */
    origin: number;
    /** The receiving account; never the origin. */
    target: number;
    /** A non-negative integer. */
    amount: number;
}

/** What the Flink job writes to the `fraud` topic when one pair's transactions add up to too much. */
export interface Detection {
    origin: number;
    target: number;
    /** The event-time window the total was summed over, epoch ms. */
    windowStart: number;
    windowEnd: number;
    total: number;
    count: number;
    /** Event times of the first and last transaction counted, epoch ms. */
    firstTimestamp: number;
    lastTimestamp: number;
    transactionIds: string[];
}

/** The id of the n-th transaction (n from 1). */
export function transactionId(n: number): string {
    return `t-${String(n).padStart(6, "0")}`;
}

/** A transaction as the topic holds it: this exact key order, no spaces. */
export function transactionJson(t: Transaction): string {
    // An object literal, not the argument itself: its key order is what JSON.stringify writes.
    return JSON.stringify({ id: t.id, timestamp: t.timestamp, origin: t.origin, target: t.target, amount: t.amount });
}

/** The record key of a pair's transactions: one key per pair keeps a pair in one partition, in order. */
export function pairKey(origin: number, target: number): string {
    return `${origin}-${target}`;
}
