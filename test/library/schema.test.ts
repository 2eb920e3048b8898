/**
 * The components as a Pulumi package, for programs in other languages (`pulumi package add
 * <repository>`). Pulumi starts @pulumi/pulumi's cmd/run-plugin on a checkout: it requires the
 * directory (package.json "main"), hosts the ComponentResources that module exports, and answers
 * GetSchema with what the SDK's component analyzer derives from the TypeScript sources. Every component
 * must be accepted, with its inputs (the args interface) and its outputs (its public properties).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { analyzeEach, publicProperties, startPluginHost, type PluginHost, type Verdict } from "../support/component-package";
import { PROJECT_DIR } from "../support/package";
import { scratchDir } from "../support/scratch";

const PACKAGE = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
const COMPONENTS_DIR = path.join(PROJECT_DIR, "components");

/** The components of the main entry point, each with its required inputs (the rest are optional). */
const REQUIRED_INPUTS: Record<string, string[]> = {
    TenantNamespace: [],
    ZooKeeperEnsemble: ["namespace"],
    FlinkOperator: ["namespace", "watchNamespaces"],
    FlinkApplication: ["job", "namespace", "storage"],
    FlinkSessionCluster: ["namespace", "storage"],
    InClusterObjectStore: ["namespace"],
    StrimziOperator: ["namespace"],
    KafkaCluster: ["namespace"],
    KafkaTopic: ["clusterName", "namespace"],
    KafkaUser: ["clusterName", "namespace"],
    ObservabilityStack: ["namespace"],
    FraudDetectionDemo: ["kafka", "namespace"],
};
const COMPONENTS = Object.keys(REQUIRED_INPUTS);

const token = (name: string) => `${PACKAGE.name}:index:${name}`;

describe("the components as a Pulumi package (pulumi package add)", () => {
    let host: Promise<PluginHost>;
    let verdicts: Map<string, Verdict>;
    let analyzedIn: number;

    before(() => {
        // The plugin starts in its own process (a few seconds with ts-node) while the analyzer runs here.
        host = startPluginHost(PROJECT_DIR, scratchDir("package-add-"));
        host.catch(() => undefined); // reported by the tests that use it
        const started = Date.now();
        verdicts = analyzeEach(PROJECT_DIR, PACKAGE, COMPONENTS);
        analyzedIn = Date.now() - started;
    });

    after(async () => (await host.catch(() => undefined))?.stop());

    it("the plugin hosts exactly the components that package.json main exports; the cloud buckets are for TypeScript only", (t) => {
        t.diagnostic(`the analyzer, on each component alone: ${analyzedIn} ms in all`);
        // run-plugin does require(<plugin directory>): Node takes package.json "main".
        assert.equal(require.resolve(PROJECT_DIR), path.join(COMPONENTS_DIR, "index.ts"));
        const hosted = getPulumiComponents(createRequire(__filename)(PROJECT_DIR)).map((c) => c.name);
        assert.deepEqual([...hosted].sort(), [...COMPONENTS].sort());
        assert.ok(!hosted.includes("S3CheckpointBucket") && !hosted.includes("GcsCheckpointBucket"));
    });

    it("Pulumi's plugin host starts on the repository and reports the package's version", async (t) => {
        const started = Date.now();
        const plugin = await host;
        assert.equal(await plugin.version(), PACKAGE.version);
        t.diagnostic(`plugin ready ${Date.now() - started} ms after the analyzer finished`);
    });

    it("the plugin's schema has every component, and nothing else", async (t) => {
        const started = Date.now();
        const schema = await (await host).schema();
        t.diagnostic(`GetSchema: ${Date.now() - started} ms`);
        assert.equal(schema.name, PACKAGE.name);
        assert.deepEqual(Object.keys(schema.resources).sort(), COMPONENTS.map(token).sort());
        for (const name of COMPONENTS) {
            const resource = schema.resources[token(name)];
            assert.equal(resource.isComponent, true, name);
            assert.deepEqual([...resource.requiredInputs].sort(), REQUIRED_INPUTS[name], `${name}'s required inputs`);
        }
    });

    for (const name of COMPONENTS) {
        it(`${name}: the analyzer accepts it, with its inputs and its public properties as outputs`, () => {
            const verdict = verdicts.get(name)!;
            assert.ok(!("rejected" in verdict), "rejected" in verdict ? verdict.rejected : "");
            const { definition } = verdict;
            assert.ok(definition.description, "described (the class's doc comment), for the SDKs of other languages");
            const inputs = Object.keys(definition.inputs);
            assert.ok(inputs.length > 0, "has inputs");
            const required = inputs.filter((input) => !definition.inputs[input].optional).sort();
            assert.deepEqual(required, REQUIRED_INPUTS[name], "required inputs");
            assert.deepEqual(Object.keys(definition.outputs).sort(), publicProperties(COMPONENTS_DIR, name).sort(), "outputs: the public properties, and no private state");
        });
    }
});
