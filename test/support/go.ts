/**
 * Go programs the tests build (Versity S3 Gateway, actionlint, the Pod Security evaluator): each with
 * `go install`, once, into a folder under a gitignored target/ that is kept between runs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "./scratch";
import { requireTools } from "./tools";

export interface GoInstall {
    /** What `go install` builds: `module/cmd/x@version`, or `.` for the module in `cwd`. */
    target: string;
    /** The folder the binary is kept in; its name should change with what it is built from (a version, a hash). */
    dir: string;
    /** The binary's file name: the last element of the package path. */
    binary: string;
    /** Where `go install` runs: the module's folder for a local program. */
    cwd?: string;
    /** @default 10 minutes: the first build downloads the modules */
    timeoutMs?: number;
}

/** The path of the binary, built now if `dir` does not hold it yet; a missing or too old Go fails in one line. */
export function goInstalled(spec: GoInstall): string {
    const binary = path.join(spec.dir, spec.binary);
    if (fs.existsSync(binary)) return binary;
    requireTools("go");
    fs.mkdirSync(path.dirname(spec.dir), { recursive: true });
    // Built into a folder of its own beside `dir` (one file system) and renamed into place, so that
    // another test run building at the same time never runs a half-written binary; the loser of
    // the rename keeps the winner's.
    const building = fs.mkdtempSync(path.join(path.dirname(spec.dir), ".building-"));
    try {
        // Go's build directories go to a scratch directory, so that a build cut off by the timeout leaves none in /tmp.
        const tmp = scratchDir("go-build-");
        // Static binaries, as in the images these programs ship in; no VCS stamp: a local program's
        // folder name already says what it was built from.
        const result = spawnSync("go", ["install", "-buildvcs=false", spec.target], {
            cwd: spec.cwd,
            env: { ...process.env, GOBIN: building, GOTMPDIR: tmp, CGO_ENABLED: "0" },
            encoding: "utf8",
            timeout: spec.timeoutMs ?? 10 * 60_000,
        });
        if (result.status !== 0) throw new Error(`go install ${spec.target} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}`);
        fs.chmodSync(building, 0o755);
        try {
            fs.renameSync(building, spec.dir);
        } catch (error) {
            if (!fs.existsSync(binary)) throw error;
        }
    } finally {
        fs.rmSync(building, { recursive: true, force: true });
    }
    return binary;
}
