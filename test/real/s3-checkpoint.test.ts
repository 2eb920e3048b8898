/**
 * The in-cluster store, for real: Versity S3 Gateway (built from the Go module proxy at the version the
 * component deploys) runs on loopback with the command line, users.json and bucket set-up of the
 * store's pod, and a Flink MiniCluster job checkpoints to it with the configuration, plugin and the
 * Flink user's credentials that the platform renders; that user is refused everything else.
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { flinkConfiguration } from "../../components/flink/config";
import { credentialsSecretName, IAM_FILE, iamSecretName, objectStoreUsersJson, rootCredentialsSecretName } from "../../components/storage/object-store-access";
import {
    inClusterFlinkStorage,
    objectStoreArgs,
    objectStoreManifests,
    resolveInClusterObjectStoreArgs,
    VERSITYGW_VERSION,
} from "../../components/storage/in-cluster-object-store";
import { goInstalled } from "../support/go";
import { REAL_DIR, runJava } from "../support/java";
import { freePort } from "../support/ports";
import { s3Request } from "../support/s3-request";
import { scratchDir } from "../support/scratch";
import { mavenEnv, requireTools } from "../support/tools";

const PROGRAM_DIR = path.join(REAL_DIR, "s3");
const TARGET = path.join(PROGRAM_DIR, "target");
/** Versions of Flink whose file system plugins Maven Central lacks here; the same release line's nearest one stands in. */
const PLUGIN_VERSION_ON_MAVEN: Record<string, string> = { "2.2.1": "2.2.0" };

/**
 * Makes `final` (a file or directory under target/) with `make(partial)`, then renames it into place:
 * another test run may build the same at the same time, and neither may see the other's half-written one.
 */
function buildOnce(final: string, make: (partial: string) => void): void {
    const partial = `${final}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(final), { recursive: true });
    try {
        make(partial);
        try {
            fs.renameSync(partial, final);
        } catch (e) {
            // a directory another run completed first
            if ((e as NodeJS.ErrnoException).code !== "ENOTEMPTY" && (e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
    } finally {
        fs.rmSync(partial, { recursive: true, force: true });
    }
}

/** The gateway's binary, built once per version with `go install` and kept under target/. */
function versitygw(): string {
    return goInstalled({
        target: `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`,
        dir: path.join(TARGET, `versitygw-${VERSITYGW_VERSION}`),
        binary: "versitygw",
        timeoutMs: 15 * 60_000,
    });
}

/**
 * The plugins directory as the image's entrypoint lays it out for ENABLE_BUILT_IN_PLUGINS: one
 * directory per jar, named after it. The jar comes from Maven Central.
 */
function pluginsDir(plugins: string[]): string {
    const root = path.join(TARGET, "plugins");
    for (const jar of plugins) {
        const [, artifact, version] = /^(.+)-(\d+\.\d+\.\d+)\.jar$/.exec(jar)!;
        const dir = path.join(root, jar.replace(/\.jar$/, ""));
        if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith(".jar"))) continue;
        requireTools("mvn");
        const mavenVersion = PLUGIN_VERSION_ON_MAVEN[version] ?? version;
        buildOnce(dir, (partial) => {
            const result = spawnSync("mvn", ["-q", "-B", "dependency:copy", `-Dartifact=org.apache.flink:${artifact}:${mavenVersion}`, `-DoutputDirectory=${partial}`], {
                cwd: PROGRAM_DIR,
                env: mavenEnv(),
                encoding: "utf8",
                timeout: 10 * 60_000,
            });
            if (result.status !== 0) throw new Error(`mvn could not fetch ${artifact} ${mavenVersion}:\n${result.stdout}\n${result.stderr}`);
        });
    }
    return root;
}

async function waitForPort(port: number, timeoutMs: number, server: ChildProcess, log: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (server.exitCode !== null) throw new Error(`versitygw exited with ${server.exitCode}:\n${log()}`);
        const open = await new Promise<boolean>((resolve) => {
            const socket = net.connect(port, "127.0.0.1", () => {
                socket.destroy();
                resolve(true);
            });
            socket.on("error", () => resolve(false));
        });
        if (open) return;
        await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`versitygw did not listen on ${port} within ${timeoutMs} ms:\n${log()}`);
}

/** Java properties text; keys and values here hold no characters that need escaping but backslashes. */
function properties(map: Record<string, string>): string {
    return Object.entries(map)
        .map(([k, v]) => `${k}=${v.replace(/\\/g, "\\\\")}`)
        .join("\n");
}

describe("Flink checkpoints to the in-cluster store, for real", { timeout: 25 * 60_000 }, () => {
    const store = resolveInClusterObjectStoreArgs("checkpoints", { namespace: "streaming" });
    const storage = inClusterFlinkStorage(store);
    const [deployment] = objectStoreManifests(store) as any[];
    const podSpec = deployment.spec.template.spec;
    const work = scratchDir("s3-checkpoint-");
    const root = path.join(work, "store");
    // The store's Secrets, as the component generates them: root's, and the Flink user's.
    const rootSecret: Record<string, string> = { accessKey: "ROOTTEST000000000001", secretKey: "rootTestSecretKey000000000000000000000000" };
    const secret: Record<string, string> = { accessKey: "FLINKTEST00000000001", secretKey: "flinkTestSecretKey00000000000000000000000" };
    const secrets: Record<string, Record<string, string>> = { [rootCredentialsSecretName(store)]: rootSecret, [credentialsSecretName(store)]: secret };
    /** A container's environment, its secretKeyRefs resolved from the Secrets above. */
    const envOf = (container: any): Record<string, string> =>
        Object.fromEntries((container.env ?? []).map((e: any) => [e.name, secrets[e.valueFrom.secretKeyRef.name][e.valueFrom.secretKeyRef.key]]));
    let server: ChildProcess | undefined;
    let serverLog = "";
    let port = 0;

    before(async () => {
        const binary = versitygw();
        // The pod's init container makes the bucket and gives it to the Flink user: the same command
        // and environment, with the volume at `root`.
        const initContainer = podSpec.initContainers[0];
        const init = initContainer.command as string[];
        const made = spawnSync(init[0], [init[1], init[2].replaceAll("/store", root)], { env: { ...process.env, ...envOf(initContainer) }, encoding: "utf8" });
        assert.equal(made.status, 0, made.stderr);

        port = await freePort();
        // The pod's environment: root's credentials, from root's Secret only.
        const container = podSpec.containers.find((c: any) => c.name === "s3");
        const env = envOf(container);
        assert.deepEqual(Object.keys(env), ["ROOT_ACCESS_KEY_ID", "ROOT_SECRET_ACCESS_KEY"]);
        assert.deepEqual(
            container.env.map((e: any) => e.valueFrom.secretKeyRef.name),
            [rootCredentialsSecretName(store), rootCredentialsSecretName(store)],
        );
        // Its users.json, as the IAM Secret's volume holds it.
        const iamDir = path.join(work, "iam");
        fs.mkdirSync(iamDir);
        const iamMount = container.volumeMounts.find((m: any) => m.name === "iam");
        assert.deepEqual(podSpec.volumes.find((v: any) => v.name === "iam").secret.secretName, iamSecretName(store));
        assert.equal(iamMount.readOnly, true);
        fs.writeFileSync(path.join(iamDir, IAM_FILE), objectStoreUsersJson(secret.accessKey, secret.secretKey));
        // The pod's command line; only where it listens and where its volumes are differ.
        assert.deepEqual(container.args, objectStoreArgs());
        assert.deepEqual(objectStoreArgs(), objectStoreArgs(undefined, "/store", iamMount.mountPath));
        // Its temporary files (the pod mounts an emptyDir at /tmp) go to the test's directory.
        const tmp = path.join(work, "tmp");
        fs.mkdirSync(tmp);
        server = spawn(binary, objectStoreArgs(`127.0.0.1:${port}`, root, iamDir), { env: { ...process.env, ...env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
        server.stdout!.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));
        server.stderr!.on("data", (chunk: Buffer) => (serverLog += chunk.toString()));
        await waitForPort(port, 30_000, server, () => serverLog);
    });

    after(async () => {
        if (server && server.exitCode === null) {
            const exited = new Promise((resolve) => server!.once("exit", resolve));
            server.kill("SIGTERM");
            const timer = setTimeout(() => server!.kill("SIGKILL"), 5_000);
            await exited;
            clearTimeout(timer);
        }
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("writes a completed checkpoint's _metadata into the bucket, with the settings the platform renders", async () => {
        const rendered = flinkConfiguration({ haType: "kubernetes", storage, slotsPerTaskManager: 2, checkpointing: { interval: "1 s", minPause: "0 s" } });
        // Flink's HA services need a Kubernetes API (the MiniCluster runs without HA), and the Prometheus
        // reporter is not on this classpath: everything else is handed over as rendered.
        const conf = Object.fromEntries(Object.entries(rendered).filter(([key]) => !key.startsWith("high-availability") && !key.startsWith("metrics.reporter")));
        // The Service's DNS name resolves only inside the cluster; here the same server listens on loopback.
        assert.equal(conf["s3.endpoint"], `http://checkpoints.streaming.svc:7070`);
        conf["s3.endpoint"] = `http://127.0.0.1:${port}`;
        assert.equal(conf["execution.checkpointing.dir"], "s3://flink/checkpoints");
        assert.equal(conf["state.backend.type"], "rocksdb");
        const confFile = path.join(work, "flink-conf.properties");
        fs.writeFileSync(confFile, properties(conf));

        // The pod's environment: the Flink user's keys from their Secret, and the plugins the image enables.
        assert.equal(storage.secretEnv!.secretName, credentialsSecretName(store));
        const env: Record<string, string> = { FLINK_PLUGINS_DIR: pluginsDir(storage.plugins ?? []) };
        for (const [name, key] of Object.entries(storage.secretEnv!.keys)) env[name] = secret[key];
        const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
        Object.assign(process.env, env);
        let result;
        try {
            result = await runJava("s3", "S3CheckpointJob.java", [confFile, path.join(root, "buckets", store.bucket), "120"], 240_000);
        } finally {
            for (const [k, v] of Object.entries(saved)) {
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
            }
        }
        assert.equal(result.status, 0, `${result.stdout}\n${result.stderr.slice(-6000)}\nversitygw:\n${serverLog.slice(-3000)}`);

        // The object, as the gateway stores it: s3://flink/checkpoints/<job id>/chk-<n>/_metadata.
        const job = /^JOB ([0-9a-f]{32})$/m.exec(result.stdout)![1];
        const found = /^CHECKPOINT (.+)$/m.exec(result.stdout)![1];
        assert.match(path.relative(path.join(root, "buckets"), found), new RegExp(`^flink/checkpoints/${job}/chk-\\d+/_metadata$`));
        const metadata = fs.readFileSync(found);
        // Flink's checkpoint metadata starts with its magic number (Checkpoints.HEADER_MAGIC_NUMBER).
        assert.equal(metadata.readUInt32BE(0), 0x4960672d);
        // Everything Flink wrote is under the configured checkpoint directory (the gateway keeps its
        // uploads in progress in a hidden directory of the bucket).
        assert.deepEqual(fs.readdirSync(path.join(root, "buckets", store.bucket)).filter((f) => !f.startsWith(".")), ["checkpoints"]);
    });

    it("lets the Flink user's key reach its bucket and nothing else: another bucket, a new bucket and the admin API refuse it", async () => {
        const endpoint = `http://127.0.0.1:${port}`;
        const flink = { accessKey: secret.accessKey, secretKey: secret.secretKey };
        const rootKeys = { accessKey: rootSecret.accessKey, secretKey: rootSecret.secretKey };
        // Root makes another bucket and writes to it: the signing is right, so a refusal below is a refusal.
        assert.equal((await s3Request(endpoint, rootKeys, "PUT", "/other")).status, 200);
        assert.equal((await s3Request(endpoint, rootKeys, "PUT", "/other/secret.txt", "root's")).status, 200);

        assert.equal((await s3Request(endpoint, flink, "PUT", `/${store.bucket}/probe.txt`, "flink's")).status, 200);
        assert.equal((await s3Request(endpoint, flink, "GET", `/${store.bucket}/probe.txt`)).body, "flink's");
        const listed = await s3Request(endpoint, flink, "GET", "/");
        assert.deepEqual([...listed.body.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]), [store.bucket], "the user lists its bucket only");

        for (const [method, target, body] of [
            ["GET", "/other/secret.txt", ""],
            ["PUT", "/other/flink.txt", "x"],
            ["GET", "/other", ""],
            ["PUT", "/flink-new", ""],
        ]) {
            const refused = await s3Request(endpoint, flink, method, target, body);
            assert.deepEqual([refused.status, refused.code], [403, "AccessDenied"], `${method} ${target}: ${refused.body}`);
        }
        for (const call of ["/list-users", "/list-buckets", "/change-bucket-owner", "/create-user"]) {
            const refused = await s3Request(endpoint, flink, "PATCH", call);
            assert.equal(refused.status, 403, `PATCH ${call}: ${refused.body}`);
        }
        // Root may call the admin API, and sees the Flink user as a plain user.
        const users = await s3Request(endpoint, rootKeys, "PATCH", "/list-users");
        assert.equal(users.status, 200, users.body);
        assert.match(users.body, new RegExp(`<Access>${flink.accessKey}</Access>.*<Role>user</Role>`, "s"));
    });
});
