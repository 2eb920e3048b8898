/**
 * Command-line parsing for the demo's programs, on Node's own util.parseArgs (strict: an option it
 * does not know is an error), with errors that name the option and say what is allowed.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

export type OptionSpec = ParseArgsOptionsConfig;

/** The parsed values: strings for string options, booleans for flags, absent when not given. */
export type ParsedOptions = Record<string, string | boolean | undefined>;

/** Parses `argv` against `spec`; an unknown option or a missing value throws naming it and the allowed ones. */
export function parseOptions(program: string, spec: OptionSpec, argv: string[]): ParsedOptions {
    try {
        const { values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false, allowNegative: true });
        return values as ParsedOptions;
    } catch (e) {
        const allowed = Object.entries(spec)
            .map(([name, o]) => (o.type === "boolean" ? `--${name}` : `--${name} <value>`))
            .join(", ");
        throw new Error(`${program}: ${(e as Error).message} Allowed options: ${allowed}`);
    }
}

/** A string option's value, or undefined; a flag given to a string option cannot happen (parseArgs refuses it). */
export function stringOption(values: ParsedOptions, name: string): string | undefined {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
}

/** An integer option within [min, max], or `fallback` when absent. */
export function integerOption(values: ParsedOptions, name: string, fallback: number | undefined, min = -Infinity, max = Infinity): number | undefined {
    const text = stringOption(values, name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
        const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
        throw new Error(`--${name} must be an integer ${range}, got "${text}"`);
    }
    return n;
}

/** A number option within [min, max] (decimals allowed), or `fallback` when absent. */
export function numberOption(values: ParsedOptions, name: string, fallback: number, min: number, max: number, minExclusive = false): number {
    const text = stringOption(values, name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n) || n > max || (minExclusive ? n <= min : n < min)) {
        throw new Error(`--${name} must be a number ${minExclusive ? "greater than" : "from"} ${min}${max === Infinity ? "" : ` to ${max}`}, got "${text}"`);
    }
    return n;
}

/** One of `allowed`, or `fallback` when absent. */
export function choiceOption<T extends string>(values: ParsedOptions, name: string, allowed: readonly T[], fallback: T): T {
    const text = stringOption(values, name);
    if (text === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(text)) throw new Error(`--${name} must be one of ${allowed.join(", ")}, got "${text}"`);
    return text as T;
}
