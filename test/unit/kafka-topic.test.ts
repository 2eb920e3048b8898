import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArgumentError } from "../../components/core/problems";
import { KafkaTopic, kafkaTopicProblems } from "../../components/kafka";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

describe("KafkaTopic", () => {
    it("declares a KafkaTopic of its cluster with partitions, replicas, retention and cleanup policy", async () => {
        let topic: KafkaTopic | undefined;
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    (topic = new KafkaTopic("fraud", {
                        clusterName: "events",
                        namespace: "streaming",
                        brokers: 3,
                        partitions: 12,
                        replicas: 3,
                        retentionMs: 604_800_000,
                        retentionBytes: -1,
                        config: { "min.insync.replicas": "2" },
                    })),
            ),
        );
        const manifest = objects.get("KafkaTopic/events-fraud")!;
        assert.equal(manifest.apiVersion, "kafka.strimzi.io/v1");
        assert.equal(manifest.metadata.namespace, "streaming");
        assert.equal(manifest.metadata.labels["strimzi.io/cluster"], "events");
        assert.deepEqual(manifest.metadata.annotations, { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": "300" });
        assert.deepEqual(manifest.spec, {
            topicName: "fraud",
            partitions: 12,
            replicas: 3,
            config: { "cleanup.policy": "delete", "retention.ms": 604_800_000, "retention.bytes": -1, "min.insync.replicas": "2" },
        });
        assert.equal(await promiseOf(topic!.topicName), "fraud");
    });

    it("defaults to 3 partitions, the cluster's replication factor and the delete policy; compacts on request", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(() => {
                new KafkaTopic("plain-topic", { clusterName: "events", namespace: "streaming" });
                new KafkaTopic("profiles", { clusterName: "events", namespace: "streaming", cleanupPolicy: "compact", defaultReplicationFactor: 3 });
            }),
        );
        assert.deepEqual(objects.get("KafkaTopic/events-plain-topic")!.spec, { topicName: "plain-topic", partitions: 3, config: { "cleanup.policy": "delete" } });
        assert.equal(objects.get("KafkaTopic/events-profiles")!.spec.config["cleanup.policy"], "compact");
        assert.equal(objects.get("KafkaTopic/events-profiles")!.spec.replicas, 3, "the cluster's default, written out");
    });

    it("is named after its cluster and its topic, and keeps the Kafka name in spec.topicName", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new KafkaTopic("card-events", { clusterName: "events", namespace: "streaming", topicName: "Card_Events" })));
        const manifest = objects.get("KafkaTopic/events-card-events")!;
        assert.equal(manifest.spec.topicName, "Card_Events");
    });

    it("rejects bad arguments, naming each by its path, before creating anything", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () =>
                    new KafkaTopic("t", {
                        clusterName: "events",
                        namespace: "streaming",
                        brokers: 1,
                        replicas: 3,
                        partitions: 0,
                        cleanupPolicy: "shred",
                        retentionMs: -5,
                        config: { "min.insync.replicas": "4", "retention.bytes": "lots" },
                    }),
                (error: unknown) => {
                    assert.ok(error instanceof ArgumentError);
                    assert.deepEqual(error.problems, [
                        { path: "partitions", message: "must be a whole number, 1 or more, got 0" },
                        { path: "replicas", message: "must be at most the number of brokers (1), got 3" },
                        { path: "cleanupPolicy", message: 'must be one of "delete", "compact", "compact,delete", got "shred"' },
                        { path: "retentionMs", message: "must be a whole number, -1 (no limit) or more, got -5" },
                        { path: "config.retention.bytes", message: 'must be a whole number, -1 (no limit) or more, got "lots"' },
                        { path: "config.min.insync.replicas", message: 'must be a whole number from 1 to replicas (3), got "4"' },
                    ]);
                    return true;
                },
            ),
        );
        assert.deepEqual(registered, []);
    });

    it("names the topic, the cluster and the component's own name when they cannot be used", () => {
        assert.deepEqual(kafkaTopicProblems("u", { clusterName: "events", namespace: "streaming", topicName: "no spaces" }), [
            { path: "topicName", message: 'must be letters, digits, ".", "_" and "-" (at most 249), got "no spaces"' },
        ]);
        assert.deepEqual(kafkaTopicProblems("v", { clusterName: "Events", namespace: "streaming", topicName: "__", defaultReplicationFactor: 2, brokers: 1 }), [
            { path: "clusterName", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Events"' },
            { path: "topicName", message: 'must contain a letter or a digit, got "__"' },
            { path: "defaultReplicationFactor", message: "must be at most the number of brokers (1), got 2" },
        ]);
        const long = `events-${"t".repeat(60)}`;
        assert.deepEqual(kafkaTopicProblems(long, { clusterName: "events", namespace: "streaming", config: { "min.insync.replicas": "0" } }), [
            { path: "name", message: `must be at most 63 letters, digits, "-", "_" and "." (it is the app.kubernetes.io/instance label), got ${JSON.stringify(long)}` },
            { path: "config.min.insync.replicas", message: 'must be a whole number, 1 or more, got "0"' },
        ]);
    });
});
