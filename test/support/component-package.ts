/**
 * The components as a Pulumi package (`pulumi package add`), seen through the Pulumi SDK's own code:
 * the component analyzer that derives the schema from the TypeScript sources, and the plugin host
 * (`@pulumi/pulumi/cmd/run-plugin`) that Pulumi starts on a checkout of the repository.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer, type ComponentDefinition, type TypeDefinition } from "@pulumi/pulumi/provider/experimental/analyzer";
import ts from "typescript";

/** The SDK's own dependencies (gRPC, generated protocol stubs), loaded as the SDK loads them. */
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export type Verdict = { definition: ComponentDefinition; types: Record<string, TypeDefinition> } | { rejected: string };

/** The fields of an Analyzer that hold the results of one analysis (see analyzeEach). */
const ANALYSIS_STATE = ["componentNames", "components", "typeDefinitions", "dependencies", "docStrings"];

/**
 * The analyzer's verdict on each component, alone: the analyzer stops at the first problem, so one
 * analysis of them all would hide every verdict after the first rejection. Building the TypeScript
 * program of the repository takes most of the time (about 8 s here), so each analysis runs on a view of
 * one analyzer that shares its program and has results of its own; should the SDK rename the fields
 * this relies on, each component gets an analyzer of its own instead (slower, same verdicts).
 */
export function analyzeEach(dir: string, packageJSON: Record<string, any>, names: string[]): Map<string, Verdict> {
    const first = new Analyzer(dir, packageJSON.name, packageJSON, new Set(names));
    const shareable = ANALYSIS_STATE.every((field) => field in first);
    const verdicts = new Map<string, Verdict>();
    for (const name of names) {
        const analyzer: Analyzer = shareable
            ? Object.assign(Object.create(first) as Analyzer, { componentNames: new Set([name]), components: {}, typeDefinitions: {}, dependencies: [], docStrings: {} })
            : new Analyzer(dir, packageJSON.name, packageJSON, new Set([name]));
        try {
            const result = analyzer.analyze();
            verdicts.set(name, { definition: result.components[name], types: result.typeDefinitions });
        } catch (e) {
            verdicts.set(name, { rejected: (e as Error).message });
        }
    }
    return verdicts;
}

/** Names of the public properties a class declares (not private, protected or #private), from its source. */
export function publicProperties(dir: string, className: string): string[] {
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))) {
        const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.Latest, true);
        for (const node of source.statements) {
            if (!ts.isClassDeclaration(node) || node.name?.text !== className) continue;
            return node.members
                .filter(ts.isPropertyDeclaration)
                .filter((p) => ts.isIdentifier(p.name) && !p.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword))
                .map((p) => (p.name as ts.Identifier).text);
        }
    }
    throw new Error(`no class ${className} under ${dir}`);
}

export interface PluginHost {
    /** The package's version, as the plugin reports it (GetPluginInfo). */
    version(): Promise<string>;
    /** The package's schema (GetSchema), or the error the plugin answers with. */
    schema(): Promise<Record<string, any>>;
    /** What the plugin wrote to stderr so far. */
    stderr(): string;
    stop(): void;
}

/**
 * Starts the plugin the way Pulumi's Node.js language host runs a source plugin (`node
 * @pulumi/pulumi/cmd/run-plugin <plugin directory>`, in the directory Pulumi was started from) and
 * connects to it once it prints its port.
 */
export function startPluginHost(pluginDir: string, cwd: string, timeoutMs = 120_000): Promise<PluginHost> {
    const grpc = sdkRequire("@grpc/grpc-js");
    const providerRpc = sdkRequire("./proto/provider_grpc_pb.js");
    const providerProto = sdkRequire("./proto/provider_pb.js");
    const emptyProto = sdkRequire("google-protobuf/google/protobuf/empty_pb.js");
    const runPlugin = sdkRequire.resolve("./cmd/run-plugin");
    return new Promise((resolve, reject) => {
        const child: ChildProcess = spawn(process.execPath, [runPlugin, pluginDir], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        let ready = false;
        // The analyzer runs synchronously in this process: under load it can hold the event loop past the
        // timeout while the plugin's port waits unread in the pipe. Read what is pending before giving up.
        const timer = setTimeout(() =>
            setImmediate(() => {
                if (ready) return;
                child.kill("SIGKILL");
                reject(new Error(`the plugin did not print its port within ${timeoutMs} ms\n${stdout}\n${stderr}`));
            }),
        timeoutMs);
        child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the plugin exited (${code}) before printing its port\n${stdout}\n${stderr}`));
        });
        child.stdout!.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
            if (!port) return;
            ready = true;
            clearTimeout(timer);
            child.removeAllListeners("exit");
            const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            const deadline = () => new Date(Date.now() + timeoutMs);
            resolve({
                version: () =>
                    new Promise((done, fail) =>
                        client.getPluginInfo(new emptyProto.Empty(), { deadline: deadline() }, (e: Error | null, info: any) => (e ? fail(e) : done(info.getVersion()))),
                    ),
                schema: () =>
                    new Promise((done, fail) =>
                        client.getSchema(new providerProto.GetSchemaRequest(), { deadline: deadline() }, (e: Error | null, response: any) =>
                            e ? fail(e) : done(JSON.parse(response.getSchema())),
                        ),
                    ),
                stderr: () => stderr,
                stop: () => {
                    client.close();
                    child.kill();
                },
            });
        });
    });
}
