/**
 * The library as its consumers get it: a copy of this working tree (what a clone of a tag would
 * hold), packed with `npm pack` as npm packs it, and installed into throwaway projects with plain
 * `npm install`. Everything happens under scratch directories, never in the repository, so two test
 * runs on one machine do not meet (the npm cache is shared, and npm keeps it safe for that).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface RunResult {
    status: number | null;
    stdout: string;
    stderr: string;
    /** Wall time of the process, in milliseconds. */
    ms: number;
}

/**
 * The environment for a nested npm: without the variables `npm test` sets for its own package
 * (npm_config_local_prefix, npm_package_*, npm_lifecycle_*), so that npm works on the directory it
 * is started in.
 */
export function npmEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
        if (!/^npm_(config_local_prefix|package_|lifecycle_|command$)/i.test(key)) env[key] = value;
    }
    return env;
}

/** Runs a command to its end, at most `timeoutMs`, without blocking the event loop. */
export function run(command: string, args: string[], cwd: string, timeoutMs = 300_000, env: NodeJS.ProcessEnv = npmEnv()): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`${command} ${args.join(" ")} did not end within ${timeoutMs} ms\n${stdout}\n${stderr}`));
        }, timeoutMs);
        child.on("error", reject);
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr, ms: Date.now() - started });
        });
    });
}

/** Like `run`, but a non-zero exit is an error that carries the command's output. */
export async function runOk(command: string, args: string[], cwd: string, timeoutMs?: number): Promise<RunResult> {
    const result = await run(command, args, cwd, timeoutMs);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
    return result;
}

/**
 * Copies the files of the working tree that git would commit (tracked or new, not ignored; so not
 * node_modules/, dist/ or caches) into `dir`, and commits them there under the tag `tag`: the
 * repository as a consumer's `npm install <git url>#<tag>` or Pulumi's `pulumi package add` sees it.
 */
export function snapshotRepository(dir: string, tag: string): void {
    const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT_DIR, encoding: "utf8" });
    if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
    for (const file of new Set(listed.stdout.split("\0").filter(Boolean))) {
        const from = path.join(PROJECT_DIR, file);
        if (!fs.existsSync(from)) continue; // deleted in the working tree
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.copyFileSync(from, path.join(dir, file));
    }
    const git = (...args: string[]) => {
        const result = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args], {
            cwd: dir,
            encoding: "utf8",
        });
        if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    };
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "--no-verify", "-m", "snapshot of the working tree");
    git("tag", tag);
}

export interface PackedFile {
    path: string;
    size: number;
}

export interface Packed {
    tarball: string;
    files: PackedFile[];
    /** Wall time of `npm pack`, the build that its `prepare` runs included. */
    ms: number;
}

/**
 * `npm pack` of a copy of the repository (see snapshotRepository) into `destination`, with the
 * repository's installed node_modules linked in for the build that `prepare` runs.
 */
export async function packLibrary(source: string, destination: string): Promise<Packed> {
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(source, "node_modules"), "dir");
    const result = await runOk("npm", ["pack", "--json", "--pack-destination", destination], source);
    const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf("["))) as { filename: string; files: PackedFile[] }[];
    return { tarball: path.join(destination, info.filename), files: info.files, ms: result.ms };
}

/** A new npm project in `dir` with the given files. */
export function writeProject(dir: string, files: Record<string, string>): void {
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

/** `npm install <spec>` in `dir`, as a consumer would, taking packages from the npm cache when it has them. */
export function npmInstall(dir: string, spec: string): Promise<RunResult> {
    return runOk("npm", ["install", spec, "--prefer-offline", "--no-audit", "--no-fund"], dir, 600_000);
}
