/** A detection as a person reads it, one line. */
import type { Detection } from "./records";

const AMOUNT = new Intl.NumberFormat("en-US");

/** HH:MM:SS of an epoch-ms instant, in UTC: the job's windows are UTC and so is every pod's clock. */
function utcTime(ms: number): string {
    return new Date(ms).toISOString().slice(11, 19);
}

/** `Fraud: account 1 → 3, 19,895 in 4 transactions, 12:00:18–12:01:31` */
export function describeDetection(d: Detection): string {
    const transactions = d.count === 1 ? "1 transaction" : `${d.count} transactions`;
    return `Fraud: account ${d.origin} → ${d.target}, ${AMOUNT.format(d.total)} in ${transactions}, ${utcTime(d.firstTimestamp)}–${utcTime(d.lastTimestamp)}`;
}
