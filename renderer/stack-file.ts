import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { UNREADABLE_SECRET } from "../components/core/problems";

/** What a stack file gives the program: Pulumi's flat config map, and which of its keys are secret. */
export interface StackFileConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && "secure" in value && Object.keys(value).length === 1;
}

/**
 * Reads `Pulumi.<stack>.yaml` as the Pulumi CLI would hand it to the program: each key's value as a
 * string, structured values as JSON. Secure values (`secure: v1:…`) cannot be decrypted without the
 * CLI: they become a placeholder and are marked secret. Secrets nested inside an object are replaced too.
 */
export function readStackFile(projectDir: string, stack: string, stackFile?: string): StackFileConfig {
    const file = stackFile ?? path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const stacks = listStacks(projectDir);
        throw new Error(`no stack file ${file}${stackFile === undefined ? ` (stacks: ${stacks.join(", ")})` : ""}`);
    }
    let doc: { config?: Record<string, unknown> };
    try {
        doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    } catch (error) {
        // The YAML library's message gives the line and column; the user needs the file too.
        throw new Error(`${file} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        let hasSecret = false;
        const unsecured = JSON.parse(JSON.stringify(value ?? null), (_k, v: unknown) => {
            if (isSecure(v)) {
                hasSecret = true;
                return UNREADABLE_SECRET; // the components skip it where they check a secret's shape
            }
            return v;
        }) as unknown;
        config[key] = typeof unsecured === "string" ? unsecured : JSON.stringify(unsecured);
        if (hasSecret) secretKeys.push(key);
    }
    return { config, secretKeys };
}

/** The stacks a project has: every `Pulumi.<stack>.yaml` beside `Pulumi.yaml`. */
export function listStacks(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}
