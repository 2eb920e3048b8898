import { flinkTaskManagers } from "../../renderer/estimators/flink";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { podGroups, ref, selected, selectorsSelectPods } from "../support/invariants";
import { schemaErrors } from "../support/k8s-schema";
import { K8sObject, PROJECT_DIR, readRendering, runRender } from "../support/render";
import { scratchDir } from "../support/scratch";

/** The dev stack with its `flink` section changed by `change`, as a candidate stack file. */
function devWithFlink(name: string, change: (flink: any) => void): string {
    const dev = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8"));
    // Room for the extra clusters: the render refuses workloads that exceed their namespace's quota.
    Object.assign(dev.config["streaming-platform:namespaces"].streaming.quota, { requestsCpu: "8", requestsMemory: "16Gi", limitsCpu: "16", limitsMemory: "32Gi" });
    change(dev.config["streaming-platform:flink"]);
    const file = path.join(scratchDir("flink-stack-"), `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, stringify(dev));
    return file;
}

/** The dev stack plus an application cluster and session jobs, so every Flink kind is rendered. */
function flinkStackFile(): string {
    return devWithFlink("flink", (flink) => {
        flink.session.taskManager.replicas = 2;
        flink.session.jobs = [
            { name: "enrich", jarURI: "https://artifacts.example.com/jobs/enrich.jar", parallelism: 2 },
            { name: "audit", jarURI: "https://artifacts.example.com/jobs/audit.jar", parallelism: 1, upgradeMode: "savepoint" },
        ];
        flink.applications = {
            fraud: { job: { jarURI: "local:///opt/flink/usrlib/fraud.jar", entryClass: "demo.FraudJob", parallelism: 3 }, jobManager: { replicas: 2 }, taskManager: { slots: 2 } },
        };
    });
}

describe("Flink in a rendered stack", () => {
    const result = runRender("flink", ["--stack-file", flinkStackFile(), "--quiet"]);
    assert.equal(result.status, 0, result.stderr);
    const { objects, releases, summary } = readRendering(result.outDir);
    const flinkObjects = objects.filter((o) => o.apiVersion.startsWith("flink.apache.org/"));

    it("validates every FlinkDeployment and FlinkSessionJob against the operator's CRD schema", async () => {
        assert.deepEqual(flinkObjects.map(ref).sort(), ["FlinkDeployment streaming/flink-session", "FlinkDeployment streaming/fraud", "FlinkSessionJob streaming/audit", "FlinkSessionJob streaming/enrich", "FlinkSessionJob streaming/fraud-job"]);
        for (const obj of flinkObjects) assert.equal(await schemaErrors(obj), undefined, ref(obj));
    });

    it("has each PodDisruptionBudget select exactly the Flink pods it is meant for", () => {
        const groups = podGroups(objects);
        for (const budget of objects.filter((o) => o.kind === "PodDisruptionBudget" && /-(taskmanager|jobmanager)$/.test(o.metadata.name))) {
            const [, cluster, component] = /^(.*)-(taskmanager|jobmanager)$/.exec(budget.metadata.name)!;
            const picked = selected(groups, budget.metadata.namespace!, budget.spec.selector.matchLabels);
            assert.deepEqual(
                picked.map((g) => `${g.owner}:${g.labels.component}`),
                [`FlinkDeployment streaming/${cluster}:${component}`],
                `${ref(budget)} selects ${JSON.stringify(picked.map((g) => g.owner))}`,
            );
        }
        assert.ok(objects.some((o) => o.metadata.name === "fraud-jobmanager"), "the application with a standby JobManager has a JobManager budget");
        assert.deepEqual(selectorsSelectPods(objects), []);
    });

    it("sizes the application's TaskManagers for its parallelism and counts every Flink pod in the requests", () => {
        const fraud = flinkObjects.find((o) => o.metadata.name === "fraud")!;
        // The operator derives the TaskManagers from the job's parallelism only when no replicas are set.
        assert.equal(fraud.spec.taskManager.replicas, undefined);
        assert.equal(fraud.spec.job.parallelism, 3);
        assert.equal(flinkTaskManagers(fraud.spec), 2, "parallelism 3 in 2-slot TaskManagers");
        // session: JM 250m + 2 TM × 500m; fraud: 2 JM × 500m + 2 TM × 1000m; the dev stack's other pods on top.
        assert.ok(summary.requests.cpuMillicores >= 250 + 1000 + 1000 + 2000, `requests: ${JSON.stringify(summary.requests)}`);
        assert.ok(releases.some((r) => r.chart === "flink-kubernetes-operator"));
    });

    it("gives the Flink pods the store's credentials and the S3 plugin, and points Flink's state at the bucket", () => {
        for (const deployment of flinkObjects.filter((o) => o.kind === "FlinkDeployment")) {
            const env = deployment.spec.podTemplate.spec.containers[0].env;
            const names = env.map((e: { name: string }) => e.name);
            assert.deepEqual(names.slice(0, 3), ["ENABLE_BUILT_IN_PLUGINS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
            // The dev stack's session cluster runs as the Kafka user fraud-job; the application names none.
            const kafka = deployment.metadata.name === "flink-session" ? ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG"] : [];
            assert.deepEqual(names.slice(3), kafka, deployment.metadata.name);
            assert.equal(env[1].valueFrom.secretKeyRef.name, "checkpoints-credentials");
            const conf = deployment.spec.flinkConfiguration;
            assert.equal(conf["execution.checkpointing.dir"], "s3://flink/checkpoints");
            assert.equal(conf["high-availability.storageDir"], "s3://flink/ha");
            assert.equal(conf["s3.endpoint"], "http://checkpoints.streaming.svc:7070");
            assert.equal(conf["high-availability.zookeeper.quorum"].split(",").length, 3);
        }
        assert.ok(objects.some((o) => o.kind === "Secret" && o.metadata.name === "checkpoints-credentials"));
    });

    it("admits to each component's pods only its clients: REST to the operator, ZooKeeper and the store to Flink, metrics to Prometheus", () => {
        const groups = podGroups(objects);
        const policy = (name: string) => objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === "streaming" && o.metadata.name === name)!;
        const owners = (p: K8sObject) => selected(groups, "streaming", p.spec.podSelector.matchLabels).map((g) => `${g.owner}:${g.labels.component ?? ""}`);
        const inNamespace = (ns: string) => ({ matchLabels: { "kubernetes.io/metadata.name": ns } });
        const flinkPods = { namespaceSelector: inNamespace("streaming"), podSelector: { matchLabels: { type: "flink-native-kubernetes" } } };
        const prometheus = { namespaceSelector: inNamespace("monitoring"), podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } };

        for (const cluster of ["flink-session", "fraud"]) {
            const p = policy(`${cluster}-flink`);
            assert.deepEqual(owners(p), [`FlinkDeployment streaming/${cluster}:jobmanager`, `FlinkDeployment streaming/${cluster}:taskmanager`]);
            assert.deepEqual(p.spec.ingress, [
                { from: [{ podSelector: p.spec.podSelector }] },
                { from: [{ namespaceSelector: inNamespace("operators"), podSelector: { matchLabels: { "app.kubernetes.io/name": "flink-kubernetes-operator" } } }], ports: [{ protocol: "TCP", port: 8081 }] },
                { from: [prometheus], ports: [{ protocol: "TCP", port: 9249 }] },
            ]);
        }
        const zookeeper = policy("zookeeper");
        assert.deepEqual(owners(zookeeper), ["StatefulSet streaming/zookeeper:"]);
        assert.deepEqual(zookeeper.spec.ingress.slice(1), [
            { from: [flinkPods], ports: [{ protocol: "TCP", port: 2181 }] },
            { from: [prometheus], ports: [{ protocol: "TCP", port: 7000 }] },
        ]);
        const store = policy("checkpoints");
        assert.deepEqual(owners(store), ["Deployment streaming/checkpoints:"]);
        assert.deepEqual(store.spec.ingress, [{ from: [flinkPods], ports: [{ protocol: "TCP", port: 7070 }] }]);
        // The peer that ZooKeeper and the store admit is every Flink pod the stack runs.
        assert.equal(selected(groups, "streaming", flinkPods.podSelector.matchLabels).length, 4);
    });

    it("lets the operators namespace out to the Flink clusters it manages, and leaves admitting it to the clusters", () => {
        const streamingIngress = objects.filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === "streaming" && o.metadata.labels?.["app.kubernetes.io/name"] === "tenant-namespace" && o.spec.ingress);
        assert.deepEqual(streamingIngress.map((o) => o.metadata.name), [], "the namespace admits nothing wholesale");
        const egress = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === "operators" && o.metadata.name === "allow-managed-namespaces-egress");
        assert.ok(egress?.spec.egress.some((rule: any) => rule.to[0].namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "streaming"));
    });
});

describe("session jobs' jars in a rendered stack", () => {
    const bucketJob = { name: "enrich", jarURI: "s3://flink/jobs/enrich.jar" };

    /** The operator's own defaults (the dev stack widens them for the demo's in-cluster jar), and the job. */
    const withOperatorDefaults = (flink: any, allowedArtifactSchemes?: string[]) => {
        delete flink.operator.disallowRestrictedArtifactHosts;
        if (allowedArtifactSchemes === undefined) delete flink.operator.allowedArtifactSchemes;
        else flink.operator.allowedArtifactSchemes = allowedArtifactSchemes;
        flink.session.jobs = [bucketJob];
    };
    // Without the demo, whose default jar is served over http from inside the cluster.
    const withoutDemo = (file: string) => {
        const doc = parse(fs.readFileSync(file, "utf8"));
        doc.config["streaming-platform:demo"].enabled = false;
        fs.writeFileSync(file, stringify(doc));
        return file;
    };

    it("refuse a jar the pinned operator would refuse, naming the operator's key, and write nothing", () => {
        const result = runRender("bucket", ["--stack-file", withoutDemo(devWithFlink("bucket", (flink) => withOperatorDefaults(flink)))]);
        assert.equal(result.status, 1, result.stderr);
        assert.match(
            result.stderr,
            /flink\.session\.jobs\[0\]\.jarURI: must use a scheme the Flink operator fetches session jobs' jars with \(https\), got "s3:\/\/flink\/jobs\/enrich\.jar": add "s3" to the operator's allowedArtifactSchemes \(kubernetes\.operator\.user\.artifacts\.allowed-schemes\)/,
        );
        assert.equal(fs.existsSync(result.outDir), false);
    });

    it("run from a bucket once the operator allows its scheme, which goes into the operator's configuration", () => {
        const file = withoutDemo(devWithFlink("bucket-allowed", (flink) => withOperatorDefaults(flink, ["https", "s3"])));
        const result = runRender("bucket-allowed", ["--stack-file", file, "--quiet"]);
        assert.equal(result.status, 0, result.stderr);
        const { objects, releases } = readRendering(result.outDir);
        assert.equal(objects.find((o) => o.kind === "FlinkSessionJob")?.spec.job.jarURI, bucketJob.jarURI);
        const conf: string = releases.find((r) => r.chart === "flink-kubernetes-operator")!.values.defaultConfiguration["flink-conf.yaml"];
        assert.ok(conf.split("\n").includes("kubernetes.operator.user.artifacts.allowed-schemes: https;s3"), conf);
        assert.ok(conf.split("\n").includes("kubernetes.operator.user.artifacts.disallow-restricted-hosts: true"), conf);
    });
});
