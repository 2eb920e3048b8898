/**
 * Replaying a JSON-lines file: each non-empty line is one record value, sent as it is, even when it
 * is not a transaction (that is the point: the job must dead-letter malformed records). A line that
 * parses as an object with integer origin and target gets the pair's key, as generated ones do.
 */
import * as fs from "node:fs";
import { pairKey } from "../fraud-records/records";

export interface ReplayRecord {
    key?: string;
    value: string;
}

/** The key a replayed line gets: the pair's when it names one, none otherwise. */
export function replayKey(line: string): string | undefined {
    try {
        const v: unknown = JSON.parse(line);
        if (typeof v !== "object" || v === null) return undefined;
        const { origin, target } = v as Record<string, unknown>;
        return Number.isSafeInteger(origin) && Number.isSafeInteger(target) ? pairKey(origin as number, target as number) : undefined;
    } catch {
        return undefined;
    }
}

/** The records of `file`: its lines without the newline (\n or \r\n), empty ones skipped. */
export function readReplay(file: string): ReplayRecord[] {
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line))
        .filter((line) => line !== "")
        .map((value) => ({ key: replayKey(value), value }));
}
