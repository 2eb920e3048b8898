import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stackConfigProblems } from "../support/config";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { kafkaClusterArgs, ZONE_LABEL } from "../../stacks/kafka";
import { PROJECT_DIR } from "../support/render";

/** The stack's problems with a `kafka` section; Flink is off so that only Kafka's keys are judged. */
function problemsOf(kafka: Record<string, unknown>): string[] {
    return stackConfigProblems({ target: "minikube", flink: { enabled: false }, kafka });
}

describe("stack configuration: kafka", () => {
    it("runs a production cluster when the stack says nothing: separate pools, cluster \"events\", no topics", () => {
        const config = parsePlatformConfig({ target: "eks", flink: { enabled: false } });
        assert.deepEqual(config.kafka, { enabled: true, name: "events", layout: "separate", topics: {} });
        const args = kafkaClusterArgs(config.kafka, "streaming", config.target);
        assert.equal(args.layout, "separate");
        assert.equal(args.rackTopologyKey, ZONE_LABEL, "rack awareness on cloud targets");
        assert.equal(kafkaClusterArgs(config.kafka, "streaming", "minikube").rackTopologyKey, undefined);
    });

    it("gives the dev stack one combined node sized for minikube and the demo's topics", () => {
        const { config } = readStackFile(PROJECT_DIR, "dev");
        const kafka = parsePlatformConfig(rawStackConfig(config)).kafka;
        assert.equal(kafka.enabled, true);
        assert.equal(kafka.layout, "combined");
        assert.equal(kafka.combined?.replicas, 1);
        assert.deepEqual(Object.keys(kafka.topics).sort(), ["fraud", "transactions"]);
    });

    it("names bad sizes by their key path, and a pool that the layout does not use", () => {
        assert.deepEqual(
            problemsOf({
                layout: "combined",
                combined: { storageSize: "big", jvmHeap: "2g", resources: { limitsMemory: "1Gi", requestsMemory: "2Gi" } },
                controllers: { replicas: 3 },
            }),
            [
                'kafka.combined.storageSize: must be a quantity such as "512Mi" or "2Gi", got "big"',
                'kafka.combined.resources.requestsMemory: must be at most resources.limitsMemory (1Gi), got "2Gi"',
                'kafka.combined.jvmHeap: must be less than resources.limitsMemory (1Gi): Kafka needs memory outside the heap, got "2g"',
                'kafka.controllers: is only used when layout is "separate", and layout is "combined"',
            ],
        );
        assert.deepEqual(problemsOf({ controllers: { replicas: 2 }, brokers: { replicas: 0, jvmHeap: "lots" }, replica: 1 }), [
            "kafka.brokers.replicas: Too small: expected number to be >=1",
            'kafka.brokers.jvmHeap: must be a JVM size such as "512m" or "2g", got "lots"',
            "kafka.replica: unknown key; allowed: enabled, name, version, layout, combined, controllers, brokers, listeners, config, topics, operator, entityOperator, metrics",
            "kafka.controllers.replicas: must be odd: the KRaft controller quorum needs a majority, and 2 controllers tolerate no more failures than 1, got 2",
        ]);
    });

    it("names durability settings the brokers cannot keep by their config key", () => {
        assert.deepEqual(problemsOf({ layout: "combined", config: { "min.insync.replicas": 2 } }), [
            "kafka.config.min.insync.replicas: must be at most default.replication.factor (1), got 2",
        ]);
        assert.deepEqual(problemsOf({ brokers: { replicas: 2 }, config: { "default.replication.factor": 3, "process.roles": "broker" } }), [
            "kafka.config.process.roles: must not be set: Strimzi manages it (listeners, TLS, KRaft roles and quorum, log directories)",
            "kafka.config.default.replication.factor: must be a whole number from 1 to the number of brokers (2), got 3",
        ]);
    });

    it("checks each topic against the cluster: replicas no more than brokers, min ISR no more than replicas", () => {
        assert.deepEqual(
            problemsOf({
                brokers: { replicas: 5 },
                topics: {
                    fraud: { replicas: 6 },
                    transactions: { config: { "min.insync.replicas": 4 } },
                    ok: { replicas: 5, config: { "min.insync.replicas": 4 } },
                    Bad_Name: {},
                    odd: { cleanupPolicy: "shred", partitions: 0 },
                },
            }),
            [
                'kafka.topics.Bad_Name: the name must be a DNS label (lower-case letters, digits and "-", at most 63), got "Bad_Name"',
                'kafka.topics.odd.partitions: Too small: expected number to be >=1',
                'kafka.topics.odd.cleanupPolicy: Invalid option: expected one of "delete"|"compact"|"compact,delete"',
                "kafka.topics.fraud.replicas: must be at most the number of brokers (5), got 6",
                "kafka.topics.transactions.config.min.insync.replicas: must be a whole number from 1 to default.replication.factor (3), got 4",
            ],
        );
    });

    it("needs a listener and a supported Kafka version", () => {
        assert.deepEqual(problemsOf({ version: "3.9.0", listeners: { plain: false } }), [
            'kafka.version: Invalid option: expected one of "4.1.0"|"4.1.1"|"4.1.2"|"4.2.0"',
            "kafka.listeners: must keep a listener: plain and tls cannot both be off",
        ]);
    });

    it("can be turned off", () => {
        assert.equal(parsePlatformConfig({ target: "minikube", flink: { enabled: false }, kafka: { enabled: false } }).kafka.enabled, false);
    });
});
