/** Runs the offline render as a user would (`npm run render`), in its own process, and reads what it wrote. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { CloudResource, HelmRelease, Summary } from "../../renderer/render";
import { scratchDir } from "./scratch";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [field: string]: any;
}

export interface RenderResult {
    status: number | null;
    stdout: string;
    stderr: string;
    outDir: string;
}

export interface RenderedStack {
    objects: K8sObject[];
    releases: HelmRelease[];
    cloud: CloudResource[];
    summary: Summary;
}

export function runRender(stack: string, extraArgs: string[] = [], outDir = path.join(scratchDir(`render-${stack}-`), "out")): RenderResult {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(PROJECT_DIR, "renderer", "cli.ts"), "--stack", stack, "--out", outDir, ...extraArgs], {
        cwd: PROJECT_DIR,
        encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outDir };
}

function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

export function readRendering(outDir: string): RenderedStack {
    return {
        objects: filesUnder(path.join(outDir, "k8s")).map((f) => parse(fs.readFileSync(f, "utf8")) as K8sObject),
        releases: filesUnder(path.join(outDir, "helm")).map((f) => parse(fs.readFileSync(f, "utf8")) as HelmRelease),
        cloud: JSON.parse(fs.readFileSync(path.join(outDir, "cloud.json"), "utf8")),
        summary: JSON.parse(fs.readFileSync(path.join(outDir, "summary.json"), "utf8")),
    };
}

/** Renders a stack and reads it; fails with the render's own message when it fails. */
export function renderStackFiles(stack: string): RenderedStack {
    const result = runRender(stack, ["--quiet"]);
    if (result.status !== 0) throw new Error(`render of ${stack} exited ${result.status}: ${result.stderr}`);
    return readRendering(result.outDir);
}
