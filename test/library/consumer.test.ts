/**
 * streaming-platform as another project installs it. A copy of this working tree is packed with
 * `npm pack` (whose `prepare` builds dist/) and installed with plain `npm install` into a new project,
 * without @pulumi/aws or @pulumi/gcp; the same copy, committed under a tag, is installed from git.
 * Small programs then use the components under Pulumi's mocks, as JavaScript (node) and as TypeScript
 * through ts-node's register hook, which is how Pulumi runs a TypeScript program.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { npmInstall, packLibrary, PROJECT_DIR, run, runOk, snapshotRepository, writeProject, type Packed, type RunResult } from "../support/package";
import { scratchDir } from "../support/scratch";

const TAG = "v0.0.0-test";

/** A program that builds a TenantNamespace and a KafkaCluster under mocks and prints their outputs as JSON. */
const PROGRAM = `
pulumi.runtime.setMocks(
    {
        newResource: (args: pulumi.runtime.MockResourceArgs) => ({ id: \`\${args.name}-id\`, state: args.inputs }),
        call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    "consumer",
    "test",
    false,
);
const tenant = new TenantNamespace("team-a", { podSecurity: "baseline", serviceAccounts: ["deployer"] });
const kafka = new KafkaCluster("events", { namespace: "streaming", layout: "combined" });
pulumi
    .all([tenant.namespaceName, tenant.serviceAccountNames, kafka.bootstrapServers, kafka.brokerCount])
    .apply(([namespaceName, serviceAccountNames, bootstrapServers, brokerCount]) =>
        console.log(JSON.stringify({ namespaceName, serviceAccountNames, bootstrapServers, brokerCount })),
    );
`;

const TS_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { KafkaCluster, TenantNamespace } from "streaming-platform";
${PROGRAM}`;

/** The same program in plain JavaScript: the type annotations of its callbacks removed. */
const JS_PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { KafkaCluster, TenantNamespace } = require("streaming-platform");
${PROGRAM.replace(/: pulumi\.runtime\.Mock\w+Args/g, "")}`;

/** What `pulumi new typescript` writes, which Pulumi's runner hands to ts-node. */
const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["consumer.ts"],
};

const EXPECTED_OUTPUTS = {
    namespaceName: "team-a",
    serviceAccountNames: ["deployer"],
    bootstrapServers: "events-kafka-bootstrap.streaming.svc:9092",
    brokerCount: 1,
};

/** The JSON line a consumer program printed. */
function printed(result: RunResult): unknown {
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]);
}

describe("streaming-platform installed as an npm package", () => {
    let packed: Packed;
    let consumer: string;
    let fromTarball: RunResult;
    let fromGit: string;
    let gitInstall: RunResult;

    before(async () => {
        const source = scratchDir("library-source-");
        snapshotRepository(source, TAG);
        // Install from git while the tarball is packed and installed: npm clones the tag, installs its
        // dependencies and runs its prepare script in the clone, then packs the clone.
        fromGit = scratchDir("library-git-consumer-");
        writeProject(fromGit, { "consumer.js": JS_PROGRAM });
        const installingFromGit = npmInstall(fromGit, `git+file://${source}#${TAG}`);

        packed = await packLibrary(source, scratchDir("library-pack-"));
        consumer = scratchDir("library-consumer-");
        writeProject(consumer, { "consumer.js": JS_PROGRAM, "consumer.ts": TS_PROGRAM, "tsconfig.json": JSON.stringify(TSCONFIG, null, 2) });
        fromTarball = await npmInstall(consumer, packed.tarball);
        gitInstall = await installingFromGit;
    });

    it("npm pack builds the library and packs dist/, the components' sources and PulumiPlugin.yaml, and no tests, CI or program", (t) => {
        t.diagnostic(`npm pack (prepare builds dist/): ${packed.ms} ms; ${packed.files.length} files`);
        const paths = packed.files.map((f) => f.path);
        for (const file of ["package.json", "README.md", "PulumiPlugin.yaml", "components/index.ts"]) assert.ok(paths.includes(file), `${file} is packed`);
        for (const entry of ["dist/index", "dist/aws/index", "dist/gcp/index"]) {
            assert.ok(paths.includes(`${entry}.js`) && paths.includes(`${entry}.d.ts`), `${entry}.js and its declarations are packed`);
        }
        const outside = paths.filter((p) => !["package.json", "README.md", "PulumiPlugin.yaml"].includes(p) && !p.startsWith("dist/") && !p.startsWith("components/"));
        assert.deepEqual(outside, [], "nothing but the library, its README and PulumiPlugin.yaml");
        for (const dir of ["test/", ".ci/", "stacks/", "renderer/", "bench/", "scripts/"]) {
            assert.deepEqual(paths.filter((p) => p.startsWith(dir)), [], `nothing of ${dir}`);
        }
        const sources = paths.filter((p) => p.startsWith("components/"));
        assert.ok(sources.every((p) => p.endsWith(".ts")), "components/ holds sources only");
        for (const source of sources) {
            const compiled = source.replace(/^components\//, "dist/").replace(/\.ts$/, "");
            assert.ok(paths.includes(`${compiled}.js`) && paths.includes(`${compiled}.d.ts`), `${source} is compiled, with declarations`);
        }
    });

    it("npm install of the tarball brings the runtime dependencies and neither cloud SDK", (t) => {
        t.diagnostic(`npm install <tarball> --prefer-offline: ${fromTarball.ms} ms`);
        const installed = (name: string) => fs.existsSync(path.join(consumer, "node_modules", name, "package.json"));
        for (const name of ["streaming-platform", "@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/random", "yaml"]) assert.ok(installed(name), `${name} is installed`);
        assert.equal(installed("@pulumi/aws"), false, "@pulumi/aws is not installed");
        assert.equal(installed("@pulumi/gcp"), false, "@pulumi/gcp is not installed");
        assert.equal(installed("zod"), false, "zod, which only the program uses, is not installed");
    });

    it("a JavaScript program (node) creates a TenantNamespace and a KafkaCluster and reads their outputs", async (t) => {
        const result = await run(process.execPath, ["consumer.js"], consumer);
        t.diagnostic(`node consumer.js: ${result.ms} ms`);
        assert.deepEqual(printed(result), EXPECTED_OUTPUTS);
    });

    it("a TypeScript program runs through ts-node's register hook, type-checked against the package's declarations", async (t) => {
        const tsNode = path.join(PROJECT_DIR, "node_modules", "ts-node", "register");
        const result = await run(process.execPath, ["-r", tsNode, "consumer.ts"], consumer);
        t.diagnostic(`node -r ts-node/register consumer.ts: ${result.ms} ms`);
        assert.deepEqual(printed(result), EXPECTED_OUTPUTS);

        // The type check is real: a KafkaCluster without its namespace does not compile.
        fs.writeFileSync(path.join(consumer, "consumer.ts"), TS_PROGRAM.replace('{ namespace: "streaming", layout: "combined" }', '{ layout: "combined" }'));
        const bad = await run(process.execPath, ["-r", tsNode, "consumer.ts"], consumer);
        assert.notEqual(bad.status, 0);
        assert.match(bad.stderr, /Property 'namespace' is missing in type '\{ layout: string; \}' but required in type 'KafkaClusterArgs'/);
    });

    it("streaming-platform/aws and streaming-platform/gcp fail to load without their cloud SDK, naming it", async () => {
        for (const [entry, sdk] of [
            ["streaming-platform/aws", "@pulumi/aws"],
            ["streaming-platform/gcp", "@pulumi/gcp"],
        ]) {
            const result = await run(process.execPath, ["-e", `require(${JSON.stringify(entry)})`], consumer);
            assert.notEqual(result.status, 0, `${entry} does not load`);
            assert.match(result.stderr, new RegExp(`Cannot find module '${sdk}'`), `${entry} names ${sdk}`);
        }
        const internal = await run(process.execPath, ["-e", 'require("streaming-platform/dist/core/objects")'], consumer);
        assert.match(internal.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/, "only the entry points are exported");
    });

    it("npm install from a git tag builds the library (prepare) and the same program runs", async (t) => {
        t.diagnostic(`npm install git+file://…#${TAG} --prefer-offline: ${gitInstall.ms} ms`);
        const installed = path.join(fromGit, "node_modules", "streaming-platform");
        assert.ok(fs.existsSync(path.join(installed, "dist", "index.js")), "dist/ was built");
        assert.equal(fs.existsSync(path.join(installed, "test")), false, "the tests are not installed");
        assert.deepEqual(printed(await runOk(process.execPath, ["consumer.js"], fromGit)), EXPECTED_OUTPUTS);
    });
});
