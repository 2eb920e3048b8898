import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { readRendering, runRender } from "../support/render";
import { scratchDir } from "../support/scratch";

function stackFile(config: Record<string, unknown>): string {
    const file = path.join(scratchDir("stack-"), "Pulumi.candidate.yaml");
    fs.writeFileSync(file, stringify({ config }));
    return file;
}

describe("npm run render", () => {
    it("exits non-zero on a stack with bad keys, names each, and writes nothing", () => {
        const file = stackFile({
            "streaming-platform:target": "minikube",
            "streaming-platform:namespace": {},
            "streaming-platform:namespaces": { streaming: { replica: 2, podSecurity: "none" } },
        });
        const result = runRender("candidate", ["--stack-file", file]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /namespace: unknown key; allowed: target, namespaces/);
        assert.match(result.stderr, /namespaces\.streaming\.replica: unknown key/);
        assert.match(result.stderr, /namespaces\.streaming\.podSecurity: Invalid option/);
        assert.equal(fs.existsSync(result.outDir), false, "no output directory");
    });

    it("fails, by the quota's key and with what asks for how much, when a namespace's workloads exceed its quota", () => {
        const file = stackFile({
            "streaming-platform:target": "minikube",
            "streaming-platform:namespaces": { streaming: { quota: { requestsCpu: "1", requestsMemory: "64Gi" } } },
            "streaming-platform:zookeeper": { enabled: true, replicas: 3 },
            "streaming-platform:kafka": { layout: "combined" },
        });
        const result = runRender("candidate", ["--stack-file", file]);
        assert.equal(result.status, 1);
        assert.match(
            result.stderr,
            /- namespaces\.streaming\.quota\.requestsCpu: must hold what namespace "streaming" requests: \d+m CPU in all \(.*StatefulSet\/zookeeper 750m.*KafkaNodePool\/events-combined 1000m.*\), got "1"/,
        );
        assert.doesNotMatch(result.stderr, /requestsMemory/, "64Gi holds the memory");
        assert.equal(fs.existsSync(result.outDir), false, "no output directory");
    });

    it("masks secret configuration values in what it writes", () => {
        const file = stackFile({
            "streaming-platform:target": "minikube",
            "streaming-platform:namespaces": { tenants: { "team-a": { labels: { owner: { secure: "v1:c2VjcmV0" } } } } },
        });
        const result = runRender("candidate", ["--stack-file", file, "--quiet"]);
        assert.equal(result.status, 0, result.stderr);
        const namespace = readRendering(result.outDir).objects.find((o) => o.kind === "Namespace" && o.metadata.name === "team-a");
        assert.equal(namespace?.metadata.labels?.owner, "[secret]");
        assert.doesNotMatch(fs.readFileSync(path.join(result.outDir, "k8s", "_cluster", "namespace-team-a.yaml"), "utf8"), /c2VjcmV0/);
    });
});

describe("npm run render: flags and folders", () => {
    it("prints its usage for --help, and one line with the usage for a flag it does not know or a flag without its value", () => {
        const help = runRender("dev", ["--help"]);
        assert.equal(help.status, 0);
        assert.match(help.stdout, /^usage: npm run render -- \[--stack <name>\]/);
        assert.match(help.stdout, /stacks: aws, dev, gcp/);
        const typo = runRender("dev", ["--stak", "dev"]);
        assert.equal(typo.status, 2);
        assert.match(typo.stderr, /^render: Unknown option '--stak'/);
        assert.doesNotMatch(typo.stderr, /\n\s+at /, "no stack trace");
        const bare = runRender("dev", ["--stack"]);
        assert.equal(bare.status, 2);
        assert.match(bare.stderr, /^render: Option '--stack <value>' argument missing/);
    });

    it("names the stack file whose YAML does not parse, and a stack that does not exist", () => {
        const file = path.join(scratchDir("stack-"), "Pulumi.broken.yaml");
        fs.writeFileSync(file, "config:\n  streaming-platform:target: [minikube\n");
        const broken = runRender("broken", ["--stack-file", file]);
        assert.equal(broken.status, 1);
        assert.match(broken.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid YAML: .*line \\d+`));
        const missing = runRender("prod");
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /no stack file .*Pulumi\.prod\.yaml \(stacks: aws, dev, gcp\)/);
    });

    it("refuses a folder that holds files it did not write, and replaces its own earlier output", () => {
        const outDir = path.join(scratchDir("render-out-"), "out");
        fs.mkdirSync(outDir);
        fs.writeFileSync(path.join(outDir, "notes.txt"), "mine");
        const refused = runRender("dev", ["--quiet"], outDir);
        assert.equal(refused.status, 1);
        assert.match(refused.stderr, /--out .* holds files that no render wrote \(notes\.txt\)/);
        assert.equal(fs.readFileSync(path.join(outDir, "notes.txt"), "utf8"), "mine", "the user's file is untouched");

        fs.rmSync(path.join(outDir, "notes.txt"));
        assert.equal(runRender("dev", ["--quiet"], outDir).status, 0);
        fs.writeFileSync(path.join(outDir, "k8s", "stale.yaml"), "left from an older render");
        assert.equal(runRender("dev", ["--quiet"], outDir).status, 0, "an earlier render's folder is its own");
        assert.equal(fs.existsSync(path.join(outDir, "k8s", "stale.yaml")), false, "nothing of the older render remains");
        assert.equal(fs.existsSync(path.join(outDir, "summary.json")), true);
    });
});
