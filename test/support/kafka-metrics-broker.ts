/**
 * A Kafka node of the dev stack with the Prometheus JMX exporter as Strimzi runs it
 * (test/real/kafka/KafkaMetricsCheck.java), scraped once per test process: what the platform's alerts
 * and dashboards may select from a Kafka pod's port 9404.
 *
 * What Strimzi 1.2.0 does, and what of it happens here:
 * - the Cluster Operator reads the ConfigMap key that the Kafka resource's `metricsConfig` names, parses
 *   it as YAML and writes it, as JSON and otherwise unchanged, to the pod's `metrics-config.json`
 *   (JmxPrometheusExporterModel.metricsJson): strimziMetricsConfigJson() does the same;
 * - kafka_run.sh adds `-javaagent:$JMX_EXPORTER_HOME/jmx_prometheus_javaagent*.jar=9404:…/metrics-config.json`
 *   when KAFKA_JMX_EXPORTER_ENABLED is true: the agent 1.6.0 (Strimzi downloads it from the exporter's
 *   GitHub releases). Maven Central's newest jmx_prometheus_javaagent is 1.0.1, so the program runs the
 *   agent's engine, io.prometheus.jmx:collector 1.6.0, and starts in the broker's JVM what the agent's
 *   premain starts (see test/real/kafka/pom.xml); the names come from the collector alone;
 * - the node: the dev stack's broker configuration (the Kafka resource's `config`) and KRaft metadata
 *   version, one combined node as the dev stack runs; its listeners are plain ones on free loopback ports
 *   (no TLS or SASL: they change no metric name, and certificates would slow the start). The exporter
 *   listens on a free loopback port instead of 9404.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { ConfigMap, Kafka } from "../../components/core/objects";
import { clusterBrokerConfig, kafkaClusterManifests, resolveKafkaClusterArgs, type ResolvedKafkaCluster } from "../../components/kafka";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { kafkaClusterArgs } from "../../stacks/kafka";
import { javaClasspath, jvmOptions, REAL_DIR } from "./java";
import { freePorts } from "./ports";
import { promqlMetricNames } from "./promql";
import { PROJECT_DIR } from "./render";
import { scratchDir } from "./scratch";
import { requireTools } from "./tools";

const LOCAL_HOST = "127.0.0.1";

/** The dev stack's Kafka cluster, as the program resolves it from Pulumi.dev.yaml. */
export function devKafkaCluster(): ResolvedKafkaCluster {
    const config = parsePlatformConfig(rawStackConfig(readStackFile(PROJECT_DIR, "dev").config));
    return resolveKafkaClusterArgs(config.kafka.name, kafkaClusterArgs(config.kafka, "streaming", config.target));
}

/**
 * The `metrics-config.json` Strimzi writes for `cluster`'s pods: the ConfigMap key its Kafka resource's
 * `metricsConfig` refers to, read as YAML and written as JSON (JmxPrometheusExporterModel.metricsJson).
 */
export function strimziMetricsConfigJson(cluster: ResolvedKafkaCluster): string {
    const objects = kafkaClusterManifests(cluster);
    const kafka = objects.find((o): o is Kafka => o.kind === "Kafka");
    const ref = kafka?.spec.kafka.metricsConfig?.valueFrom?.configMapKeyRef;
    if (!ref?.name || !ref.key) throw new Error(`Kafka ${cluster.name}: no jmxPrometheusExporter metricsConfig`);
    const configMap = objects.find((o): o is ConfigMap => o.kind === "ConfigMap" && o.metadata.name === ref.name);
    // The manifests are plain data: the ConfigMap's `data` is a record of strings here, not an Input.
    const data = (configMap?.data as Record<string, string> | undefined)?.[ref.key];
    if (typeof data !== "string") throw new Error(`ConfigMap ${ref.name} has no key ${ref.key}`);
    return data === "" ? "{}" : JSON.stringify(parse(data));
}

/** The broker configuration of a single combined node here: the resource's `config`, local listeners and data. */
export function localMetricsNodeConfig(cluster: ResolvedKafkaCluster, ports: { broker: number; controller: number }, dataDir: string): Record<string, string> {
    const config = Object.fromEntries(Object.entries(clusterBrokerConfig(cluster)).map(([k, v]) => [k, String(v)]));
    return {
        ...config,
        "process.roles": "broker,controller",
        "node.id": "0",
        "controller.quorum.voters": `0@${LOCAL_HOST}:${ports.controller}`,
        "controller.listener.names": "CONTROLLER",
        listeners: `PLAIN://${LOCAL_HOST}:${ports.broker},CONTROLLER://${LOCAL_HOST}:${ports.controller}`,
        "advertised.listeners": `PLAIN://${LOCAL_HOST}:${ports.broker}`,
        "listener.security.protocol.map": "PLAIN:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name": "PLAIN",
        "group.initial.rebalance.delay.ms": "0",
        "log.dirs": dataDir,
        "metadata.log.dir": dataDir,
    };
}

/** One sample of the Prometheus text format: its metric name, its labels as written, its value. */
export interface Sample {
    name: string;
    labels: string;
    value: number;
}

/** The samples of a Prometheus text-format (0.0.4) exposition; comments and blank lines skipped. */
export function parseExposition(text: string): Sample[] {
    const samples: Sample[] = [];
    for (const line of text.split("\n")) {
        if (line === "" || line.startsWith("#")) continue;
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
        if (!m) throw new Error(`not a sample line: ${line}`);
        samples.push({ name: m[1], labels: m[2] ?? "", value: Number(m[3]) });
    }
    return samples;
}

export interface KafkaMetricsScrape {
    kafkaVersion: string;
    /** The JMX exporter collector's version. */
    exporterVersion: string;
    /** The body of GET /metrics, after the traffic. */
    text: string;
    samples: Sample[];
    /** Each metric name that has a sample, sorted. */
    names: string[];
    /** The topic the traffic went to, its partitions and the consumer group. */
    topic: string;
    partitions: number;
    group: string;
    timings: { startMs: number; trafficMs: number; scrapeMs: number; stopMs: number; totalMs: number };
}

/** Runs the node, its traffic, one scrape, and stops it; its directories are removed at the end. */
async function runScrape(timeoutMs = 240_000): Promise<KafkaMetricsScrape> {
    requireTools("java");
    const began = Date.now();
    const cluster = devKafkaCluster();
    const classpath = javaClasspath("kafka");
    const dir = scratchDir("kafka-metrics-");
    const tmpDir = scratchDir("kafka-metrics-java-tmp-");
    try {
        const [broker, controller, exporterPort] = await freePorts(3);
        const configFile = path.join(dir, "metrics-config.json");
        fs.writeFileSync(configFile, strimziMetricsConfigJson(cluster));
        const theCase = {
            releaseVersion: cluster.metadataVersion,
            properties: localMetricsNodeConfig(cluster, { broker, controller }, path.join(dir, "data")),
            exporter: { host: LOCAL_HOST, port: exporterPort, configFile },
            bootstrap: `${LOCAL_HOST}:${broker}`,
            topic: "metrics-check",
            partitions: 3,
            records: 30,
            group: "metrics-check-group",
        };
        const caseFile = path.join(dir, "case.json");
        fs.writeFileSync(caseFile, JSON.stringify(theCase));
        const child = spawn("java", [...jvmOptions(tmpDir), "-cp", classpath, path.join(REAL_DIR, "kafka", "KafkaMetricsCheck.java"), caseFile, dir], {
            cwd: path.join(REAL_DIR, "kafka"),
            stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        // A program that ended early closes its end of the pipe: its exit status tells why, not EPIPE.
        child.stdin.on("error", () => undefined);
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const lines: Record<string, any>[] = [];
        let onLine: (() => void) | undefined;
        child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            for (const line of stdout.split("\n").slice(lines.length, -1)) lines.push(line.startsWith("{") ? JSON.parse(line) : { line });
            onLine?.();
        });
        const exited = new Promise<number | null>((resolve) => child.on("close", (status) => resolve(status)));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        const output = () => `${stdout}\n${stderr}`;
        const waitFor = (key: string) =>
            new Promise<Record<string, any>>((resolve, reject) => {
                const look = () => {
                    const found = lines.find((l) => l[key]);
                    if (found) resolve(found);
                };
                onLine = look;
                look();
                void exited.then((status) => {
                    look();
                    reject(new Error(`KafkaMetricsCheck.java ended (${status}) before "${key}"\n${output()}`));
                });
            });
        try {
            const ready = await waitFor("ready");
            const scrapeStart = Date.now();
            const response = await fetch(`http://${LOCAL_HOST}:${exporterPort}/metrics`);
            if (!response.ok) throw new Error(`GET /metrics: ${response.status}\n${output()}`);
            const text = await response.text();
            const scrapeMs = Date.now() - scrapeStart;
            child.stdin.end("stop\n");
            const stopped = await waitFor("stopped");
            const status = await exited;
            if (status !== 0) throw new Error(`KafkaMetricsCheck.java ended with ${status}\n${output()}`);
            const samples = parseExposition(text);
            return {
                kafkaVersion: ready.kafkaVersion,
                exporterVersion: ready.exporterVersion,
                text,
                samples,
                names: [...new Set(samples.map((s) => s.name))].sort(),
                topic: theCase.topic,
                partitions: theCase.partitions,
                group: theCase.group,
                timings: { startMs: ready.startMs, trafficMs: ready.trafficMs, scrapeMs, stopMs: stopped.stopMs, totalMs: Date.now() - began },
            };
        } finally {
            clearTimeout(timer);
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
                await exited;
            }
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(tmpDir, { recursive: true, force: true });
    }
}

let scrape: Promise<KafkaMetricsScrape> | undefined;

/** The dev stack's Kafka node's exporter output: run once per test process, shared by every caller. */
export function kafkaMetricsScrape(): Promise<KafkaMetricsScrape> {
    scrape ??= runScrape();
    return scrape;
}

/** The metric names the Kafka exporter serves (with a sample), as a set. */
export async function scrapedKafkaMetricNames(): Promise<Set<string>> {
    return new Set((await kafkaMetricsScrape()).names);
}

/**
 * For each PromQL expression, the `kafka_` metric names it selects that the exporter does not serve;
 * only expressions with such names are returned. Alerts and dashboards hold their expressions to this.
 */
export async function unservedKafkaMetricNames(exprs: readonly string[]): Promise<{ expr: string; missing: string[] }[]> {
    const served = await scrapedKafkaMetricNames();
    return exprs
        .map((expr) => ({ expr, missing: promqlMetricNames(expr).filter((n) => n.startsWith("kafka_") && !served.has(n)) }))
        .filter((e) => e.missing.length > 0);
}
