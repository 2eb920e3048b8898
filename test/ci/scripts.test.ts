/**
 * The scripts the pull-request workflow runs (.github/scripts/), run here as the workflow runs them:
 * which stacks it previews, and the render of two checkouts and its diff.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { PROJECT_DIR, run } from "../support/package";
import { scratchDir } from "../support/scratch";
import { DEFAULT_FRAUD_DEMO_IMAGES } from "../../components/demo/fraud-demo-args";
import { shellcheck } from "./actionlint";

const SCRIPTS_DIR = path.join(PROJECT_DIR, ".github", "scripts");

/** A folder with an empty stack file for each name (and Pulumi.yaml, which is no stack). */
function projectWithStacks(names: string[]): string {
    const dir = scratchDir("stacks-");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\n");
    for (const name of names) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), "config: {}\n");
    return dir;
}

interface Plan {
    status: number | null;
    stdout: string;
    stderr: string;
    outputs: Record<string, string>;
}

function plan(dir: string, env: Record<string, string>): Plan {
    const output = path.join(scratchDir("plan-"), "github-output");
    fs.writeFileSync(output, "");
    const result = spawnSync("bash", [path.join(SCRIPTS_DIR, "plan.sh"), dir], { env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env }, encoding: "utf8" });
    const outputs = Object.fromEntries(
        fs
            .readFileSync(output, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

describe("the repository's shell scripts", () => {
    it("pass shellcheck", () => {
        const scripts = [
            path.join(".ci", "run"),
            ...fs.readdirSync(SCRIPTS_DIR).map((f) => path.join(".github", "scripts", f)),
            ...fs.readdirSync(path.join(PROJECT_DIR, "scripts")).filter((f) => f.endsWith(".sh")).map((f) => path.join("scripts", f)),
        ];
        const result = spawnSync(shellcheck(), scripts, { cwd: PROJECT_DIR, encoding: "utf8" });
        assert.equal(result.stdout + result.stderr, "");
        assert.equal(result.status, 0);
    });
});

describe(".github/scripts/plan.sh: which stacks pulumi preview runs for", () => {
    const dir = projectWithStacks(["prod", "dev", "eu-west.1"]);

    it("runs none without the token, and says why in a notice", () => {
        const result = plan(dir, { HAS_PULUMI_TOKEN: "false" });
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.outputs.preview, "false");
        assert.match(result.stdout, /^::notice title=pulumi preview skipped::No PULUMI_ACCESS_TOKEN secret reached this run \(none is set, or the pull request comes from a fork/m);
    });

    it("runs every Pulumi.<stack>.yaml with the token, and only those PULUMI_PREVIEW_STACKS names", () => {
        const all = plan(dir, { HAS_PULUMI_TOKEN: "true" });
        assert.equal(all.status, 0, all.stderr);
        assert.deepEqual(all.outputs, { preview: "true", "preview-stacks": JSON.stringify(["dev", "eu-west.1", "prod"]) });
        const chosen = plan(dir, { HAS_PULUMI_TOKEN: "true", PULUMI_PREVIEW_STACKS: "prod, eu-west.1" });
        assert.equal(chosen.status, 0, chosen.stderr);
        assert.deepEqual(JSON.parse(chosen.outputs["preview-stacks"]), ["prod", "eu-west.1"]);
    });

    it("refuses a PULUMI_PREVIEW_STACKS name without a stack file, naming the variable, the name and the stacks", () => {
        const result = plan(dir, { HAS_PULUMI_TOKEN: "true", PULUMI_PREVIEW_STACKS: "prod staging" });
        assert.equal(result.status, 1);
        assert.match(result.stderr, /^PULUMI_PREVIEW_STACKS: no stack "staging" \(no Pulumi\.staging\.yaml\); stacks: dev eu-west\.1 prod$/m);
        assert.deepEqual(result.outputs, {});
    });

    it("refuses a stack file whose name is no stack name", () => {
        const result = plan(projectWithStacks(["dev", "my stack"]), { HAS_PULUMI_TOKEN: "true" });
        assert.equal(result.status, 2);
        assert.match(result.stderr, /Pulumi\.my stack\.yaml: "my stack" is not a stack name \(letters, digits, \. _ -\)/);
    });
});

/** A checkout of the program as render needs it, sharing this repository's node_modules. */
function checkout(stacks: Record<string, Record<string, unknown>>): string {
    const dir = scratchDir("checkout-");
    for (const entry of ["package.json", "tsconfig.json", "Pulumi.yaml", "index.ts", "components", "stacks", "renderer"]) {
        fs.cpSync(path.join(PROJECT_DIR, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    for (const [name, config] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), stringify({ config }));
    return dir;
}

/** A small stack: the namespaces and a ZooKeeper of one server, so that it renders fast. */
function small(zookeeperCpu = "250m"): Record<string, unknown> {
    return {
        "streaming-platform:target": "minikube",
        "streaming-platform:kafka": { enabled: false },
        "streaming-platform:flink": { enabled: false },
        "streaming-platform:zookeeper": { enabled: true, replicas: 1, resources: { requestsCpu: zookeeperCpu } },
    };
}

describe(".github/scripts/render-diff.sh: every stack of two checkouts, rendered and diffed", { timeout: 10 * 60_000 }, () => {
    it("says per stack what changed, keeps going past a stack that does not render, and then fails", async () => {
        // Every case: a stack changed, added, removed, one the change fixes, one it breaks.
        const base = checkout({ changed: small(), gone: small(), fixed: { "streaming-platform:target": "moon" } });
        const head = checkout({ changed: small("500m"), added: small(), fixed: small(), broken: { "streaming-platform:target": "moon" } });
        const out = path.join(scratchDir("render-diff-"), "out");
        const result = await run("bash", [path.join(SCRIPTS_DIR, "render-diff.sh"), head, base, out], PROJECT_DIR, 8 * 60_000);
        assert.equal(result.status, 1, `${result.stdout}\n${result.stderr}`);

        const summary = fs.readFileSync(path.join(out, "summary.md"), "utf8");
        // Two files: the StatefulSet and summary.json. Any other would be a render that differs from run to run.
        assert.match(summary, /^- `changed`: 2 files changed, \+2 −2 lines; requests 250m CPU, \d+Mi memory → 500m CPU, \d+Mi memory$/m);
        assert.match(summary, /^- `added`: new \(only this branch has `Pulumi\.added\.yaml`\): \d+ files, requests 250m CPU, \d+Mi memory$/m);
        assert.match(summary, /^- `gone`: removed \(only the base branch has `Pulumi\.gone\.yaml`\)$/m);
        assert.match(summary, /^- `fixed`: the base branch's does not render \(`logs\/base-fixed\.log`\), so all of it shows as new: \d+ files/m);
        assert.match(summary, /^- `broken`: \*\*does not render\*\* in this branch:\n\n {2}```\n {2}render of stack "broken" failed: .*\n(?: {2}.*\n)*? {4}- target: Invalid option/m);

        const diff = fs.readFileSync(path.join(out, "render.diff"), "utf8");
        assert.match(diff, /^--- base\/changed\/k8s\/streaming\/statefulset-zookeeper\.yaml\n\+\+\+ head\/changed\/k8s\/streaming\/statefulset-zookeeper\.yaml\n/m);
        assert.match(diff, /^-\s+cpu: 250m\n\+\s+cpu: 500m$/m);
        assert.match(diff, /^\+\+\+ head\/added\/summary\.json$/m);
        assert.match(diff, /^--- base\/gone\/summary\.json$/m);
        assert.ok(fs.existsSync(path.join(out, "base", "changed", "summary.json")), "the renders are kept beside the diff");
        assert.ok(fs.existsSync(path.join(out, "logs", "head-broken.log")));
    });

    it("refuses an out folder that holds something", async () => {
        const out = scratchDir("render-diff-");
        fs.writeFileSync(path.join(out, "keep.txt"), "");
        const result = await run("bash", [path.join(SCRIPTS_DIR, "render-diff.sh"), PROJECT_DIR, PROJECT_DIR, out], PROJECT_DIR);
        assert.equal(result.status, 2);
        assert.match(result.stderr, /must be a missing or empty folder/);
        assert.deepEqual(fs.readdirSync(out), ["keep.txt"]);
    });
});

describe("scripts/pulumi.sh: npm run up on minikube builds the fraud demo's images first", () => {
    /** Runs the script with stand-ins for the CLIs that cannot run here, each logging its arguments. */
    function runWithStandIns(args: string[], env: Record<string, string> = {}): { status: number | null; calls: string[]; stderr: string } {
        const bin = scratchDir("clis-");
        const log = path.join(bin, "calls.log");
        for (const cli of ["pulumi", "minikube"]) {
            fs.writeFileSync(path.join(bin, cli), `#!/usr/bin/env bash\necho "${cli} $*" >> "${log}"\n`, { mode: 0o755 });
        }
        const result = spawnSync("bash", [path.join(PROJECT_DIR, "scripts", "pulumi.sh"), ...args], { env: { PATH: `${bin}:${process.env.PATH}`, ...env }, encoding: "utf8" });
        const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
        return { status: result.status, calls, stderr: result.stderr };
    }

    it("builds the generator's, the actor's and the artifact server's images into minikube, then runs pulumi up", () => {
        const { status, calls, stderr } = runWithStandIns(["up", "--yes"]);
        assert.equal(status, 0, stderr);
        const builds = calls.filter((c) => c.startsWith("minikube image build"));
        assert.deepEqual(
            builds.map((c) => c.split(" ")[4]),
            ["streaming-platform/fraud-generator:dev", "streaming-platform/fraud-actor:dev", "streaming-platform/fraud-job-artifacts:dev"],
        );
        assert.deepEqual(Object.values(DEFAULT_FRAUD_DEMO_IMAGES).sort(), builds.map((c) => c.split(" ")[4]).sort(), "the tags the dev stack's pods run");
        assert.equal(calls.at(-1), "pulumi up --stack dev --yes");
        assert.ok(calls.indexOf(builds.at(-1)!) < calls.length - 1, "the images before the deployment");
    });

    it("builds nothing for a preview, or for a stack that is not on minikube", () => {
        assert.deepEqual(runWithStandIns(["preview"]).calls.filter((c) => c.startsWith("minikube")), []);
        const aws = runWithStandIns(["up"], { PULUMI_STACK: "aws" });
        assert.equal(aws.status, 0, aws.stderr);
        assert.deepEqual(aws.calls.filter((c) => c.startsWith("minikube")), []);
        assert.equal(aws.calls.at(-1), "pulumi up --stack aws");
    });
});
