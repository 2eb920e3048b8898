/**
 * npm run render -- --stack <name> [--out <dir>] [--stack-file <Pulumi.x.yaml>] [--quiet]
 *
 * Writes every Kubernetes object, Helm release and cloud resource that `pulumi up` would create for
 * the stack, and a summary; nothing is written when the configuration is invalid.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkOutDir } from "./out-dir";
import { renderStack } from "./render";
import { listStacks } from "./stack-file";
import { writeRendering } from "./write";

const PROJECT_DIR = path.resolve(__dirname, "..");

const USAGE = `usage: npm run render -- [--stack <name>] [--out <dir>] [--stack-file <file>] [--quiet]

  --stack <name>       the stack to render, from Pulumi.<name>.yaml (default: dev; stacks: ${listStacks(PROJECT_DIR).join(", ")})
  --out <dir>          where to write (default: build/render/<stack>); a missing or empty folder, or an earlier render's
  --stack-file <file>  render this stack file instead of Pulumi.<stack>.yaml (a candidate under review)
  --quiet              print nothing on success
  --help               print this`;

const OPTIONS = {
    stack: { type: "string", default: "dev" },
    out: { type: "string" },
    "stack-file": { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
} as const;

async function main(argv: string[]): Promise<number> {
    let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; args: string[] }>>["values"];
    try {
        ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (error) {
        // parseArgs names the flag ("Unknown option '--stak'", "Option '--stack <value>' argument missing").
        console.error(`render: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    const stack = values.stack;
    const outDir = path.resolve(values.out ?? path.join("build", "render", stack));
    try {
        checkOutDir(outDir);
        const rendering = await renderStack(PROJECT_DIR, stack, values["stack-file"] && path.resolve(values["stack-file"]));
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

void main(process.argv.slice(2)).then((code) => process.exit(code));
