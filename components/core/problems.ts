import * as pulumi from "@pulumi/pulumi";

/**
 * A component argument that is wrong. Thrown from a constructor before any child resource exists, so
 * a bad argument leaves nothing half-made. It is a `RunError`, so `pulumi up` prints the message
 * without a stack trace.
 */
export class ArgumentError extends pulumi.RunError {
    constructor(component: string, name: string, message: string) {
        super(`${component} "${name}": ${message}`);
        this.name = "ArgumentError";
    }
}

/** Collects every problem of one component's arguments, so the user sees them all at once. */
export class ArgumentChecks {
    /** Each problem found, as a sentence that names the argument. */
    readonly problems: string[] = [];

    constructor(private readonly component: string, private readonly name: string) {}

    /** Records `message` unless `ok`. */
    check(ok: boolean, message: string): this {
        if (!ok) this.problems.push(message);
        return this;
    }

    /** Throws one ArgumentError that lists every recorded problem; does nothing when there are none. */
    throwIfAny(): void {
        if (this.problems.length > 0) {
            throw new ArgumentError(this.component, this.name, this.problems.join("; "));
        }
    }
}

/** A value known now (not an Output), so it can be validated before anything is created. */
export function known<T>(value: pulumi.Input<T> | undefined): value is T {
    return value !== undefined && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}
