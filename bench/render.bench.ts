/**
 * npm run bench: what rendering a stack costs, and what one more Flink application adds.
 * Each scenario renders in a fresh process (as `npm run render` does), several times; the median is
 * reported: the whole process's wall time, the render's own time, and the process's peak memory.
 * Its stack files and renderings go to one scratch directory, removed when it exits.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { scratchDir } from "../test/support/scratch";

const PROJECT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCRATCH = scratchDir("bench-");

interface Sample {
    processMs: number;
    renderMs: number;
    peakRssMiB: number;
    resources: number;
}

function devWithApplications(count: number): string {
    const dev = parse(fs.readFileSync(path.join(PROJECT, "Pulumi.dev.yaml"), "utf8"));
    const applications: Record<string, unknown> = {};
    for (let i = 1; i <= count; i++) {
        applications[`job-${String(i).padStart(2, "0")}`] = { job: { jarURI: `local:///opt/flink/usrlib/job-${i}.jar`, parallelism: 2 }, taskManager: { slots: 2 } };
    }
    dev.config["streaming-platform:flink"].applications = applications;
    const file = path.join(SCRATCH, `Pulumi.apps-${count}.yaml`);
    fs.writeFileSync(file, stringify(dev));
    return file;
}

function renderOnce(stack: string, stackFile: string): Sample {
    const out = fs.mkdtempSync(path.join(SCRATCH, "out-"));
    const start = performance.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "render-once.ts"), stack, stackFile, out], { cwd: PROJECT, encoding: "utf8" });
    const processMs = performance.now() - start;
    fs.rmSync(out, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`render of ${stack} failed: ${result.stderr}`);
    return { processMs, ...(JSON.parse(result.stdout.trim().split("\n").pop()!) as Omit<Sample, "processMs">) };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function measure(label: string, stack: string, stackFile: string): Sample {
    const samples = Array.from({ length: RUNS }, () => renderOnce(stack, stackFile));
    const m: Sample = {
        processMs: median(samples.map((s) => s.processMs)),
        renderMs: median(samples.map((s) => s.renderMs)),
        peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
        resources: samples[0].resources,
    };
    console.log(
        `${label.padEnd(26)} ${String(m.resources).padStart(5)} resources  process ${m.processMs.toFixed(0).padStart(6)} ms  render ${m.renderMs.toFixed(0).padStart(6)} ms  peak RSS ${m.peakRssMiB.toFixed(0).padStart(5)} MiB`,
    );
    return m;
}

console.log(`render benchmark: median of ${RUNS} runs, Node ${process.version}, ${os.cpus().length} CPUs`);
const dev = measure("dev stack", "dev", path.join(PROJECT, "Pulumi.dev.yaml"));
const fifty = measure("dev + 50 Flink applications", "apps-50", devWithApplications(50));
const perApp = {
    ms: (fifty.renderMs - dev.renderMs) / 50,
    mib: (fifty.peakRssMiB - dev.peakRssMiB) / 50,
    resources: (fifty.resources - dev.resources) / 50,
};
console.log(`one more Flink application: +${perApp.resources} resources, +${perApp.ms.toFixed(1)} ms render time, +${perApp.mib.toFixed(2)} MiB peak memory`);
