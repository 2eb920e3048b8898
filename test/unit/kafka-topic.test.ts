import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KafkaTopic } from "../../components/kafka/topic";
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
                        config: { "min.insync.replicas": 2 },
                    })),
            ),
        );
        const manifest = objects.get("KafkaTopic/fraud")!;
        assert.equal(manifest.apiVersion, "kafka.strimzi.io/v1");
        assert.equal(manifest.metadata.namespace, "streaming");
        assert.equal(manifest.metadata.labels["strimzi.io/cluster"], "events");
        assert.deepEqual(manifest.metadata.annotations, { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": "300" });
        assert.deepEqual(manifest.spec, {
            partitions: 12,
            replicas: 3,
            config: { "cleanup.policy": "delete", "retention.ms": 604_800_000, "retention.bytes": -1, "min.insync.replicas": 2 },
        });
        assert.equal(await promiseOf(topic!.topicName), "fraud");
    });

    it("defaults to 3 partitions, the cluster's replication factor and the delete policy; compacts on request", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(() => {
                new KafkaTopic("plain-topic", { clusterName: "events", namespace: "streaming" });
                new KafkaTopic("profiles", { clusterName: "events", namespace: "streaming", cleanupPolicy: "compact" });
            }),
        );
        assert.deepEqual(objects.get("KafkaTopic/plain-topic")!.spec, { partitions: 3, config: { "cleanup.policy": "delete" } });
        assert.equal(objects.get("KafkaTopic/profiles")!.spec.config["cleanup.policy"], "compact");
    });

    it("keeps a Kafka topic name that Kubernetes does not allow in spec.topicName", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new KafkaTopic("card-events", { clusterName: "events", namespace: "streaming", topicName: "Card_Events" })));
        const manifest = objects.get("KafkaTopic/card-events")!;
        assert.equal(manifest.spec.topicName, "Card_Events");
    });

    it("rejects bad arguments with one message that names each, before creating anything", async () => {
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
                        config: { "min.insync.replicas": 4 },
                    }),
                {
                    name: "ArgumentError",
                    message:
                        'KafkaTopic "t": partitions must be a whole number, 1 or more, got 0; ' +
                        "replicas must be at most the number of brokers (1), got 3; " +
                        'cleanupPolicy must be one of "delete", "compact", "compact,delete", got "shred"; ' +
                        "retentionMs must be a whole number, -1 (no limit) or more, got -5; " +
                        "config.min.insync.replicas must be a whole number from 1 to replicas (3), got 4",
                },
            ),
        );
        assert.deepEqual(registered, []);
        assert.throws(() => new KafkaTopic("u", { clusterName: "events", namespace: "streaming", topicName: "no spaces" }), {
            message: 'KafkaTopic "u": topicName must be letters, digits, ".", "_" and "-" (at most 249), got "no spaces"',
        });
    });
});
