import * as pulumi from "@pulumi/pulumi";
import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { describeProblems, joinPath, Problem } from "../components/core/problems";
import { PlatformConfig, platformSchema } from "./schema";
import { componentProblems } from "./semantics";

export const PROJECT = "streaming-platform";

/** An invalid stack configuration: one message that lists every bad key by its path. */
export class StackConfigError extends pulumi.RunError {
    constructor(public readonly problems: readonly Problem[]) {
        super(`invalid stack configuration (keys under "${PROJECT}:"):\n${describeProblems(problems).map((line) => `  - ${line}`).join("\n")}`);
        this.name = "StackConfigError";
    }
}

function pathOf(path: readonly PropertyKey[]): string {
    return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** zod's issues as problems by key path; an unknown key is reported at its own path. */
export function issueProblems(issues: readonly z.core.$ZodIssue[], prefix = ""): Problem[] {
    return issues.flatMap((issue): Problem[] => {
        const at = (path: readonly PropertyKey[]) => joinPath(prefix, pathOf(path));
        if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: issue.message }));
        // A bad record key (a tenant's name): say what is wrong with the name itself.
        if (issue.code === "invalid_key") return issue.issues.map((inner) => ({ path: at(issue.path), message: `the name ${inner.message}` }));
        return [{ path: at(issue.path) || "(stack)", message: issue.message }];
    });
}

type Sections = Partial<PlatformConfig>;
const SECTION_KEYS = Object.keys(platformSchema.shape) as (keyof PlatformConfig)[];

/**
 * Each section parsed on its own, so that the components can still check the sections that parse
 * while another section has a schema problem: the stack's message then lists both.
 */
function parseSections(raw: Record<string, unknown>): { sections: Sections; problems: Problem[] } {
    const sections: Sections = {};
    const problems: Problem[] = Object.keys(raw)
        .filter((key) => !(SECTION_KEYS as string[]).includes(key))
        .map((key) => ({ path: key, message: `unknown key; allowed: ${SECTION_KEYS.join(", ")}` }));
    for (const key of SECTION_KEYS) {
        const result = platformSchema.shape[key].safeParse(raw[key]);
        if (result.success) Object.assign(sections, { [key]: result.data });
        else problems.push(...issueProblems(result.error.issues, key));
    }
    return { sections, problems };
}

/**
 * Validates the raw sections (key without the project prefix → value) and applies defaults. Schema
 * problems and the components' own problems come in one StackConfigError, each by its key path.
 */
export function parsePlatformConfig(raw: Record<string, unknown>, keyProblems: readonly Problem[] = []): PlatformConfig {
    const parsed = parseSections(raw);
    const { sections } = parsed;
    const problems = [...keyProblems, ...parsed.problems];
    problems.push(...componentProblems(sections));
    if (problems.length > 0) throw new StackConfigError(problems);
    return sections as PlatformConfig;
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

/** How far a key's namespace may be from the project's name to be taken for a typo of it. */
const TYPO_DISTANCE = 3;

/**
 * Keys under a namespace that is nearly the project's (`streaming-platfrom:kafka`): Pulumi hands them
 * to the program like any provider's keys, and without this the section would silently take its
 * defaults (a production-size Kafka on a laptop).
 */
export function misspeltKeyProblems(all: Record<string, string>): Problem[] {
    return Object.keys(all).flatMap((key) => {
        const namespace = key.slice(0, key.indexOf(":"));
        if (namespace === PROJECT || distance(namespace, PROJECT) > TYPO_DISTANCE) return [];
        const fixed = `${PROJECT}:${key.slice(namespace.length + 1)}`;
        return [{ path: key, message: `is under "${namespace}", not the project's "${PROJECT}", and would be ignored: did you mean ${fixed}?` }];
    });
}

/** This stack's configuration, validated. Throws StackConfigError before anything is created. */
export function loadPlatformConfig(all: Record<string, string> = pulumi.runtime.allConfig()): PlatformConfig {
    return parsePlatformConfig(rawStackConfig(all), misspeltKeyProblems(all));
}
