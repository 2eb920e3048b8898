/**
 * One way to report bad input, for every component and the stack: a list of problems, each with the
 * path of the argument it is about (relative to the args, `resources.requestsMemory`, `jobs[0].name`)
 * and a message that says what is allowed ("must be …, got …"). A component throws them together
 * before it creates anything; the stack layer runs the same function under its section's key.
 */
import * as pulumi from "@pulumi/pulumi";

export interface Problem {
    /** The argument's path, relative to the component's args (or, in the stack layer, the stack's keys). */
    path: string;
    /** What is wrong and what is allowed; starts with "must", "is" or "needs". */
    message: string;
}

/** `prefix` and `path` joined as a key path: `a` + `b` is `a.b`; `a` + `[0].b` is `a[0].b`. */
export function joinPath(prefix: string, path: string): string {
    if (prefix === "") return path;
    if (path === "") return prefix;
    return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The problems of a nested argument, under that argument's path. */
export function problemsAt(prefix: string, problems: readonly Problem[]): Problem[] {
    return problems.map((p) => ({ path: joinPath(prefix, p.path), message: p.message }));
}

/** True when `path` is `prefix` or lies below it (`prefix.x`, `prefix[0]`). */
function isUnder(path: string, prefix: string): boolean {
    return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * Problems whose paths are moved by `moves` (argument path → stack key path; the longest match wins),
 * and the rest put under `prefix`. The stack layer uses it where a component's argument comes from a
 * key of another name or section (`haType` from `flink.ha`, `namespace` from `namespaces.streaming.name`).
 */
export function relocate(prefix: string, problems: readonly Problem[], moves: Readonly<Record<string, string>> = {}): Problem[] {
    const froms = Object.keys(moves).sort((a, b) => b.length - a.length);
    return problems.map((p) => {
        const from = froms.find((f) => isUnder(p.path, f));
        if (from === undefined) return { path: joinPath(prefix, p.path), message: p.message };
        return { path: moves[from] + p.path.slice(from.length), message: p.message };
    });
}

/**
 * Each problem once: where several components get the same argument from one stack key (every Flink
 * cluster's quorum, every topic's cluster name), its problem is reported at that key once.
 */
export function uniqueProblems(problems: readonly Problem[]): Problem[] {
    return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path && q.message === p.message) === i);
}

/** One line per problem: `path: message`. */
export function describeProblems(problems: readonly Problem[]): string[] {
    return problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`));
}

/**
 * Bad arguments of a component. Thrown from a constructor before any child resource exists, so bad
 * input leaves nothing half-made. It is a `RunError`, so `pulumi up` prints the message without a
 * stack trace.
 */
export class ArgumentError extends pulumi.RunError {
    constructor(
        component: string,
        name: string,
        public readonly problems: readonly Problem[],
    ) {
        super(`${component} "${name}" has invalid arguments:\n${describeProblems(problems).map((line) => `  - ${line}`).join("\n")}`);
        this.name = "ArgumentError";
    }
}

/** Throws one ArgumentError that lists every problem; does nothing when there are none. */
export function throwIfProblems(component: string, name: string, problems: readonly Problem[]): void {
    if (problems.length > 0) throw new ArgumentError(component, name, problems);
}

/** Collects problems while a problems function walks its arguments. */
export class Problems {
    readonly list: Problem[] = [];

    /** Records a problem at `path` unless `ok`. */
    check(ok: boolean, path: string, message: string): this {
        if (!ok) this.list.push({ path, message });
        return this;
    }

    /** Records the problems of a nested argument under its path. */
    add(prefix: string, problems: readonly Problem[]): this {
        this.list.push(...problemsAt(prefix, problems));
        return this;
    }
}

/** A value known now (not an Output), so it can be validated before anything is created. */
export function known<T>(value: pulumi.Input<T> | undefined): value is T {
    return value !== undefined && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/**
 * What a program is given for a secret it cannot read: the offline render has no key to decrypt a
 * stack's `secure:` values and hands this instead. A check of a secret's shape skips it.
 */
export const UNREADABLE_SECRET = "[secret]";

/** True when `value` is a secret's real value, to be checked: neither unknown (an Output) nor UNREADABLE_SECRET. */
export function readableSecret(value: pulumi.Input<string> | undefined): value is string {
    return known(value) && value !== UNREADABLE_SECRET;
}
