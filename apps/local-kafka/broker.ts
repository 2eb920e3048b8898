/**
 * A real single-node Kafka (KRaft, broker and controller in one JVM) for the fraud demo on a laptop and
 * for the tests of its clients: the release the platform pins, from Maven Central (pom.xml), on free
 * loopback ports, with every file it writes under the directory it is given.
 *
 * The internal topics (consumer offsets, transaction state, share-group state) get one replica and one
 * partition: there is one broker, and the transaction coordinator refuses transactions until its log
 * has the replicas it asks for. Topics are not created on first use: createTopics() makes them, so a
 * misspelt topic fails instead of appearing empty.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { Admin } from "@platformatic/kafka";

const HOST = "127.0.0.1";
const POM_DIR = __dirname;

export interface LocalKafkaOptions {
    /** Where the configuration, the data and the JVM's temporary files go; the caller removes it. */
    dir: string;
    /** Each line the broker logs (stdout and stderr); by default they are kept only for errors. */
    log?: (line: string) => void;
    /** How long to wait for the broker to serve metadata; default 120 s. */
    startTimeoutMs?: number;
}

export interface LocalKafka {
    /** host:port of the broker's listener. */
    bootstrapServers: string;
    /** Stops the broker: SIGTERM, then SIGKILL if it has not ended within 30 s. */
    stop(): Promise<void>;
}

/** The broker's classpath, resolved by Maven once and cached in target/classpath.txt until the pom changes. */
export function localKafkaClasspath(): string {
    const pom = path.join(POM_DIR, "pom.xml");
    const cache = path.join(POM_DIR, "target", "classpath.txt");
    if (!fs.existsSync(cache) || fs.statSync(cache).mtimeMs < fs.statSync(pom).mtimeMs) {
        fs.mkdirSync(path.dirname(cache), { recursive: true });
        // Written aside and renamed into place: another run may read the cache meanwhile.
        const partial = `${cache}.${process.pid}`;
        // No perf data file of Maven's JVM in /tmp/hsperfdata_<user>/.
        const env = { ...process.env, MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ""} -XX:-UsePerfData`.trim() };
        const result = spawnSync("mvn", ["-q", "-B", "dependency:build-classpath", `-Dmdep.outputFile=${partial}`], { cwd: POM_DIR, env, encoding: "utf8" });
        if (result.error || result.status !== 0) {
            fs.rmSync(partial, { force: true });
            throw new Error(`mvn could not resolve apps/local-kafka's classpath (is Maven installed?):\n${result.error?.message ?? ""}${result.stdout}\n${result.stderr}`);
        }
        fs.renameSync(partial, cache);
    }
    return fs.readFileSync(cache, "utf8").trim();
}

/** Two ports that were free on 127.0.0.1 a moment ago (the kernel picks them; both held until both are known). */
async function freeLoopbackPorts(count: number): Promise<number[]> {
    const servers = await Promise.all(
        Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
            const server = net.createServer();
            server.once("error", reject);
            server.listen({ port: 0, host: HOST, exclusive: true }, () => resolve(server));
        })),
    );
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    return ports;
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64, not starting with "-" (the CLI would take it for an option). */
function clusterId(): string {
    for (;;) {
        const id = randomBytes(16).toString("base64url");
        if (!id.startsWith("-")) return id;
    }
}

export function serverProperties(ports: { broker: number; controller: number }, dataDir: string): Record<string, string> {
    return {
        "process.roles": "broker,controller",
        "node.id": "1",
        // A dynamic quorum of this one controller, as `kafka-storage format --standalone` sets it up.
        "controller.quorum.bootstrap.servers": `${HOST}:${ports.controller}`,
        "controller.listener.names": "CONTROLLER",
        listeners: `PLAINTEXT://${HOST}:${ports.broker},CONTROLLER://${HOST}:${ports.controller}`,
        "advertised.listeners": `PLAINTEXT://${HOST}:${ports.broker},CONTROLLER://${HOST}:${ports.controller}`,
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name": "PLAINTEXT",
        "log.dirs": dataDir,
        "num.partitions": "1",
        "auto.create.topics.enable": "false",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "transaction.state.log.num.partitions": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        // A consumer group's first member gets its partitions at once instead of after 3 s.
        "group.initial.rebalance.delay.ms": "0",
    };
}

/** The last lines a process wrote, for the error when it fails. */
function tail(lines: string[], n = 60): string {
    return lines.slice(-n).join("\n");
}

function javaArgs(tmpDir: string): string[] {
    // No perf data file in /tmp/hsperfdata_<user>/, and the JVM's temporary files under `dir`.
    return ["-XX:-UsePerfData", `-Djava.io.tmpdir=${tmpDir}`, "-Xms256m", "-Xmx512m"];
}

/** Whether the broker answers a metadata request naming itself. */
async function serves(bootstrap: string): Promise<boolean> {
    const admin = new Admin({ clientId: "local-kafka-ready", bootstrapBrokers: [bootstrap], retries: false, connectTimeout: 2_000, requestTimeout: 5_000 });
    try {
        const metadata = await admin.metadata({ topics: [] });
        return metadata.brokers.size > 0;
    } catch {
        return false;
    } finally {
        await admin.close().catch(() => undefined);
    }
}

/** Starts the broker and resolves when it serves metadata. */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
    const classpath = localKafkaClasspath();
    const dir = path.resolve(options.dir);
    const dataDir = path.join(dir, "data");
    const tmpDir = path.join(dir, "tmp");
    fs.mkdirSync(tmpDir, { recursive: true });
    const [broker, controller] = await freeLoopbackPorts(2);
    const bootstrapServers = `${HOST}:${broker}`;
    const propertiesFile = path.join(dir, "server.properties");
    const props = serverProperties({ broker, controller }, dataDir);
    fs.writeFileSync(propertiesFile, Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");

    const format = spawnSync("java", [...javaArgs(tmpDir), "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId(), "-c", propertiesFile], { encoding: "utf8" });
    if (format.error || format.status !== 0) {
        throw new Error(`kafka-storage format failed (${format.error?.message ?? `exit ${format.status}`}):\n${format.stdout}\n${format.stderr}`);
    }

    const lines: string[] = [];
    const child: ChildProcess = spawn("java", [...javaArgs(tmpDir), "-cp", classpath, "kafka.Kafka", propertiesFile], { stdio: ["ignore", "pipe", "pipe"] });
    const keep = (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n")) {
            if (line === "") continue;
            lines.push(line);
            if (lines.length > 500) lines.splice(0, lines.length - 500);
            options.log?.(line);
        }
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    let ended = false;
    void exited.then(() => (ended = true));
    child.once("error", (e) => lines.push(`spawn java: ${e.message}`));

    const stop = async (): Promise<void> => {
        if (ended) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
    };

    const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
    for (;;) {
        if (ended) throw new Error(`the local Kafka broker ended before it served requests:\n${tail(lines)}`);
        if (await serves(bootstrapServers)) break;
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`the local Kafka broker did not serve metadata within ${options.startTimeoutMs ?? 120_000} ms:\n${tail(lines)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { bootstrapServers, stop };
}

export interface TopicToCreate {
    name: string;
    partitions: number;
}

/** Creates `topics` (one replica each) and waits until each partition has a leader. */
export async function createTopics(bootstrapServers: string, topics: TopicToCreate[]): Promise<void> {
    const admin = new Admin({ clientId: "local-kafka-admin", bootstrapBrokers: [bootstrapServers] });
    try {
        await admin.createTopics({ topics: topics.map((t) => ({ topic: t.name, partitions: t.partitions, replicas: 1 })) });
        const deadline = Date.now() + 30_000;
        for (;;) {
            const metadata = await admin.metadata({ topics: topics.map((t) => t.name), forceUpdate: true });
            const ready = topics.every((t) => {
                const topic = metadata.topics.get(t.name);
                return topic !== undefined && topic.partitionsCount === t.partitions && topic.partitions.every((p) => p.leader >= 0);
            });
            if (ready) return;
            if (Date.now() > deadline) throw new Error(`topics ${topics.map((t) => t.name).join(", ")} have no leader after 30 s`);
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    } finally {
        await admin.close();
    }
}
