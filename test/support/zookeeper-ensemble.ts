/**
 * A real ZooKeeper ensemble for tests: one QuorumPeerMain JVM per server (the ZooKeeper of
 * test/real/zookeeper/pom.xml), each started from the zoo.cfg that components/zookeeper-config.ts
 * renders, on loopback addresses of this host (127.0.0.1, 127.0.0.2, …: on Linux all of 127/8 is the
 * loopback interface, so the servers can all bind the same ports, as each pod does on its own IP). The
 * ports are picked free when the ensemble starts, never the rendered 2181, 2888, 3888 and 7000:
 * two test runs on one machine, or the two test files that start an ensemble, would meet on those.
 *
 * Used by test/real/zookeeper.test.ts and test/real/flink.test.ts (Flink's ZooKeeper HA).
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { zooCfg, zookeeperConnectString, zookeeperServerHosts, type ZooCfgArgs, type ZooKeeperTopology } from "../../components/zookeeper/config";
import { javaClasspath, jvmOptions, runJava } from "./java";
import { assertFree, freePorts } from "./ports";
import { scratchDir } from "./scratch";
import { requireTools } from "./tools";

/** The topology the tests render: three servers, named as the ZooKeeperEnsemble component names them. */
export const TEST_TOPOLOGY: ZooKeeperTopology = { name: "zookeeper", namespace: "platform", replicas: 3, headlessService: "zookeeper-headless" };

/** `key=value` lines of a zoo.cfg, in order (ZooKeeper reads it as java.util.Properties). */
export function parseZooCfg(text: string): Map<string, string> {
    const entries = new Map<string, string>();
    for (const line of text.split("\n")) {
        const trimmed = line.trim();
        if (trimmed === "" || trimmed.startsWith("#")) continue;
        const eq = trimmed.indexOf("=");
        if (eq < 0) throw new Error(`zoo.cfg line without "=": ${line}`);
        entries.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim());
    }
    return entries;
}

function formatZooCfg(entries: Map<string, string>): string {
    return `${[...entries].map(([k, v]) => `${k}=${v}`).join("\n")}\n`;
}

/** Replaces each pod host name by the address at the same position (longest names first, so no name eats another's prefix). */
export function mapHosts(text: string, hosts: string[], addresses: string[]): string {
    if (hosts.length !== addresses.length) throw new Error(`${hosts.length} hosts but ${addresses.length} addresses`);
    const order = hosts.map((host, i) => ({ host, address: addresses[i] })).sort((a, b) => b.host.length - a.host.length);
    return order.reduce((out, { host, address }) => out.split(host).join(address), text);
}

/** The ports of a zoo.cfg: every server has the same ones (in the cluster each on its own pod IP). */
export interface ZooKeeperPorts {
    client: number;
    peer: number;
    election: number;
    metrics: number;
}

export function portsOf(cfg: Map<string, string>): ZooKeeperPorts {
    const number = (key: string): number => {
        const value = Number(cfg.get(key));
        if (!Number.isInteger(value)) throw new Error(`zoo.cfg has no numeric ${key}`);
        return value;
    };
    const server = cfg.get("server.1");
    const match = server ? /^[^:]+:(\d+):(\d+)/.exec(server) : null;
    if (!match) throw new Error(`zoo.cfg has no server.1 of the form host:peer:election, got ${server}`);
    return { client: number("clientPort"), peer: Number(match[1]), election: Number(match[2]), metrics: number("metricsProvider.httpPort") };
}

/** Where an ensemble runs on this host: one loopback address per server (in myid order), and the ports all of them bind. */
export interface LocalEndpoints {
    addresses: string[];
    ports: ZooKeeperPorts;
}

/** 127.0.0.1, 127.0.0.2, …: one loopback address per server. */
export function loopbackAddresses(count: number): string[] {
    return Array.from({ length: count }, (_, i) => `127.0.0.${i + 1}`);
}

/**
 * A rendered connect string (`host:2181,…`) for the ensemble on this host: each pod's host name
 * becomes its server's address, the rendered client port the local one. Throws on an entry that is
 * not a server's host and the rendered client port, so a change of the rendering shows here.
 */
export function localConnectString(rendered: string, hosts: string[], renderedPorts: ZooKeeperPorts, local: LocalEndpoints): string {
    return rendered
        .split(",")
        .map((entry) => {
            const m = /^(.+):(\d+)$/.exec(entry);
            const i = m ? hosts.indexOf(m[1]) : -1;
            if (!m || i < 0 || Number(m[2]) !== renderedPorts.client) throw new Error(`connect string entry "${entry}" is not a server's host:${renderedPorts.client}`);
            return `${local.addresses[i]}:${local.ports.client}`;
        })
        .join(",");
}

/**
 * The zoo.cfg server `id` runs with when the whole ensemble shares one host, and the keys that differ
 * from the rendered file (after the host names were mapped to `local.addresses`).
 *
 * Every change is where a process binds or writes, never how the ensemble behaves (quorum, timeouts,
 * purging, four-letter words, metrics):
 * - the ports: `clientPort`, `metricsProvider.httpPort` and the three ports of each
 *   `server.N` line become `local.ports`. In the cluster each pod binds them on its own IP; here two
 *   test runs (or another program) on one host would meet on the rendered ones, so the ensemble takes
 *   ports that are free when it starts. Every server line keeps the same ports, as rendered.
 * - `server.N=…;2181` → `server.N=…;127.0.0.N:<client>`: the client part of a server line without a
 *   host means "0.0.0.0". In a pod that is the pod's own IP; here three servers would all bind
 *   0.0.0.0:<client>. ZooKeeper takes the client bind address from this line and rejects a
 *   `clientPortAddress` that differs from it (QuorumPeerConfig.setupClientPort), so the host goes here.
 *   Every server's file has the same server lines, as in the cluster.
 * - `clientPortAddress`: the same address, stated for the reader (ZooKeeper checks the two agree).
 * - `quorumListenOnAllIPs=false`: with `true`, every server binds the peer and election ports on
 *   0.0.0.0; in a pod those are its own, here they would collide. With `false` each binds its own address.
 * - `metricsProvider.httpHost`: the Prometheus endpoint binds 0.0.0.0 by default; each server binds
 *   its own address instead. (The AdminServer, which would too, is off in the rendered file.)
 * - `dataDir`, `dataLogDir`: each pod has its own volume at the rendered path; here each server has its
 *   own temporary directory (with its `myid`, as the container's command writes it).
 */
export function localZooCfg(rendered: string, hosts: string[], local: LocalEndpoints, id: number, dataDir: string): { text: string; changed: Map<string, string> } {
    const { addresses, ports } = local;
    const renderedPorts = portsOf(parseZooCfg(rendered));
    const cfg = parseZooCfg(mapHosts(rendered, hosts, addresses));
    const address = addresses[id - 1];
    const overrides = new Map<string, string>();
    for (const [key, value] of cfg) {
        const server = /^server\.(\d+)$/.exec(key);
        if (!server) continue;
        // host:peer:election[:role];clientPort, as rendered; the same ports on every line
        const m = /^([^:;]+):(\d+):(\d+)(:[a-z]+)?;(\d+)$/.exec(value);
        const rendersPorts = m && Number(m[2]) === renderedPorts.peer && Number(m[3]) === renderedPorts.election && Number(m[5]) === renderedPorts.client;
        if (!m || !rendersPorts) throw new Error(`zoo.cfg ${key}=${value}: not host:${renderedPorts.peer}:${renderedPorts.election};${renderedPorts.client} as server.1 renders it`);
        overrides.set(key, `${m[1]}:${ports.peer}:${ports.election}${m[4] ?? ""};${addresses[Number(server[1]) - 1]}:${ports.client}`);
    }
    const renderedDataDir = cfg.get("dataDir");
    overrides.set("clientPort", String(ports.client));
    overrides.set("metricsProvider.httpPort", String(ports.metrics));
    overrides.set("dataDir", dataDir);
    overrides.set("dataLogDir", cfg.get("dataLogDir") === renderedDataDir ? dataDir : path.join(dataDir, "..", "datalog"));
    overrides.set("clientPortAddress", address);
    overrides.set("quorumListenOnAllIPs", "false");
    overrides.set("metricsProvider.httpHost", address);
    const changed = new Map([...overrides].filter(([key, value]) => cfg.get(key) !== value));
    for (const [key, value] of overrides) cfg.set(key, value);
    return { text: formatZooCfg(cfg), changed };
}

/** Sends a four-letter word to host:port and returns the whole answer (the server closes after it). */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs = 3000): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        let answer = "";
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${word} to ${host}:${port}: no answer within ${timeoutMs} ms`)));
        socket.on("connect", () => socket.write(word));
        socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
        socket.on("error", reject);
        socket.on("close", (hadError) => {
            if (!hadError) resolve(answer);
        });
    });
}

/** Every JVM the tests started and that may still run; killed when the test process exits, whatever happened. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
});

export function trackChild(child: ChildProcess): void {
    live.add(child);
    child.once("exit", () => live.delete(child));
}

/** Sends `signal`, waits for the process to end, and kills it if it has not within `graceMs`. */
export async function endChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface EnsembleServer {
    /** The server's myid (its pod's ordinal + 1). */
    id: number;
    address: string;
    /** Holds conf/zoo.cfg, data/ (with myid) and server.log. */
    dir: string;
    confDir: string;
    /** What this server runs: the rendered zoo.cfg with the bind details of localZooCfg. */
    config: string;
    /** The keys of its zoo.cfg that differ from the rendered file (hosts mapped): see localZooCfg. */
    changed: Map<string, string>;
    logFile: string;
    process?: ChildProcess;
}

export interface StartEnsembleOptions {
    /** One loopback address per server. @default 127.0.0.1, 127.0.0.2, … (the ports keep ensembles apart) */
    addresses?: string[];
    topology?: ZooKeeperTopology;
    /** Further arguments of zooCfg. */
    cfg?: Partial<ZooCfgArgs>;
}

/** Three (or more) real ZooKeeper servers. Always `close()` it, in an `after` hook. */
export class ZooKeeperEnsemble {
    /** The zoo.cfg exactly as the component renders it. */
    readonly rendered: string;
    /** The rendered pod host names, in myid order. */
    readonly hosts: string[];
    /** The ports the rendered file gives every server (2181, …). */
    readonly renderedPorts: ZooKeeperPorts;
    /** The ports every server binds here instead: free ones, picked at the start. */
    readonly ports: ZooKeeperPorts;
    readonly addresses: string[];
    readonly servers: EnsembleServer[];
    /** Servers stopped on purpose (not a failure when they are gone). */
    private readonly stopped = new Set<number>();

    private constructor(
        readonly topology: ZooKeeperTopology,
        readonly root: string,
        local: LocalEndpoints,
        cfgArgs: Partial<ZooCfgArgs>,
    ) {
        this.rendered = zooCfg({ ...cfgArgs, ...topology });
        this.hosts = zookeeperServerHosts(topology);
        this.renderedPorts = portsOf(parseZooCfg(this.rendered));
        this.addresses = local.addresses;
        this.ports = local.ports;
        this.servers = local.addresses.map((address, i) => {
            const id = i + 1;
            const dir = path.join(root, `server-${id}`);
            const cfg = localZooCfg(this.rendered, this.hosts, local, id, path.join(dir, "data"));
            return { id, address, dir, confDir: path.join(dir, "conf"), config: cfg.text, changed: cfg.changed, logFile: path.join(dir, "server.log") };
        });
    }

    /** Writes each server's files and starts its JVM; does not wait for the quorum (see waitForQuorum). */
    static async start(options: StartEnsembleOptions = {}): Promise<ZooKeeperEnsemble> {
        requireTools("java");
        const topology = options.topology ?? TEST_TOPOLOGY;
        const addresses = options.addresses ?? loopbackAddresses(topology.replicas);
        if (addresses.length !== topology.replicas) throw new Error(`${topology.replicas} servers need ${topology.replicas} addresses`);
        // free on every address (see freePorts), so free on each server's
        const [client, peer, election, metrics] = await freePorts(4);
        const root = scratchDir("zk-ensemble-");
        const ensemble = new ZooKeeperEnsemble(topology, root, { addresses, ports: { client, peer, election, metrics } }, options.cfg ?? {});
        try {
            // taken since they were picked? Then say so here, not in a server's log.
            for (const s of ensemble.servers) {
                for (const port of Object.values(ensemble.ports)) await assertFree(s.address, port);
            }
            const classpath = javaClasspath("zookeeper");
            for (const s of ensemble.servers) {
                const dataDir = parseZooCfg(s.config).get("dataDir") as string;
                fs.mkdirSync(s.confDir, { recursive: true });
                fs.mkdirSync(dataDir, { recursive: true });
                fs.mkdirSync(parseZooCfg(s.config).get("dataLogDir") as string, { recursive: true });
                fs.writeFileSync(path.join(s.confDir, "zoo.cfg"), s.config);
                fs.writeFileSync(path.join(dataDir, "myid"), `${s.id}\n`);
                ensemble.launch(s, classpath);
            }
        } catch (e) {
            await ensemble.close();
            throw e;
        }
        return ensemble;
    }

    private launch(s: EnsembleServer, classpath: string): void {
        const log = fs.openSync(s.logFile, "a");
        const tmpDir = path.join(s.dir, "tmp");
        fs.mkdirSync(tmpDir, { recursive: true });
        const child = spawn(
            "java",
            [
                ...jvmOptions(tmpDir),
                "-cp",
                classpath,
                // a small heap and a quick start: three servers share a small test machine
                "-Xms32m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                path.join(s.confDir, "zoo.cfg"),
            ],
            { cwd: s.dir, stdio: ["ignore", log, log] },
        );
        fs.closeSync(log);
        // a JVM that cannot start (java gone since requireTools) shows in the server's log, and waitForQuorum reports it
        child.on("error", (e) => fs.appendFileSync(s.logFile, `cannot start java: ${e.message}\n`));
        trackChild(child);
        s.process = child;
    }

    /** The client connect string Flink and clients use: the rendered one, for this host (see localConnectString). */
    connectString(): string {
        return localConnectString(zookeeperConnectString(this.topology), this.hosts, this.renderedPorts, this);
    }

    running(): EnsembleServer[] {
        return this.servers.filter((s) => s.process && s.process.exitCode === null && s.process.signalCode === null);
    }

    /** The `Mode:` a server reports to `srvr` ("leader", "follower"), or why there is none. */
    async mode(s: EnsembleServer): Promise<string> {
        try {
            const answer = await fourLetterWord(s.address, this.ports.client, "srvr");
            return /^Mode: (\S+)/m.exec(answer)?.[1] ?? `no mode: ${answer.trim()}`;
        } catch (e) {
            return `no answer: ${(e as Error).message}`;
        }
    }

    /**
     * Waits until every running server answers `srvr` with a mode, exactly one of them "leader" and the
     * others "follower". Returns the leader.
     */
    async waitForQuorum(timeoutMs = 60_000): Promise<EnsembleServer> {
        const deadline = Date.now() + timeoutMs;
        let last = "";
        while (Date.now() < deadline) {
            const running = this.running();
            const exited = this.servers.filter((s) => s.process && !running.includes(s) && !this.stopped.has(s.id));
            if (exited.length > 0) throw new Error(`server ${exited.map((s) => s.id).join(", ")} exited before the quorum formed\n${this.logTail()}`);
            const modes = await Promise.all(running.map((s) => this.mode(s)));
            last = running.map((s, i) => `server ${s.id}: ${modes[i]}`).join("; ");
            const leaders = running.filter((_, i) => modes[i] === "leader");
            if (leaders.length === 1 && modes.filter((m) => m === "follower").length === running.length - 1) return leaders[0];
            await sleep(300);
        }
        throw new Error(`no quorum within ${timeoutMs} ms (${last})\n${this.logTail()}`);
    }

    /** Stops one server as a pod deletion does (SIGTERM, then SIGKILL after a grace period). */
    async stop(s: EnsembleServer): Promise<void> {
        this.stopped.add(s.id);
        if (s.process) await endChild(s.process);
    }

    /** The last lines of every server's log, for a failure message. */
    logTail(lines = 25): string {
        return this.servers
            .map((s) => {
                const text = fs.existsSync(s.logFile) ? fs.readFileSync(s.logFile, "utf8") : "";
                return `--- server ${s.id} (${s.logFile}) ---\n${text.split("\n").slice(-lines).join("\n")}`;
            })
            .join("\n");
    }

    /** Ends every server and removes the temporary directory. Safe to call twice. */
    async close(): Promise<void> {
        await Promise.all(this.servers.map((s) => (s.process ? endChild(s.process, "SIGTERM", 3000) : Promise.resolve())));
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/**
 * Runs test/real/zookeeper/ZkClient.java (ZooKeeper's own client): commands such as
 * "connect 127.0.0.1:2181,…", "create /a x", "get /a", "ls /a", in one JVM, all within `timeoutSeconds`.
 * Returns its output lines (one per command); throws with its output if a command fails.
 */
export async function zkClient(commands: string[], timeoutSeconds = 30): Promise<string[]> {
    const result = await runJava("zookeeper", "ZkClient.java", [String(timeoutSeconds), ...commands], (timeoutSeconds + 30) * 1000);
    if (result.status !== 0) throw new Error(`ZkClient ${commands.join(" | ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    return result.stdout.trim().split("\n");
}
