/**
 * An independent, deliberately plain statement of what the fraud job must detect in a sequence of
 * transactions-topic values read from one partition, in order. It imports nothing of the job or of the
 * demo's programs: the demo test compares the two, so a shared mistake would pass unseen.
 *
 * Why the result does not depend on when windows fire: a transaction is counted only when its
 * timestamp is after the watermark, and a window fires only once the watermark reaches end - 1, so a
 * counted transaction always reaches every window it belongs to before that window fires. The contents
 * of every window are therefore fixed by the input order alone, and a pair's windows are judged in the
 * order of their end, whether they fire as the watermark moves or all at the end of input.
 */

export interface ReferenceOptions {
    /** Default 600,000 (10 min). */
    windowSizeMs?: number;
    /** Default 120,000 (2 min). */
    windowSlideMs?: number;
    /** Default 5,000 (5 s). */
    outOfOrdernessMs?: number;
    /** A window is a detection when its total is strictly above this; default 10,000. */
    threshold?: number;
}

export interface ReferenceTransaction {
    id: string;
    timestamp: number;
    origin: number;
    target: number;
    amount: number;
}

export interface ReferenceDetection {
    origin: number;
    target: number;
    windowStart: number;
    windowEnd: number;
    total: number;
    count: number;
    firstTimestamp: number;
    lastTimestamp: number;
    transactionIds: string[];
}

/** The transaction in `line`, or undefined when the line is malformed (it then goes to the dead letters). */
export function parseReferenceTransaction(line: string): ReferenceTransaction | undefined {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return undefined;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const { id, timestamp, origin, target, amount } = value as Record<string, unknown>;
    if (typeof id !== "string" || id === "") return undefined;
    if (![timestamp, origin, target, amount].every((n) => Number.isSafeInteger(n))) return undefined;
    const t = { id, timestamp, origin, target, amount } as ReferenceTransaction;
    if (t.origin === t.target || t.amount < 0) return undefined;
    return t;
}

/** The starts of the sliding windows that hold `timestamp` (Flink's SlidingEventTimeWindows, offset 0), latest first. */
export function windowStarts(timestamp: number, sizeMs: number, slideMs: number): number[] {
    const lastStart = timestamp - (((timestamp % slideMs) + slideMs) % slideMs);
    const starts: number[] = [];
    for (let start = lastStart; start > timestamp - sizeMs; start -= slideMs) starts.push(start);
    return starts;
}

/** The valid transactions of `lines` that are not late, in read order. */
export function onTimeTransactions(lines: string[], outOfOrdernessMs: number): ReferenceTransaction[] {
    const onTime: ReferenceTransaction[] = [];
    let maxTimestamp = -Infinity;
    for (const line of lines) {
        const t = parseReferenceTransaction(line);
        if (t === undefined) continue;
        // The watermark after the valid records before this one; a late record cannot raise the maximum.
        const watermark = maxTimestamp - outOfOrdernessMs - 1;
        if (t.timestamp > watermark) onTime.push(t);
        maxTimestamp = Math.max(maxTimestamp, t.timestamp);
    }
    return onTime;
}

/** Every detection the job must emit for `lines`, pair by pair, each pair's in order of window end. */
export function referenceDetections(lines: string[], options: ReferenceOptions = {}): ReferenceDetection[] {
    const size = options.windowSizeMs ?? 600_000;
    const slide = options.windowSlideMs ?? 120_000;
    const threshold = options.threshold ?? 10_000;

    // pair → window start → its transactions in read order
    const windows = new Map<string, Map<number, ReferenceTransaction[]>>();
    for (const t of onTimeTransactions(lines, options.outOfOrdernessMs ?? 5_000)) {
        const pair = `${t.origin}-${t.target}`;
        const byStart = windows.get(pair) ?? new Map<number, ReferenceTransaction[]>();
        windows.set(pair, byStart);
        for (const start of windowStarts(t.timestamp, size, slide)) byStart.set(start, [...(byStart.get(start) ?? []), t]);
    }

    const detections: ReferenceDetection[] = [];
    for (const byStart of windows.values()) {
        const detected = new Set<string>();
        // All windows have the same size: in order of start is in order of end.
        for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
            const txs = byStart.get(start) as ReferenceTransaction[];
            const total = txs.reduce((sum, t) => sum + t.amount, 0);
            if (total <= threshold || txs.every((t) => detected.has(t.id))) continue;
            // Array.prototype.sort is stable: equal timestamps stay in read order.
            const sorted = [...txs].sort((a, b) => a.timestamp - b.timestamp);
            for (const t of sorted) detected.add(t.id);
            detections.push({
                origin: sorted[0].origin,
                target: sorted[0].target,
                windowStart: start,
                windowEnd: start + size,
                total,
                count: sorted.length,
                firstTimestamp: sorted[0].timestamp,
                lastTimestamp: sorted[sorted.length - 1].timestamp,
                transactionIds: sorted.map((t) => t.id),
            });
        }
    }
    return detections;
}
