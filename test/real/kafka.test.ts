/**
 * The broker configuration that KafkaCluster puts into the Kafka resource, and the topic configuration of
 * its KafkaTopics, read by Kafka's own configuration code (KafkaConfig, LogConfig) at the pinned version:
 * see test/real/kafka/KafkaConfigCheck.java.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { clusterBrokerConfig, ConfigValue, KAFKA_VERSION, kafkaTopicManifest, ResolvedKafkaCluster, resolveKafkaClusterArgs, resolveKafkaTopicArgs } from "../../components/kafka";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { kafkaClusterArgs, ZONE_LABEL } from "../../stacks/kafka";
import { runJava } from "../support/java";
import { PROJECT_DIR } from "../support/render";
import { scratchDir } from "../support/scratch";

interface Case {
    name: string;
    layout: string;
    broker: Record<string, ConfigValue>;
    topics: Record<string, Record<string, ConfigValue>>;
}

function topicConfig(name: string, args: Parameters<typeof resolveKafkaTopicArgs>[1]): Record<string, ConfigValue> {
    return (kafkaTopicManifest(resolveKafkaTopicArgs(name, args)).spec as { config: Record<string, ConfigValue> }).config;
}

function clusterCase(name: string, cluster: ResolvedKafkaCluster, topics: Case["topics"] = {}): Case {
    return { name, layout: cluster.layout, broker: clusterBrokerConfig(cluster), topics };
}

/** The dev stack's cluster and topics, exactly as the program builds them from Pulumi.dev.yaml. */
function devCase(): Case {
    const config = parsePlatformConfig(rawStackConfig(readStackFile(PROJECT_DIR, "dev").config));
    const kafka = config.kafka;
    const cluster = resolveKafkaClusterArgs(kafka.name, kafkaClusterArgs(kafka, "streaming", config.target));
    const topics: Case["topics"] = {};
    for (const [key, { topicName, ...rest }] of Object.entries(kafka.topics)) {
        topics[key] = topicConfig(topicName ?? key, { ...rest, clusterName: kafka.name, namespace: "streaming" });
    }
    return clusterCase("dev stack", cluster, topics);
}

async function check(cases: Case[]): Promise<{ status: number | null; lines: string[]; output: string }> {
    const file = path.join(scratchDir("kafka-config-"), "cases.json");
    fs.writeFileSync(file, JSON.stringify({ cases }));
    const result = await runJava("kafka", "KafkaConfigCheck.java", [file]);
    return { status: result.status, lines: result.stdout.trim().split("\n"), output: `${result.stdout}\n${result.stderr}` };
}

describe("Kafka's own configuration code", () => {
    it("accepts the broker and topic configuration of the dev stack, a production cluster and a two-broker cluster", async () => {
        const production = resolveKafkaClusterArgs("prod", {
            namespace: "streaming",
            tlsListener: true,
            rackTopologyKey: ZONE_LABEL,
            brokers: { replicas: 6 },
            config: { "log.retention.hours": "168", "num.partitions": "6", "compression.type": "zstd" },
        });
        const cases: Case[] = [
            devCase(),
            clusterCase("production", production, {
                profiles: topicConfig("profiles", { clusterName: "prod", namespace: "streaming", cleanupPolicy: "compact", config: { "min.insync.replicas": "2", "segment.ms": "3600000" } }),
                audit: topicConfig("audit", { clusterName: "prod", namespace: "streaming", retentionMs: -1, retentionBytes: 10_737_418_240, cleanupPolicy: "compact,delete" }),
            }),
            clusterCase("two brokers", resolveKafkaClusterArgs("pair", { namespace: "streaming", brokers: { replicas: 2 } })),
        ];
        const { status, lines, output } = await check(cases);
        assert.equal(status, 0, output);
        assert.equal(lines[0], `KAFKA_VERSION ${KAFKA_VERSION}`, "Kafka's code is the version the platform pins");
        assert.deepEqual(lines.filter((l) => l.startsWith("PROBLEM")), []);
        assert.deepEqual(
            lines.filter((l) => l.startsWith("OK")).map((l) => l.replace(/ \(\d+ keys\)/, "")),
            [
                "OK dev stack: broker config accepted by KafkaConfig for a broker,controller node",
                "OK dev stack: topic transactions config accepted by LogConfig",
                "OK dev stack: topic fraud config accepted by LogConfig",
                "OK dev stack: topic transactions-dead-letter config accepted by LogConfig",
                "OK production: broker config accepted by KafkaConfig for a controller node",
                "OK production: broker config accepted by KafkaConfig for a broker node",
                "OK production: topic profiles config accepted by LogConfig",
                "OK production: topic audit config accepted by LogConfig",
                "OK two brokers: broker config accepted by KafkaConfig for a controller node",
                "OK two brokers: broker config accepted by KafkaConfig for a broker node",
            ],
        );
        assert.equal(cases[1].broker["replica.selector.class"], "org.apache.kafka.common.replica.RackAwareReplicaSelector", "the rack-aware selector was checked");
    });

    it("rejects a misspelt key, a bad value and keys that contradict each other, naming each", async () => {
        const base = resolveKafkaClusterArgs("laptop", { namespace: "streaming", layout: "combined" });
        const cases: Case[] = [
            {
                name: "typos",
                layout: "combined",
                broker: { ...clusterBrokerConfig(base), "min.insync.replica": 1, "unclean.leader.election.enable": "maybe" },
                topics: { fraud: { "retention.msec": 1000, "cleanup.policy": "shred" } },
            },
            {
                name: "contradiction",
                layout: "combined",
                broker: { ...clusterBrokerConfig(base), "group.consumer.min.session.timeout.ms": 60_000, "group.consumer.session.timeout.ms": 45_000 },
                topics: {},
            },
        ];
        const { status, lines, output } = await check(cases);
        assert.equal(status, 1, output);
        assert.deepEqual(lines.filter((l) => l.startsWith("PROBLEM")), [
            'PROBLEM typos: broker config: invalid value for "unclean.leader.election.enable": Invalid value maybe for configuration unclean.leader.election.enable: Expected value to be either true or false',
            'PROBLEM typos: broker config: unknown key "min.insync.replica" (did you mean "min.insync.replicas"?)',
            'PROBLEM typos: topic fraud: unknown key "retention.msec" (did you mean "retention.ms"?)',
            'PROBLEM typos: topic fraud: invalid value for "cleanup.policy": Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete',
            "PROBLEM contradiction: broker config rejected by KafkaConfig for a broker,controller node: group.consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms",
        ]);
    });
});
