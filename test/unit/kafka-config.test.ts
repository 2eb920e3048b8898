import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import {
    brokerConfig,
    brokerConfigProblems,
    durabilityDefaults,
    isStrimziManaged,
    JMX_EXPORTER_CONFIG,
    jvmSizeMiB,
    KAFKA_VERSION,
    kafkaClusterManifests,
    kafkaTopicManifest,
    METRICS_CONFIG_KEY,
    resolveKafkaClusterArgs,
    resolveKafkaTopicArgs,
    STRIMZI_VERSION,
    SUPPORTED_KAFKA_VERSIONS,
} from "../../components/kafka";
import { schemaErrors } from "../support/k8s-schema";

describe("Kafka durability defaults", () => {
    it("derives replication factor and min ISR from the broker count: 3 and 2 from three brokers, 1 and 1 for one, 2 and 1 for two", () => {
        assert.deepEqual(durabilityDefaults(1), { replicationFactor: 1, minInSyncReplicas: 1 });
        assert.deepEqual(durabilityDefaults(2), { replicationFactor: 2, minInSyncReplicas: 1 });
        assert.deepEqual(durabilityDefaults(3), { replicationFactor: 3, minInSyncReplicas: 2 });
        assert.deepEqual(durabilityDefaults(9), { replicationFactor: 3, minInSyncReplicas: 2 });
    });

    it("puts them, unclean leader election off and no automatic topic creation into the broker configuration", () => {
        assert.deepEqual(brokerConfig(3), {
            "default.replication.factor": 3,
            "min.insync.replicas": 2,
            "offsets.topic.replication.factor": 3,
            "transaction.state.log.replication.factor": 3,
            "transaction.state.log.min.isr": 2,
            "share.coordinator.state.topic.replication.factor": 3,
            "share.coordinator.state.topic.min.isr": 2,
            "unclean.leader.election.enable": false,
            "auto.create.topics.enable": false,
        });
        const single = brokerConfig(1, { "log.retention.hours": "24" }, true);
        assert.equal(single["default.replication.factor"], 1);
        assert.equal(single["transaction.state.log.min.isr"], 1);
        assert.equal(single["replica.selector.class"], "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        assert.equal(single["log.retention.hours"], "24");
        assert.equal(brokerConfig(3, { "min.insync.replicas": "3" })["min.insync.replicas"], "3", "an override wins");
    });

    it("names each key whose replication factor exceeds the brokers or whose min ISR exceeds its replication factor", () => {
        assert.deepEqual(brokerConfigProblems(3, {}), []);
        assert.deepEqual(brokerConfigProblems(1, { "default.replication.factor": "3", "min.insync.replicas": "2", "transaction.state.log.min.isr": "2" }), [
            { path: "config.default.replication.factor", message: 'must be a whole number from 1 to the number of brokers (1), got "3"' },
            { path: "config.min.insync.replicas", message: 'must be at most the number of brokers (1), got "2"' },
            { path: "config.transaction.state.log.min.isr", message: 'must be at most transaction.state.log.replication.factor (1), got "2"' },
        ]);
        assert.deepEqual(brokerConfigProblems(3, { "min.insync.replicas": "4", "unclean.leader.election.enable": "sometimes" }), [
            { path: "config.min.insync.replicas", message: 'must be at most default.replication.factor (3), got "4"' },
            { path: "config.unclean.leader.election.enable", message: 'must be true or false, got "sometimes"' },
        ]);
        assert.deepEqual(brokerConfigProblems(3, { "min.insync.replicas": "0", "offsets.topic.replication.factor": "three" }), [
            { path: "config.offsets.topic.replication.factor", message: 'must be a whole number from 1 to the number of brokers (3), got "three"' },
            { path: "config.min.insync.replicas", message: 'must be a whole number, 1 or more, got "0"' },
        ]);
        assert.deepEqual(brokerConfigProblems(3, { "unclean.leader.election.enable": "true" }), [], "true and false as text");
    });

    it("refuses the keys that Strimzi manages itself, except its documented exceptions", () => {
        assert.equal(isStrimziManaged("listeners"), true);
        assert.equal(isStrimziManaged("process.roles"), true);
        assert.equal(isStrimziManaged("controller.quorum.voters"), true);
        assert.equal(isStrimziManaged("ssl.keystore.location"), true);
        assert.equal(isStrimziManaged("ssl.cipher.suites"), false);
        assert.equal(isStrimziManaged("controller.quorum.fetch.timeout.ms"), false);
        assert.equal(isStrimziManaged("log.retention.hours"), false);
        assert.deepEqual(brokerConfigProblems(1, { "process.roles": "broker" }), [
            { path: "config.process.roles", message: "must not be set: Strimzi manages it (listeners, TLS, KRaft roles and quorum, log directories)" },
        ]);
    });
});

describe("Kafka versions", () => {
    it("pins a Kafka version that the pinned Strimzi release runs, with its KRaft metadata version", () => {
        assert.equal(STRIMZI_VERSION, "1.2.0");
        assert.equal(KAFKA_VERSION, "4.3.1");
        assert.equal(SUPPORTED_KAFKA_VERSIONS[KAFKA_VERSION], "4.3-IV0");
        assert.deepEqual(SUPPORTED_KAFKA_VERSIONS, { "4.2.0": "4.2-IV1", "4.2.1": "4.2-IV1", "4.3.0": "4.3-IV0", "4.3.1": "4.3-IV0" }, "Strimzi 1.2's kafka-versions.yaml");
    });

    it("reads JVM sizes as -Xmx does", () => {
        assert.equal(jvmSizeMiB("512m"), 512);
        assert.equal(jvmSizeMiB("2G"), 2048);
        assert.equal(jvmSizeMiB("1048576k"), 1024);
        assert.equal(jvmSizeMiB("2Gi"), undefined);
    });
});

describe("Kafka manifests", () => {
    const production = resolveKafkaClusterArgs("prod", {
        namespace: "streaming",
        tlsListener: true,
        rackTopologyKey: "topology.kubernetes.io/zone",
        brokers: { replicas: 5, storageClass: "gp3", jvmHeap: "2g", jvmFlags: { UseG1GC: "true" } },
        config: { "log.retention.hours": "72" },
    });

    it("are valid against the Strimzi v1 CRD schemas, for a production layout too", async () => {
        const topic = kafkaTopicManifest(
            resolveKafkaTopicArgs("Card_Events", { clusterName: "prod", namespace: "streaming", replicas: 3, cleanupPolicy: "compact", config: { "min.insync.replicas": "2" } }),
        );
        const invalid: string[] = [];
        for (const manifest of [...kafkaClusterManifests(production), topic]) {
            const error = await schemaErrors(manifest);
            if (error) invalid.push(`${manifest.kind} ${manifest.metadata.name}: ${error}`);
        }
        assert.deepEqual(invalid, []);
        assert.equal(topic.metadata.name, "prod-card-events");
        assert.equal(topic.spec?.topicName, "Card_Events", "the Kafka name goes into spec.topicName");
    });

    it("give the metrics ConfigMap JMX exporter rules whose patterns compile", () => {
        const [configMap] = kafkaClusterManifests(production);
        assert.equal(configMap.kind, "ConfigMap");
        const rules = parse((configMap.data as Record<string, string>)[METRICS_CONFIG_KEY]);
        assert.deepEqual(rules, JMX_EXPORTER_CONFIG);
        for (const rule of rules.rules) assert.doesNotThrow(() => new RegExp(rule.pattern), rule.pattern);
        assert.ok(rules.rules.some((r: { pattern: string }) => r.pattern.includes("raft-metrics")), "KRaft quorum metrics are exported");
    });
});
