/**
 * npm run render -- --stack <name> [--out <dir>] [--stack-file <Pulumi.x.yaml>] [--quiet]
 *
 * Writes every Kubernetes object, Helm release and cloud resource that `pulumi up` would create for
 * the stack, and a summary; nothing is written when the configuration is invalid.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderStack } from "./render";
import { writeRendering } from "./write";

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { stack: { type: "string", default: "dev" }, out: { type: "string" }, "stack-file": { type: "string" }, quiet: { type: "boolean", default: false } } });
    const stack = values.stack;
    const projectDir = path.resolve(__dirname, "..");
    const outDir = path.resolve(values.out ?? path.join("build", "render", stack));
    try {
        const rendering = await renderStack(projectDir, stack, values["stack-file"] && path.resolve(values["stack-file"]));
        writeRendering(rendering, outDir);
        if (!values.quiet) {
            const { requests, resources } = rendering.summary;
            const count = Object.values(resources).reduce((a, b) => a + b, 0);
            console.log(`rendered stack ${stack} to ${outDir}: ${count} resources, requests ${requests.cpuMillicores}m CPU and ${requests.memoryMiB}Mi memory`);
        }
        return 0;
    } catch (error) {
        console.error(`render of stack "${stack}" failed: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
    }
}

void main().then((code) => process.exit(code));
