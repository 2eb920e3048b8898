import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { cpuMillicores, memoryMiB } from "../../components/core/quantity";
import { KAFKA_VERSION, STRIMZI_CHART, STRIMZI_VERSION } from "../../components/kafka";
import { schemaErrors } from "../support/k8s-schema";
import { K8sObject, PROJECT_DIR, readRendering, renderStackFiles, runRender } from "../support/render";
import { scratchDir } from "../support/scratch";

/** The dev stack with Kafka turned off, as a candidate stack file. */
function devWithoutKafka(): string {
    const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8"));
    doc.config["streaming-platform:kafka"] = { ...doc.config["streaming-platform:kafka"], enabled: false };
    // No Kafka, no Kafka user to run as, and no fraud demo, whose records it carries.
    delete doc.config["streaming-platform:flink"].session.kafkaUser;
    doc.config["streaming-platform:demo"].enabled = false;
    const file = path.join(scratchDir("stack-"), "Pulumi.nokafka.yaml");
    fs.writeFileSync(file, stringify(doc));
    return file;
}

function requestsOf(resources: { requests?: { cpu?: string; memory?: string } } | undefined): { cpu: number; memory: number } {
    return { cpu: cpuMillicores(resources?.requests?.cpu ?? "0"), memory: memoryMiB(resources?.requests?.memory ?? "0") };
}

describe("the dev stack's Kafka", () => {
    const dev = renderStackFiles("dev");
    const find = (kind: string, name: string): K8sObject | undefined => dev.objects.find((o) => o.kind === kind && o.metadata.name === name);

    it("installs the Strimzi operator's Helm release in the operators' namespace, watching the streaming namespace", () => {
        const release = dev.releases.find((r) => r.chart === STRIMZI_CHART);
        assert.ok(release, `releases: ${dev.releases.map((r) => r.chart).join(", ")}`);
        assert.equal(release.version, STRIMZI_VERSION);
        assert.equal(release.namespace, "operators");
        assert.deepEqual(release.values.watchNamespaces, ["streaming"]);
        assert.ok(find("NetworkPolicy", "strimzi-to-kafka"), "the operator may reach the Kafka pods");
    });

    it("runs one combined KRaft node with the demo's topics, every Strimzi resource valid against its v1 CRD schema", async () => {
        const strimzi = dev.objects.filter((o) => o.apiVersion.startsWith("kafka.strimzi.io/"));
        assert.deepEqual(strimzi.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
            "Kafka/events",
            "KafkaNodePool/events-combined",
            "KafkaTopic/events-fraud",
            "KafkaTopic/events-transactions",
            "KafkaTopic/events-transactions-dead-letter",
            "KafkaUser/fraud-actor",
            "KafkaUser/fraud-generator",
            "KafkaUser/fraud-job",
        ]);
        for (const obj of strimzi) {
            assert.equal(obj.apiVersion, "kafka.strimzi.io/v1");
            assert.equal(obj.metadata.namespace, "streaming");
            assert.equal(await schemaErrors(obj), undefined, `${obj.kind} ${obj.metadata.name}`);
        }
        const pool = find("KafkaNodePool", "events-combined")!;
        assert.equal(pool.spec.replicas, 1);
        assert.deepEqual(pool.spec.roles, ["controller", "broker"]);
        assert.equal(pool.spec.storage.volumes[0].deleteClaim, false);
        const kafka = find("Kafka", "events")!.spec.kafka;
        assert.equal(kafka.version, KAFKA_VERSION);
        assert.equal(kafka.config["default.replication.factor"], 1);
        assert.equal(kafka.config["min.insync.replicas"], 1);
        assert.equal(kafka.rack, undefined, "no rack awareness on minikube");
        for (const topic of ["fraud", "transactions"]) assert.equal(find("KafkaTopic", `events-${topic}`)!.metadata.labels?.["strimzi.io/cluster"], "events");
    });

    it("authenticates the demo's clients as KafkaUsers and admits only their pods and the Strimzi operator's", () => {
        const kafka = find("Kafka", "events")!.spec.kafka;
        assert.deepEqual(kafka.authorization, { type: "simple" });
        const [plain] = kafka.listeners;
        assert.deepEqual(plain.authentication, { type: "scram-sha-512" });
        const admitted = plain.networkPolicyPeers.map((p: any) => `${p.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]}:${JSON.stringify(p.podSelector.matchLabels)}`);
        assert.deepEqual(admitted, [
            'streaming:{"app.kubernetes.io/name":"fraud-generator"}',
            'streaming:{"app":"flink-session","type":"flink-native-kubernetes"}',
            'streaming:{"app.kubernetes.io/name":"fraud-actor"}',
            'operators:{"strimzi.io/kind":"cluster-operator"}',
        ]);
        const acls = (user: string) =>
            find("KafkaUser", user)!.spec.authorization.acls.map((a: any) => `${a.resource.type}:${a.resource.name}${a.resource.patternType === "prefix" ? "*" : ""}:${a.operations.join("+")}`);
        assert.deepEqual(acls("fraud-generator"), ["topic:transactions:Write+Describe"]);
        assert.deepEqual(acls("fraud-job"), ["topic:transactions:Read+Describe", "topic:fraud:Write+Describe", "topic:transactions-dead-letter:Write+Describe", "group:fraud-job:Read", "transactionalId:fraud-job-*:Write+Describe"]);
        assert.deepEqual(acls("fraud-actor"), ["topic:fraud:Read+Describe", "group:fraud-actor:Read"]);
    });

    it("counts in summary.json the requests of the Kafka node, the entity operator and the Strimzi operator (and of the demo it carries)", () => {
        const without = runRender("nokafka", ["--stack-file", devWithoutKafka(), "--quiet"]);
        assert.equal(without.status, 0, without.stderr);
        const base = readRendering(without.outDir).summary.requests;

        const pool = find("KafkaNodePool", "events-combined")!;
        const eo = find("Kafka", "events")!.spec.entityOperator;
        const operator = dev.releases.find((r) => r.chart === STRIMZI_CHART)!.values;
        const parts = [
            { n: pool.spec.replicas, r: requestsOf(pool.spec.resources) },
            { n: 1, r: requestsOf(eo.topicOperator.resources) },
            { n: 1, r: requestsOf(eo.userOperator.resources) },
            { n: operator.replicas, r: requestsOf(operator.resources) },
        ];
        const cpu = parts.reduce((sum, p) => sum + p.n * p.r.cpu, 0);
        const memory = parts.reduce((sum, p) => sum + p.n * p.r.memory, 0);
        assert.deepEqual({ cpu, memory }, { cpu: 700, memory: 1024 + 192 + 192 + 384 }, "the dev stack's sizes");
        const demo = ["fraud-generator", "fraud-actor", "fraud-artifacts"].map((name) => requestsOf(find("Deployment", name)!.spec.template.spec.containers[0].resources));
        const demoCpu = demo.reduce((sum, r) => sum + r.cpu, 0);
        const demoMemory = demo.reduce((sum, r) => sum + r.memory, 0);
        assert.deepEqual(dev.summary.requests, { cpuMillicores: base.cpuMillicores + cpu + demoCpu, memoryMiB: base.memoryMiB + memory + demoMemory });
        assert.equal(dev.summary.resources["kubernetes:kafka.strimzi.io/v1:KafkaTopic"], 3);
        assert.deepEqual(dev.summary.unestimatedCharts, []);
    });
});
