/**
 * actionlint (github.com/rhysd/actionlint), built from the Go module proxy at a pinned version and
 * kept under test/ci/target/, as test/real/s3-checkpoint.test.ts keeps its S3 gateway.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const ACTIONLINT_VERSION = "v1.7.12";

const TARGET = path.join(__dirname, "target");

/** The actionlint binary, built once per version with `go install`. */
export function actionlint(): string {
    const dir = path.join(TARGET, `actionlint-${ACTIONLINT_VERSION}`);
    const binary = path.join(dir, "actionlint");
    if (fs.existsSync(binary)) return binary;
    fs.mkdirSync(TARGET, { recursive: true });
    // Built into a folder of its own and renamed into place, so a second test run building at the
    // same time never runs a half-written binary; the loser of the rename keeps the winner's.
    const building = fs.mkdtempSync(path.join(TARGET, ".building-"));
    try {
        const result = spawnSync("go", ["install", `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
            env: { ...process.env, GOBIN: building, CGO_ENABLED: "0" },
            encoding: "utf8",
            timeout: 10 * 60_000,
        });
        if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
            throw new Error("go is not on PATH: actionlint is built with `go install` (Go 1.25 or later; .ci/run installs it)");
        }
        if (result.status !== 0) throw new Error(`go install actionlint@${ACTIONLINT_VERSION} failed (${result.error?.message ?? result.status}):\n${result.stderr}`);
        fs.chmodSync(building, 0o755);
        try {
            fs.renameSync(building, dir);
        } catch (error) {
            if (!fs.existsSync(binary)) throw error;
        }
    } finally {
        fs.rmSync(building, { recursive: true, force: true });
    }
    return binary;
}

/** shellcheck's path: actionlint checks every `run:` script with it, and skips them silently without it. */
export function shellcheck(): string {
    const result = spawnSync("shellcheck", ["--version"], { encoding: "utf8" });
    if (result.error || result.status !== 0) {
        throw new Error("shellcheck is not on PATH: actionlint needs it to check the workflows' run: scripts (apt-get install shellcheck, brew install shellcheck; .ci/run installs it)");
    }
    return "shellcheck";
}

export interface LintResult {
    status: number | null;
    /** One line per problem: `file:line:col: message [rule]`. */
    output: string;
}

/** Runs actionlint on workflow files, with shellcheck and without pyflakes (no Python steps here). */
export function lint(files: string[], cwd: string): LintResult {
    const result = spawnSync(actionlint(), ["-oneline", "-no-color", `-shellcheck=${shellcheck()}`, "-pyflakes=", ...files], { cwd, encoding: "utf8" });
    if (result.error) throw result.error;
    return { status: result.status, output: result.stdout + result.stderr };
}
