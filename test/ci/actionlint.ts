/**
 * actionlint (github.com/rhysd/actionlint), built from the Go module proxy at a pinned version and
 * kept under test/ci/target/, as test/real/s3-checkpoint.test.ts keeps its S3 gateway.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { goInstalled } from "../support/go";

export const ACTIONLINT_VERSION = "v1.7.12";

const TARGET = path.join(__dirname, "target");

/** The actionlint binary, built once per version with `go install`. */
export function actionlint(): string {
    return goInstalled({
        target: `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`,
        dir: path.join(TARGET, `actionlint-${ACTIONLINT_VERSION}`),
        binary: "actionlint",
    });
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
