/**
 * The strict reader of detections: the actor shows what the job found, so a record that is not
 * exactly a detection is refused with a reason that names the field, never half-shown, never a crash.
 */
import type { Detection } from "./records";

export type DetectionParse = { ok: true; detection: Detection } | { ok: false; error: string };

const INTEGER_FIELDS = ["origin", "target", "windowStart", "windowEnd", "total", "count", "firstTimestamp", "lastTimestamp"] as const;
const FIELDS: readonly string[] = [...INTEGER_FIELDS, "transactionIds"];

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads one `fraud` record value. Unknown fields are refused too: they mean a job of another version. */
export function parseDetection(text: string | undefined): DetectionParse {
    if (text === undefined) return { ok: false, error: "the record has no value" };
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (e) {
        return { ok: false, error: `not JSON: ${(e as Error).message}` };
    }
    if (!isRecord(value)) return { ok: false, error: "not a JSON object" };
    for (const key of Object.keys(value)) {
        if (!FIELDS.includes(key)) return { ok: false, error: `unknown field "${key}"; a detection has ${FIELDS.join(", ")}` };
    }
    for (const field of INTEGER_FIELDS) {
        const v = value[field];
        if (v === undefined) return { ok: false, error: `field "${field}" is missing` };
        if (typeof v !== "number" || !Number.isSafeInteger(v)) return { ok: false, error: `field "${field}" must be an integer, got ${JSON.stringify(v)}` };
    }
    const d = value as unknown as Detection;
    if (d.origin === d.target) return { ok: false, error: `fields "origin" and "target" must differ, both are ${d.origin}` };
    if (d.total < 0) return { ok: false, error: `field "total" must not be negative, got ${d.total}` };
    if (d.count < 1) return { ok: false, error: `field "count" must be at least 1, got ${d.count}` };
    if (d.windowEnd < d.windowStart) return { ok: false, error: `field "windowEnd" (${d.windowEnd}) is before "windowStart" (${d.windowStart})` };
    if (d.lastTimestamp < d.firstTimestamp) return { ok: false, error: `field "lastTimestamp" (${d.lastTimestamp}) is before "firstTimestamp" (${d.firstTimestamp})` };
    const ids: unknown = value.transactionIds;
    if (ids === undefined) return { ok: false, error: `field "transactionIds" is missing` };
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) return { ok: false, error: `field "transactionIds" must be an array of strings` };
    if (ids.length !== d.count) return { ok: false, error: `field "transactionIds" has ${ids.length} ids but "count" is ${d.count}` };
    return { ok: true, detection: d };
}
