import { z } from "zod";
import { isDnsLabel } from "../components/core/labels";
import { isCpuQuantity, isMemoryQuantity } from "../components/core/quantity";

/**
 * An object whose keys are all known: a typo such as `replica` for `replicas` is an error that lists
 * the allowed keys, never silently ignored.
 */
export function section<T extends z.ZodRawShape>(shape: T) {
    const allowed = Object.keys(shape).join(", ");
    return z.strictObject(shape, {
        error: (issue) => (issue.code === "unrecognized_keys" ? `unknown key; allowed: ${allowed}` : undefined),
    });
}

export const cpu = z
    .union([z.string(), z.number()])
    .refine(isCpuQuantity, { error: (issue) => `must be a CPU quantity such as "500m" or "2", got ${JSON.stringify(issue.input)}` })
    .transform(String);

export const memory = z
    .union([z.string(), z.number()])
    .refine(isMemoryQuantity, { error: (issue) => `must be a quantity such as "512Mi" or "2Gi", got ${JSON.stringify(issue.input)}` })
    .transform(String);

export const dnsLabel = z.string().refine(isDnsLabel, {
    error: (issue) => `must be a DNS label (lower-case letters, digits and "-", at most 63), got ${JSON.stringify(issue.input)}`,
});

export const port = z.int().min(1).max(65535);

/** Requests and limits of one container. */
export const resources = section({
    requestsCpu: cpu.optional(),
    requestsMemory: memory.optional(),
    limitsCpu: cpu.optional(),
    limitsMemory: memory.optional(),
});
