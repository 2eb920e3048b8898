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
