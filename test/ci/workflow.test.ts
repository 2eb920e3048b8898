/**
 * The GitHub Actions workflows, read by actionlint (built from the Go module proxy, with shellcheck for
 * their run: scripts), and the project's own rules for them: actions pinned to commits, a read-only
 * token except where the preview comments.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/package";
import { scratchDir } from "../support/scratch";
import { lint } from "./actionlint";

const WORKFLOWS_DIR = path.join(PROJECT_DIR, ".github", "workflows");
const WORKFLOWS = fs.readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));
/** `uses: owner/repo[/path]@<commit> # v1.2.3`; a local action (`./…`) needs no pin. */
const PINNED = /^\s*(?:- )?uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$/;

/** A scratch repository holding the given workflow files. */
function workflowsIn(files: Record<string, string>): string {
    const repo = scratchDir("workflows-");
    fs.mkdirSync(path.join(repo, ".github", "workflows"), { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(repo, ".github", "workflows", name), text);
    return repo;
}

describe("the workflows, by actionlint", { timeout: 15 * 60_000 }, () => {
    it("reports nothing on .github/workflows", () => {
        assert.ok(WORKFLOWS.length > 0, "no workflow in .github/workflows");
        const result = lint(WORKFLOWS.map((f) => path.join(".github", "workflows", f)), PROJECT_DIR);
        assert.equal(result.output, "");
        assert.equal(result.status, 0);
    });

    it("reports nothing on the actions' inputs either, read with each commit's release tag in its place", () => {
        // actionlint knows the inputs of popular actions by tag (actions/checkout@v6), not by commit:
        // a copy with the major tag of each pin lets it check them.
        const copies: Record<string, string> = {};
        for (const file of WORKFLOWS) {
            const text = fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
            copies[file] = text
                .split("\n")
                .map((line) => line.replace(PINNED, (match, _action: string, commit: string, major: string) => match.replace(`@${commit}`, `@v${major}`)))
                .join("\n");
            assert.doesNotMatch(copies[file], /@[0-9a-f]{40}/, `${file}: a pin the test did not replace`);
        }
        const result = lint(Object.keys(copies).map((f) => path.join(".github", "workflows", f)), workflowsIn(copies));
        assert.equal(result.output, "");
        assert.equal(result.status, 0);
    });

    it("catches what is wrong in a broken workflow: unknown job, matrix key and input, secrets in if, and what shellcheck finds", () => {
        const repo = workflowsIn({
            "broken.yml": `on: pull_request
jobs:
  build:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        stack: [dev, aws]
    steps:
      - uses: actions/checkout@v6
        with:
          persist-credential: false
      - run: echo \${{ matrix.stak }}
      - if: secrets.TOKEN != ''
        run: echo $HOME/$1
  report:
    needs: biuld
    runs-on: ubuntu-24.04
    steps:
      - run: echo done
`,
        });
        const result = lint([path.join(".github", "workflows", "broken.yml")], repo);
        assert.equal(result.status, 1, result.output);
        assert.match(result.output, /input "persist-credential" is not defined in action "actions\/checkout@v6"/);
        assert.match(result.output, /property "stak" is not defined in object type \{stack: string\}/);
        assert.match(result.output, /context "secrets" is not allowed here/);
        assert.match(result.output, /SC2086:info:1:\d+: Double quote to prevent globbing and word splitting/);
        assert.match(result.output, /job "report" needs job "biuld" which does not exist in this workflow/);
    });
});

describe("the workflows, by the project's rules", () => {
    it("pin every action to a commit, with the release it is beside it", () => {
        for (const file of WORKFLOWS) {
            const lines = fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8").split("\n");
            const uses = lines.filter((line) => /^\s*(?:- )?uses: /.test(line) && !/uses: \.\//.test(line));
            assert.ok(uses.length > 0, `${file} uses no action`);
            for (const line of uses) assert.match(line, PINNED, `${file}: not pinned to a commit with its release beside it: ${line.trim()}`);
        }
    });

    it("give the token read access to the contents only, and more only to the preview, which comments and logs in to clouds", () => {
        const workflow = parse(fs.readFileSync(path.join(WORKFLOWS_DIR, "pull-request.yml"), "utf8"));
        assert.deepEqual(workflow.permissions, { contents: "read" });
        const granted = Object.fromEntries(Object.entries(workflow.jobs as Record<string, any>).filter(([, job]) => job.permissions).map(([name, job]) => [name, job.permissions]));
        assert.deepEqual(granted, { preview: { contents: "read", "pull-requests": "write", "id-token": "write" } });
    });
});
