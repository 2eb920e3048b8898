/**
 * Flink itself reads the configuration that components/flink/config.ts renders:
 * - FlinkConfigCheck (Flink's ConfigOptions, Configuration and loaders) accepts every key and value of
 *   the map for both HA types and every restart strategy, and rejects a misspelt key and a bad value;
 * - a Flink MiniCluster running exactly that map, with ZooKeeper HA against a real three-server
 *   ensemble (test/support/zookeeper-ensemble.ts), RocksDB and incremental checkpoints to file://
 *   storage, completes checkpoints of a running job and keeps the last one when the job is cancelled;
 *   its Prometheus reporter serves every Flink metric name the alerts and dashboards read (but the
 *   operator's and those of a Kafka source).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { FLINK_KAFKA_SOURCE_METRICS, FLINK_METRICS } from "../../components/observability/alert-metrics";
import { FLINK_DASHBOARD_METRICS } from "../../components/observability/dashboard-metrics";
import { dashboardQueries } from "../../components/observability/dashboards";
import { FLINK_METRICS_PORT, FLINK_VERSION, flinkConfiguration, RESTART_STRATEGIES, type FlinkConfigurationArgs } from "../../components/flink/config";
import type { FlinkStorage } from "../../components/flink/storage";
import { inClusterFlinkStorage, resolveInClusterObjectStoreArgs } from "../../components/storage/in-cluster-object-store";
import { s3Endpoint } from "../../components/aws/s3-checkpoint-bucket";
import { zookeeperConnectString } from "../../components/zookeeper/config";
import { REAL_DIR, runJava } from "../support/java";
import { freePort } from "../support/ports";
import { promqlMetricNames } from "../support/promql";
import { scratchDir } from "../support/scratch";
import { TEST_TOPOLOGY, ZooKeeperEnsemble } from "../support/zookeeper-ensemble";

/** Writes the map as the config.yaml of a new directory under `root`, as the Flink image reads it. */
function writeConfig(root: string, name: string, settings: Record<string, string>): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "config.yaml"), stringify(settings));
    return dir;
}

describe("Flink's configuration, read by Flink", () => {
    let root = "";
    before(() => {
        root = scratchDir("flink-config-");
    });
    after(() => {
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("the pom pins the release the platform deploys", () => {
        const pom = fs.readFileSync(path.join(REAL_DIR, "flink", "pom.xml"), "utf8");
        assert.equal(/<flink\.version>([^<]+)</.exec(pom)?.[1], FLINK_VERSION);
    });

    const objectStore = inClusterFlinkStorage(resolveInClusterObjectStoreArgs("checkpoints", { namespace: "platform" }));
    // The cloud buckets' storages are Outputs (generated bucket names); these are their shapes, with names.
    const awsS3: FlinkStorage = {
        checkpointsUri: "s3://platform-checkpoints/checkpoints",
        savepointsUri: "s3://platform-checkpoints/savepoints",
        haStorageUri: "s3://platform-checkpoints/ha",
        flinkConfiguration: { "s3.endpoint": s3Endpoint("eu-west-1") },
    };
    const gcs: FlinkStorage = { checkpointsUri: "gs://platform-checkpoints/checkpoints", savepointsUri: "gs://platform-checkpoints/savepoints", haStorageUri: "gs://platform-checkpoints/ha" };
    const zookeeperQuorum = zookeeperConnectString(TEST_TOPOLOGY);
    const cases: Record<string, FlinkConfigurationArgs> = {
        "kubernetes-ha-aws-s3": { haType: "kubernetes", storage: awsS3, slotsPerTaskManager: 2, taskManagerServiceAccount: "fraud-flink-taskmanager" },
        "kubernetes-ha-gcs": { haType: "kubernetes", storage: gcs, slotsPerTaskManager: 2 },
        "kubernetes-ha-defaults": { haType: "kubernetes", storage: objectStore, slotsPerTaskManager: 2 },
        "kubernetes-ha-exponential-delay": {
            haType: "kubernetes",
            storage: objectStore,
            slotsPerTaskManager: 4,
            parallelism: 8,
            checkpointing: { interval: "30 s", mode: "AT_LEAST_ONCE", retained: 5, minPause: "5 s", timeout: "5 min" },
            restartStrategy: { type: "exponential-delay", delay: "1 s", maxDelay: "5 min" },
        },
        "zookeeper-ha-fixed-delay": {
            haType: "zookeeper",
            zookeeperQuorum,
            zookeeperRoot: "/flink/fraud-detection",
            storage: objectStore,
            slotsPerTaskManager: 2,
            parallelism: 2,
            checkpointing: { interval: "10 s", mode: "EXACTLY_ONCE", retained: 1, minPause: "500 ms", timeout: "2 min" },
            restartStrategy: { type: "fixed-delay", attempts: 3, delay: "15 s" },
        },
        "zookeeper-ha-failure-rate": { haType: "zookeeper", zookeeperQuorum, storage: objectStore, slotsPerTaskManager: 1, restartStrategy: { type: "failure-rate", attempts: 4, delay: "20 s" } },
        "zookeeper-ha-none": { haType: "zookeeper", zookeeperQuorum, storage: objectStore, slotsPerTaskManager: 1, restartStrategy: { type: "none" } },
    };

    it("FlinkConfigCheck accepts the map for both HA types, every restart strategy and every storage", { timeout: 180_000 }, async () => {
        const rendered = Object.fromEntries(Object.entries(cases).map(([name, args]) => [name, flinkConfiguration(args)]));
        assert.deepEqual(new Set(Object.values(rendered).map((c) => c["restart-strategy.type"])), new Set(RESTART_STRATEGIES));
        assert.deepEqual(new Set(Object.values(rendered).map((c) => c["high-availability.type"])), new Set(["kubernetes", "zookeeper"]));
        const dirs = Object.entries(rendered).map(([name, settings]) => writeConfig(root, name, settings));

        const result = await runJava("flink", "FlinkConfigCheck.java", dirs, 150_000);
        const output = `${result.stdout}\n${result.stderr}`;
        assert.equal(result.status, 0, output);
        for (const dir of dirs) {
            const lines = result.stdout.split("\n").filter((l) => l.startsWith(`${dir}: `));
            assert.match(lines.at(-1) ?? "", / 0 problems$/, output);
            // the platform writes Flink 2.x keys, none of the deprecated ones
            assert.deepEqual(lines.filter((l) => l.includes(": note: ")), [], output);
            // only the S3 file system plugin's settings of the storage are outside Flink's jars
            const skipped = lines.filter((l) => l.includes(": skipped (plugin/operator): ")).map((l) => l.split(": ").at(-1));
            assert.deepEqual(skipped.sort(), Object.keys(cases[path.basename(dir)].storage.flinkConfiguration ?? {}).sort(), output);
        }
    });

    it("FlinkConfigCheck reports misspelt keys and values Flink does not accept", { timeout: 180_000 }, async () => {
        const settings = flinkConfiguration({
            haType: "kubernetes",
            storage: objectStore,
            slotsPerTaskManager: 2,
            checkpointing: { interval: "soon" },
            extra: {
                "execution.checkpointing.intervall": "60 s",
                // a reporter's own parameter, misspelt, and an HA type that is neither built in nor a class
                "metrics.reporter.prom.portt": "9250",
                "high-availability.type": "zookeper",
            },
        });
        const dir = writeConfig(root, "typos", settings);
        const result = await runJava("flink", "FlinkConfigCheck.java", [dir], 150_000);
        const output = `${result.stdout}\n${result.stderr}`;
        assert.equal(result.status, 1, output);
        const problems = result.stdout.split("\n").filter((l) => l.startsWith(`${dir}: problem: `));
        assert.equal(problems.length, 4, output);
        assert.ok(problems.some((l) => l.includes("unknown key execution.checkpointing.intervall")), output);
        assert.ok(problems.some((l) => l.includes('bad value for execution.checkpointing.interval: "soon"')), output);
        assert.ok(problems.some((l) => l.includes("unknown key metrics.reporter.prom.portt (PrometheusReporterFactory takes [port]")), output);
        assert.ok(problems.some((l) => l.includes('high-availability.type: "zookeper" is neither')), output);
    });

    describe("a MiniCluster with ZooKeeper HA against a real ensemble", { timeout: 300_000 }, () => {
        let ensemble: ZooKeeperEnsemble | undefined;
        before(async () => {
            // its own free ports: test/real/zookeeper.test.ts may run an ensemble on the same addresses meanwhile
            ensemble = await ZooKeeperEnsemble.start();
            await ensemble.waitForQuorum(60_000);
        });
        after(async () => {
            await ensemble?.close();
        });

        it("runs a job whose checkpoints complete, and keeps the last one when it is cancelled", { timeout: 240_000 }, async () => {
            const zk = ensemble as ZooKeeperEnsemble;
            const storageDir = path.join(root, "storage");
            // Local storage is the storage argument of flinkConfiguration, as S3 or GCS are in the cluster.
            const storage: FlinkStorage = {
                checkpointsUri: `file://${storageDir}/checkpoints`,
                savepointsUri: `file://${storageDir}/savepoints`,
                haStorageUri: `file://${storageDir}/ha`,
            };
            const settings = flinkConfiguration({
                haType: "zookeeper",
                zookeeperQuorum: zk.connectString(),
                zookeeperRoot: "/flink/test",
                storage,
                // short intervals, so the test sees two checkpoints in seconds
                checkpointing: { interval: "2 s", minPause: "1 s", timeout: "1 min" },
                restartStrategy: { type: "fixed-delay", attempts: 1, delay: "1 s" },
                slotsPerTaskManager: 2,
                parallelism: 2,
            });
            assert.equal(settings["high-availability.zookeeper.quorum"], zk.addresses.map((a) => `${a}:${zk.ports.client}`).join(","));
            // The one port of the map: the Prometheus reporter's. In a pod it is the pod's own; here it is
            // a free one, so that two test runs (or anything else on 9249) do not meet. The MiniCluster's
            // own ports (RPC, REST, blob server) are random ones anyway (see FlinkHaCheckpointJob).
            assert.equal(settings["metrics.reporter.prom.port"], String(FLINK_METRICS_PORT));
            const promPort = await freePort();
            const dir = writeConfig(root, "minicluster", { ...settings, "metrics.reporter.prom.port": String(promPort) });

            // the cluster's scratch directories (io.tmp.dirs, web.tmpdir) go under the test's directory too
            const result = await runJava("flink", "FlinkHaCheckpointJob.java", [dir, path.join(root, "work"), "2", "120"], 240_000);
            const output = `${result.stdout}\n${result.stderr.split("\n").slice(-60).join("\n")}`;
            assert.equal(result.status, 0, output);
            const lines = result.stdout.split("\n");
            assert.ok(lines.includes("OK"), output);
            assert.ok(Number(/^completed checkpoints: (\d+)$/m.exec(result.stdout)?.[1]) >= 2, output);
            // incremental RocksDB checkpoints in the rendered checkpoint directory: <job>/chk-N/_metadata and shared files
            const jobId = /^job submitted: ([0-9a-f]{32})$/m.exec(result.stdout)?.[1];
            assert.ok(jobId, output);
            assert.ok(lines.some((l) => new RegExp(`^checkpoint file: ${jobId}/chk-\\d+/_metadata$`).test(l)), output);
            assert.ok(lines.some((l) => l.startsWith(`checkpoint file: ${jobId}/shared/`)), output);
            // ZooKeeper HA: checkpoint pointers in the HA storage, their handles and the leaders in the ensemble
            assert.ok(lines.some((l) => /^ha file: .*completedCheckpoint/.test(l)), output);
            assert.ok(lines.includes("znode namespace: /flink/test/default"), output);
            assert.ok(lines.some((l) => l.startsWith(`znode: /jobs/${jobId}/checkpoints/`)), output);
            assert.ok(lines.some((l) => l.startsWith("znode: /leader/")), output);
            // the rendered Prometheus reporter serves the job's metrics
            assert.ok(lines.some((l) => new RegExp(`^prometheus :${promPort}: flink_jobmanager_job_numberOfCompletedCheckpoints\\{.*job_id="${jobId}".*\\} \\d`).test(l)), output);
            // every Flink metric the alert rules read, except those only a running Kafka source registers
            const families = new Set(lines.filter((l) => l.startsWith("prometheus family: ")).map((l) => l.slice("prometheus family: ".length)));
            const missing = Object.values(FLINK_METRICS).filter((m) => !FLINK_KAFKA_SOURCE_METRICS.includes(m) && !families.has(m));
            assert.deepEqual(missing, [], `not served by the reporter: ${missing.join(", ")}; it serves ${[...families].join(" ")}`);
            // every Flink metric the dashboards read: FLINK_DASHBOARD_METRICS and every flink_ name a dashboard
            // query selects, except the Flink Kubernetes Operator's (flink_k8soperator_, no operator runs here)
            // and those only a running Kafka source registers. The job checkpoints (≥ 2 completed above) before
            // the scrape, so the last checkpoint's gauges are registered; it runs a source, a keyed operator and
            // a sink on one TaskManager, so the task and TaskManager metrics are too.
            const dashboardFlinkNames = new Set(
                dashboardQueries()
                    .filter((q) => q.datasource === "prometheus")
                    .flatMap((q) => promqlMetricNames(q.expr.replace(/\$__(rate_interval|interval|auto|range)/g, "1m")))
                    .filter((n) => n.startsWith("flink_")),
            );
            const dashboardTable: string[] = Object.values(FLINK_DASHBOARD_METRICS);
            assert.deepEqual(dashboardTable.filter((n) => !dashboardFlinkNames.has(n)), [], "the dashboards' queries were found: they select every FLINK_DASHBOARD_METRICS name");
            const operatorNames = [...dashboardFlinkNames].filter((n) => n.startsWith("flink_k8soperator_"));
            assert.ok(operatorNames.length > 0 && operatorNames.every((n) => !families.has(n)), "the operator's names are the dashboards' too, and no MiniCluster serves them");
            const wanted = [...new Set([...dashboardTable, ...dashboardFlinkNames])].filter((n) => !n.startsWith("flink_k8soperator_") && !FLINK_KAFKA_SOURCE_METRICS.includes(n));
            const unserved = wanted.filter((n) => !families.has(n));
            assert.deepEqual(unserved, [], `dashboard metrics not served by the reporter: ${unserved.join(", ")}; it serves ${[...families].join(" ")}`);
            // the check can fail: a name one letter off is not among the families
            assert.ok(!families.has(`${FLINK_DASHBOARD_METRICS.lastCheckpointDuration}s`));
            // execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
            const jobDir = path.join(storageDir, "checkpoints", jobId);
            const retained = fs.readdirSync(jobDir).filter((d) => /^chk-\d+$/.test(d) && fs.existsSync(path.join(jobDir, d, "_metadata")));
            assert.ok(retained.length >= 1, `no checkpoint kept after the cancel in ${jobDir}\n${output}`);
        });
    });
});
