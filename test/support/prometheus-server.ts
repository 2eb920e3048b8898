/**
 * A real Prometheus server for tests (Debian's `prometheus` package, the release whose promtool the
 * alert tests use): on a free port of 127.0.0.1, with the configuration and rule files a test gives,
 * its TSDB and log in a scratch directory. `close()` stops it and removes the directory; the process
 * is killed when the test process exits, whatever happened. Read through its HTTP API (`get`).
 *
 * `podMonitorScrapeConfig` turns a PodMonitor into the scrape job the Prometheus Operator generates for
 * it, with static targets that carry the meta labels Kubernetes service discovery gives a pod.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { PodMonitor } from "../../components/core/objects";
import { assertFree, freePort } from "./ports";
import { scratchDir } from "./scratch";
import { endChild, trackChild } from "./zookeeper-ensemble";

const INSTALL = "install Prometheus (apt-get install prometheus; .ci/run installs it)";
const WHY = "test/real/alert-firing.test.ts runs its server with the platform's rules";

/** What is wrong with `prometheus` on `env.PATH`, in one line (as toolProblem of tools.ts says it), or undefined. */
export function prometheusProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const result = spawnSync("prometheus", ["--version"], { env, encoding: "utf8", timeout: 60_000 });
    const error: NodeJS.ErrnoException | undefined = result.error;
    if (error?.code === "ENOENT") return `prometheus not found: ${INSTALL} — ${WHY}`;
    if (error || result.status !== 0) {
        const said = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n")[0];
        return `prometheus does not run (${error?.message ?? `prometheus --version exited ${result.status}`}${said ? `: ${said}` : ""}): ${INSTALL} — ${WHY}`;
    }
    return undefined;
}

/** Throws prometheusProblem as an error whose whole report is its one line. */
export function requirePrometheus(): void {
    const problem = prometheusProblem();
    if (!problem) return;
    const error = new Error(problem);
    error.stack = problem;
    throw error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` every `intervalMs` until it returns a value, at most `timeoutMs` and as many calls as
 * fit in it; then throws, with `what` and the last thing `describe` says it saw.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs: number; describe?: () => string }): Promise<T> {
    const deadline = Date.now() + options.timeoutMs;
    const attempts = Math.ceil(options.timeoutMs / options.intervalMs) + 1;
    for (let i = 0; i < attempts && Date.now() <= deadline; i++) {
        const value = await probe();
        if (value !== undefined) return value;
        await sleep(options.intervalMs);
    }
    throw new Error(`${what}: not within ${options.timeoutMs} ms${options.describe ? ` (last: ${options.describe()})` : ""}`);
}

/** A scrape target as Kubernetes service discovery sees a pod's container port. */
export interface PodTarget {
    address: string;
    namespace: string;
    pod: string;
    container: string;
    portName: string;
    node: string;
    podLabels: Record<string, string>;
}

/** Kubernetes SD's name for a pod label in `__meta_kubernetes_pod_label_<name>`. */
const metaName = (label: string) => label.replace(/[^a-zA-Z0-9_]/g, "_");
const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Relabeling = NonNullable<NonNullable<PodMonitor["spec"]["podMetricsEndpoints"]>[number]["relabelings"]>[number];

/** A PodMonitor relabeling (camelCase, as the CRD spells it) as Prometheus's relabel_config. */
function relabelConfig(r: Relabeling): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (r.sourceLabels !== undefined) out.source_labels = r.sourceLabels;
    if (r.targetLabel !== undefined) out.target_label = r.targetLabel;
    for (const key of ["action", "regex", "replacement", "separator", "modulus"] as const) if (r[key] !== undefined) out[key] = r[key];
    return out;
}

/**
 * The scrape job the Prometheus Operator generates for endpoint `index` of `monitor` (its name
 * `podMonitor/<namespace>/<name>/<index>`; the relabelings that keep the selected pods and port and set
 * `namespace`, `container`, `pod`, `job` = `<namespace>/<name>` and `endpoint`, then the endpoint's own),
 * over static targets that carry what Kubernetes SD would say about each pod.
 */
export function podMonitorScrapeConfig(monitor: PodMonitor, index: number, targets: PodTarget[]): Record<string, unknown> {
    const endpoint = monitor.spec.podMetricsEndpoints?.[index];
    const { name, namespace } = monitor.metadata;
    if (!endpoint?.port || !name || !namespace) throw new Error(`PodMonitor ${namespace}/${name} has no endpoint ${index} with a named port`);
    const labels = (t: PodTarget): Record<string, string> => ({
        __meta_kubernetes_namespace: t.namespace,
        __meta_kubernetes_pod_name: t.pod,
        __meta_kubernetes_pod_container_name: t.container,
        __meta_kubernetes_pod_container_port_name: t.portName,
        __meta_kubernetes_pod_node_name: t.node,
        __meta_kubernetes_pod_phase: "Running",
        ...Object.fromEntries(Object.entries(t.podLabels).flatMap(([k, v]) => [[`__meta_kubernetes_pod_label_${metaName(k)}`, v], [`__meta_kubernetes_pod_labelpresent_${metaName(k)}`, "true"]])),
    });
    const matchNames = monitor.spec.namespaceSelector?.matchNames ?? [namespace];
    return {
        job_name: `podMonitor/${namespace}/${name}/${index}`,
        honor_labels: false,
        scrape_interval: endpoint.interval,
        scrape_timeout: endpoint.interval,
        metrics_path: endpoint.path ?? "/metrics",
        static_configs: targets.map((t) => ({ targets: [t.address], labels: labels(t) })),
        relabel_configs: [
            // what kubernetes_sd_configs' `namespaces` and the operator's selector relabelings keep
            { action: "keep", source_labels: ["__meta_kubernetes_namespace"], regex: matchNames.map(escapeRegex).join("|") },
            ...Object.entries(monitor.spec.selector.matchLabels ?? {}).map(([k, v]) => ({
                action: "keep",
                source_labels: [`__meta_kubernetes_pod_label_${metaName(k)}`, `__meta_kubernetes_pod_labelpresent_${metaName(k)}`],
                regex: `(${escapeRegex(v)});true`,
            })),
            { action: "drop", source_labels: ["__meta_kubernetes_pod_phase"], regex: "(Failed|Succeeded)" },
            { action: "keep", source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: escapeRegex(endpoint.port) },
            { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
            { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
            { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
            { target_label: "job", replacement: `${namespace}/${name}` },
            { target_label: "endpoint", replacement: endpoint.port },
            ...(endpoint.relabelings ?? []).map(relabelConfig),
        ],
    };
}

export class PrometheusServer {
    private constructor(
        readonly url: string,
        readonly dir: string,
        readonly logFile: string,
        readonly process: ChildProcess,
    ) {}

    /**
     * Writes `config` (its `rule_files` filled in with `rules`, each file name → rule file content) and
     * starts Prometheus; resolves once /-/ready answers.
     */
    static async start(config: Record<string, unknown>, rules: Record<string, unknown>, readyTimeoutMs = 60_000): Promise<PrometheusServer> {
        requirePrometheus();
        const dir = scratchDir("prometheus-");
        for (const [file, content] of Object.entries(rules)) fs.writeFileSync(path.join(dir, file), stringify(content));
        const configFile = path.join(dir, "prometheus.yml");
        fs.writeFileSync(configFile, stringify({ ...config, rule_files: Object.keys(rules).map((f) => path.join(dir, f)) }));
        const port = await freePort();
        await assertFree("127.0.0.1", port);
        const logFile = path.join(dir, "prometheus.log");
        const log = fs.openSync(logFile, "a");
        const child = spawn(
            "prometheus",
            [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--storage.tsdb.retention.time=1h"],
            { cwd: dir, stdio: ["ignore", log, log] },
        );
        fs.closeSync(log);
        child.on("error", (e) => fs.appendFileSync(logFile, `cannot start prometheus: ${e.message}\n`));
        trackChild(child);
        const server = new PrometheusServer(`http://127.0.0.1:${port}`, dir, logFile, child);
        try {
            await pollUntil(
                "Prometheus ready",
                async () => {
                    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode})\n${server.logTail()}`);
                    const ready = await fetch(`${server.url}/-/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
                    return ready?.status === 200 ? true : undefined;
                },
                { timeoutMs: readyTimeoutMs, intervalMs: 200, describe: () => server.logTail(10) },
            );
        } catch (e) {
            await server.close();
            throw e;
        }
        return server;
    }

    /** GET /api/v1/<apiPath>, and its `data` (throws unless the status is "success"). */
    async get<T>(apiPath: string, params: Record<string, string> = {}): Promise<T> {
        const query = new URLSearchParams(params).toString();
        const response = await fetch(`${this.url}/api/v1/${apiPath}${query ? `?${query}` : ""}`, { signal: AbortSignal.timeout(5000) });
        const body = (await response.json()) as { status: string; data: T; error?: string };
        if (body.status !== "success") throw new Error(`GET /api/v1/${apiPath} ${query}: ${response.status} ${body.error ?? JSON.stringify(body)}`);
        return body.data;
    }

    logTail(lines = 25): string {
        const text = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : "";
        return `--- prometheus (${this.logFile}) ---\n${text.split("\n").slice(-lines).join("\n")}`;
    }

    /** Stops Prometheus and removes its directory. Safe to call twice. */
    async close(): Promise<void> {
        await endChild(this.process, "SIGTERM", 10_000);
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
