import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PlatformConfig, platformSchema } from "./schema";
import { semanticProblems } from "./semantics";

export const PROJECT = "streaming-platform";

/** An invalid stack configuration: one message that lists every bad key by its path. */
export class StackConfigError extends pulumi.RunError {
    constructor(public readonly problems: string[]) {
        super(`invalid stack configuration (keys under "${PROJECT}:"):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "StackConfigError";
    }
}

function pathOf(path: readonly PropertyKey[]): string {
    return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** One line per problem, `path: message`; an unknown key is reported at its own path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
    return issues.flatMap((issue) => {
        if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `${pathOf([...issue.path, key])}: ${issue.message}`);
        const where = pathOf(issue.path) || "(stack)";
        // A bad record key (a tenant's name): say what is wrong with the name itself.
        if (issue.code === "invalid_key") return issue.issues.map((inner) => `${where}: the name ${inner.message}`);
        return [`${where}: ${issue.message}`];
    });
}

/** Validates the raw sections (key without the project prefix → value) and applies defaults. */
export function parsePlatformConfig(raw: Record<string, unknown>): PlatformConfig {
    const result = platformSchema.safeParse(raw);
    if (!result.success) throw new StackConfigError(describeIssues(result.error.issues));
    const problems = semanticProblems(result.data);
    if (problems.length > 0) throw new StackConfigError(problems);
    return result.data;
}

/**
 * The sections of this stack's configuration under the project's namespace. Every key is read, not
 * just the known ones, so that a misspelt section is reported instead of ignored.
 */
export function rawStackConfig(all: Record<string, string> = pulumi.runtime.allConfig()): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        const separator = key.indexOf(":");
        if (key.slice(0, separator) !== PROJECT) continue;
        raw[key.slice(separator + 1)] = parseConfigValue(value);
    }
    return raw;
}

/** Structured values arrive as JSON text; plain strings (`target: minikube`) as themselves. */
function parseConfigValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** This stack's configuration, validated. Throws StackConfigError before anything is created. */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(rawStackConfig());
}
