import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeProblems } from "../../components/core/problems";
import { readStackFile } from "../../renderer/stack-file";
import { issueProblems, parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { flinkKafkaClients, flinkPlacement, flinkSessionArgs } from "../../stacks/flink";
import { kafkaClusterArgs, kafkaProblems, kafkaStackArgs, kafkaUsersForFlink, ZONE_LABEL } from "../../stacks/kafka";
import type { Target } from "../../stacks/schema";
import { kafkaSchema } from "../../stacks/schema-kafka";
import { stackConfigProblems } from "../support/config";
import { PROJECT_DIR } from "../support/render";

/**
 * The problems of a `kafka` section: its schema's, or else the components' (`kafkaProblems`), each as
 * `key.path: message`. The stack reports the latter only for a section whose schema passes.
 */
function sectionProblems(kafka: Record<string, unknown>, target: Target = "eks"): string[] {
    const parsed = kafkaSchema.safeParse(kafka);
    if (!parsed.success) return describeProblems(issueProblems(parsed.error.issues, "kafka"));
    return describeProblems(kafkaProblems(parsed.data, "streaming", target, "operators"));
}

/** The same through the whole stack configuration, where the lead wires `kafkaProblems` into the components' checks. */
function stackProblems(kafka: Record<string, unknown>): string[] {
    // A cloud target: its Kafka defaults to the production layout, which these cases are about.
    return stackConfigProblems({ target: "eks", flink: { enabled: false }, kafka });
}

describe("stack configuration: kafka", () => {
    it('runs a production cluster when the stack says nothing: separate pools, cluster "events", no topics', () => {
        const config = parsePlatformConfig({ target: "eks", flink: { enabled: false } });
        assert.deepEqual(config.kafka, { enabled: true, name: "events", topics: {}, users: {} });
        const args = kafkaClusterArgs(config.kafka, "streaming", config.target);
        assert.equal(args.layout, "separate");
        assert.equal(kafkaClusterArgs(config.kafka, "streaming", "minikube").layout, "combined", "a laptop gets one combined node unless the stack says otherwise");
        assert.equal(args.rackTopologyKey, ZONE_LABEL, "rack awareness on cloud targets");
        assert.equal(kafkaClusterArgs(config.kafka, "streaming", "minikube").rackTopologyKey, undefined);
    });

    it("gives the dev stack one combined node sized for minikube and the demo's topics", () => {
        const { config } = readStackFile(PROJECT_DIR, "dev");
        const kafka = parsePlatformConfig(rawStackConfig(config)).kafka;
        assert.equal(kafka.enabled, true);
        assert.equal(kafka.layout, "combined");
        assert.equal(kafka.combined?.replicas, 1);
        assert.deepEqual(Object.keys(kafka.topics).sort(), ["fraud", "transactions", "transactions-dead-letter"]);
    });

    it("reads configuration values as text, as Kafka does, and builds the operator, cluster and topics from one place", () => {
        const config = kafkaSchema.parse({
            config: { "log.retention.hours": 72, "unclean.leader.election.enable": false, "compression.type": "zstd" },
            topics: { audit: { topicName: "Audit.Log", config: { "min.insync.replicas": 2 } } },
        });
        const args = kafkaStackArgs(config, { streaming: "streaming", operators: "operators" }, "eks");
        assert.deepEqual(args.cluster.config, { "log.retention.hours": "72", "unclean.leader.election.enable": "false", "compression.type": "zstd" });
        assert.deepEqual(args.operator, { namespace: "operators", watchNamespaces: ["streaming"], replicas: undefined, resources: undefined });
        assert.deepEqual(args.topics.audit, { topicName: "Audit.Log", named: true, args: { config: { "min.insync.replicas": "2" } } });
        assert.deepEqual(kafkaStackArgs(config, { streaming: "platform", operators: "platform" }, "eks").operator.watchNamespaces, [], "its own namespace is always watched");
        assert.deepEqual(kafkaProblems(config, "streaming", "eks", "operators"), []);
    });

    it("names bad sizes by their key path, and a pool that the layout does not use", () => {
        assert.deepEqual(
            sectionProblems({
                layout: "combined",
                combined: { jvmHeap: "2g", resources: { limitsMemory: "1Gi", requestsMemory: "2Gi" } },
                controllers: { replicas: 3 },
            }),
            [
                'kafka.controllers: is only used when layout is "separate", and layout is "combined"',
                'kafka.combined.resources.requestsMemory: must be at most limitsMemory (1Gi), got "2Gi"',
                'kafka.combined.jvmHeap: must be less than resources.limitsMemory (1Gi): Kafka needs memory outside the heap, got "2g"',
            ],
        );
        assert.deepEqual(sectionProblems({ controllers: { replicas: 2 }, brokers: { replicas: 0, jvmHeap: "lots", storageClass: "" } }), [
            "kafka.controllers.replicas: must be odd: the KRaft controller quorum needs a majority, and 2 controllers tolerate no more failures than 1, got 2",
            "kafka.brokers.replicas: must be a whole number, 1 or more, got 0",
            'kafka.brokers.storageClass: must not be empty, got ""',
            'kafka.brokers.jvmHeap: must be a JVM size such as "512m" or "2g", got "lots"',
        ]);
    });

    it("checks shapes and types first: a misspelt key, a quantity that is none", () => {
        assert.deepEqual(sectionProblems({ combined: { storageSize: "big" }, replica: 1, listeners: { plain: "no" } }), [
            'kafka.combined.storageSize: must be a quantity such as "512Mi" or "2Gi", got "big"',
            'kafka.listeners.plain: must be true, false or { enabled, authentication: scram-sha-512 | none }, got "no"',
            "kafka.replica: unknown key; allowed: enabled, name, version, layout, combined, controllers, brokers, listeners, config, topics, users, operator, entityOperator, metrics",
        ]);
    });

    it("names durability settings the brokers cannot keep by their config key", () => {
        assert.deepEqual(sectionProblems({ layout: "combined", config: { "min.insync.replicas": 2 } }), [
            'kafka.config.min.insync.replicas: must be at most default.replication.factor (1), got "2"',
        ]);
        assert.deepEqual(sectionProblems({ brokers: { replicas: 2 }, config: { "default.replication.factor": 3, "process.roles": "broker" } }), [
            "kafka.config.process.roles: must not be set: Strimzi manages it (listeners, TLS, KRaft roles and quorum, log directories)",
            'kafka.config.default.replication.factor: must be a whole number from 1 to the number of brokers (2), got "3"',
        ]);
    });

    it("checks each topic against the cluster: replicas no more than brokers, min ISR no more than replicas", () => {
        assert.deepEqual(
            sectionProblems({
                brokers: { replicas: 5 },
                topics: {
                    fraud: { replicas: 6 },
                    transactions: { config: { "min.insync.replicas": 4 } },
                    ok: { replicas: 5, config: { "min.insync.replicas": 4 } },
                    odd: { cleanupPolicy: "shred", partitions: 0 },
                    renamed: { topicName: "no spaces" },
                },
            }),
            [
                "kafka.topics.fraud.replicas: must be at most the number of brokers (5), got 6",
                'kafka.topics.transactions.config.min.insync.replicas: must be a whole number from 1 to default.replication.factor (3), got "4"',
                "kafka.topics.odd.partitions: must be a whole number, 1 or more, got 0",
                'kafka.topics.odd.cleanupPolicy: must be one of "delete", "compact", "compact,delete", got "shred"',
                'kafka.topics.renamed.topicName: must be letters, digits, ".", "_" and "-" (at most 249), got "no spaces"',
            ],
        );
        const long = "t".repeat(60);
        assert.deepEqual(sectionProblems({ topics: { [long]: {} } }), [
            `kafka.topics.${long}: must be at most 63 letters, digits, "-", "_" and "." (it is the app.kubernetes.io/instance label), got "events-${long}"`,
        ]);
        assert.deepEqual(sectionProblems({ topics: { Bad_Name: {} } }), [
            'kafka.topics.Bad_Name: the name must be a DNS label (lower-case letters, digits and "-", at most 63), got "Bad_Name"',
        ]);
    });

    it("needs a listener, a supported Kafka version, a short enough name and valid operator sizes", () => {
        assert.deepEqual(
            sectionProblems({
                name: "a-kafka-cluster-name-too-long",
                version: "3.9.0",
                listeners: { plain: false },
                operator: { replicas: 0, resources: { requestsCpu: "2", limitsCpu: "1" } },
                entityOperator: { topicOperator: { requestsMemory: "1Gi" } },
            }),
            [
                "kafka.operator.replicas: must be a whole number, 1 or more, got 0",
                'kafka.operator.resources.requestsCpu: must be at most limitsCpu (1), got "2"',
                'kafka.name: must be a DNS label (lower-case letters, digits and "-", at most 22), got "a-kafka-cluster-name-too-long" (its pods\' names hold it twice: <name>-<name>-controllers-<node id>)',
                'kafka.version: must be one of 4.2.0, 4.2.1, 4.3.0, 4.3.1 (the versions the pinned Strimzi runs), got "3.9.0"',
                "kafka.listeners.plain: must be true when there is no TLS listener: clients need a listener, got false",
                'kafka.entityOperator.topicOperator.requestsMemory: must be at most limitsMemory (256Mi), got "1Gi"',
            ],
        );
    });

    it("names a bad streaming namespace by its own key, and a bad cluster name, once each", () => {
        const config = kafkaSchema.parse({ name: "Events", topics: { fraud: {}, audit: {} } });
        assert.deepEqual(describeProblems(kafkaProblems(config, "Streaming", "minikube", "operators")), [
            'namespaces.streaming.name: must be a DNS label (lower-case letters, digits and "-", at most 63), got "Streaming"',
            'kafka.name: must be a DNS label (lower-case letters, digits and "-", at most 22), got "Events" (its pods\' names hold it twice: <name>-<name>-controllers-<node id>)',
        ]);
    });

    it("reports the components' problems through the stack configuration", () => {
        assert.deepEqual(stackProblems({ layout: "combined", config: { "min.insync.replicas": 2 }, topics: { fraud: { replicas: 2 } } }), [
            'kafka.config.min.insync.replicas: must be at most default.replication.factor (1), got "2"',
            "kafka.topics.fraud.replicas: must be at most the number of brokers (1), got 2",
        ]);
        assert.deepEqual(stackProblems({ version: "3.9.0", listeners: { plain: false } }), [
            'kafka.version: must be one of 4.2.0, 4.2.1, 4.3.0, 4.3.1 (the versions the pinned Strimzi runs), got "3.9.0"',
            "kafka.listeners.plain: must be true when there is no TLS listener: clients need a listener, got false",
        ]);
    });

    it("declares the fraud demo's users in the dev stack, each with its ACLs, and admits exactly their pods", () => {
        const { config } = readStackFile(PROJECT_DIR, "dev");
        const platform = parsePlatformConfig(rawStackConfig(config));
        const args = kafkaStackArgs(platform.kafka, { streaming: "streaming", operators: "operators" }, "minikube", flinkKafkaClients(platform.flink, "streaming"));
        assert.deepEqual(args.users, {
            "fraud-generator": { authentication: undefined, topics: { transactions: "write" }, groups: undefined, transactionalIds: undefined },
            "fraud-job": { authentication: undefined, topics: { transactions: "read", fraud: "write", "transactions-dead-letter": "write" }, groups: ["fraud-job"], transactionalIds: ["fraud-job-*"] },
            "fraud-actor": { authentication: undefined, topics: { fraud: "read" }, groups: ["fraud-actor"], transactionalIds: undefined },
        });
        assert.deepEqual(args.cluster.clients, [
            { namespace: "streaming", podLabels: { "app.kubernetes.io/name": "fraud-generator" } },
            { namespace: "streaming", podLabels: { app: "flink-session", type: "flink-native-kubernetes" } },
            { namespace: "streaming", podLabels: { "app.kubernetes.io/name": "fraud-actor" } },
        ]);
        assert.equal(args.cluster.operatorNamespace, "operators");
        assert.equal(args.cluster.plainListenerAuthentication, undefined, "SCRAM-SHA-512, the component's default");
        // The session cluster runs as fraud-job: the plain listener's address and the user's Secret.
        const session = flinkSessionArgs(platform.flink, flinkPlacement({ streaming: "streaming", monitoring: "monitoring", operators: "operators", tenants: [] }), "zk", kafkaUsersForFlink(platform.kafka, "streaming"));
        assert.deepEqual(session.kafka, { bootstrapServers: "events-kafka-bootstrap.streaming.svc:9092", secretName: "fraud-job", namespace: "streaming", authentication: undefined });
    });

    it("takes kafka.listeners.plain as true/false or { enabled, authentication }, anonymous only when it says none", () => {
        const clusterOf = (listeners: Record<string, unknown>) => kafkaClusterArgs(kafkaSchema.parse({ listeners }), "streaming", "eks");
        assert.deepEqual([clusterOf({ plain: false }).plainListener, clusterOf({ plain: false }).plainListenerAuthentication], [false, undefined]);
        assert.deepEqual([clusterOf({ plain: { authentication: "none" } }).plainListener, clusterOf({ plain: { authentication: "none" } }).plainListenerAuthentication], [undefined, "none"]);
        assert.deepEqual(stackProblems({ listeners: { plain: { authentication: "anonymous" } } }), ['kafka.listeners.plain.authentication: must be one of scram-sha-512, none, got "anonymous"']);
    });

    it("names each bad user key by its path: unknown topics and namespaces, pods not given, a listener that does not take its authentication", () => {
        assert.deepEqual(
            stackProblems({
                topics: { fraud: { topicName: "Fraud.Alerts" } },
                users: {
                    a: { topics: { fraud: "consume", nope: "write" }, namespace: "elsewhere", groups: ["*"] },
                    b: { authentication: "tls", podLabels: {} },
                },
            }),
            [
                'kafka.users.a.topics.nope: must be a key of kafka.topics (fraud), got "nope"',
                `kafka.users.a.namespace: must be one of the platform's namespaces (streaming, monitoring, operators), got "elsewhere"`,
                "kafka.users.a.podLabels: is required: the labels of the client's pods, which the listeners admit ({} for every pod of its namespace), unless a Flink cluster runs as this user (flink.session.kafkaUser, flink.applications.<name>.kafkaUser)",
                'kafka.users.b.authentication: is "tls", a client certificate, which needs the TLS listener: set kafka.listeners.tls to true',
                'kafka.users.a.topics.fraud: must be one of read, write, readWrite, got "consume"',
                'kafka.users.a.groups[0]: must be a consumer group name, or a prefix ending in "*" ("fraud-*"); "*" alone or inside a name is not allowed, got "*"',
            ],
        );
        assert.deepEqual(stackProblems({ listeners: { plain: { authentication: "none" } }, users: { a: { podLabels: { app: "a" } } } }), [
            'kafka.users.a.authentication: is "scram-sha-512", a password, which needs the plain listener with authentication scram-sha-512 (kafka.listeners.plain), or use "tls"',
        ]);
        assert.deepEqual(stackProblems({ users: { Bad_Name: { podLabels: {} } } }), ['kafka.users.Bad_Name: the name must be a DNS label (lower-case letters, digits and "-", at most 63), got "Bad_Name"']);
    });

    it("checks a Flink cluster's kafkaUser against kafka.users, and Kafka being on", () => {
        const withFlink = (kafka: Record<string, unknown>, session: Record<string, unknown>) =>
            stackConfigProblems({ target: "minikube", flink: { session }, storage: { backend: "in-cluster" }, kafka });
        assert.deepEqual(withFlink({ users: { a: { podLabels: {} } } }, { kafkaUser: "nobody" }), ['flink.session.kafkaUser: must be a user of kafka.users (a), got "nobody"']);
        assert.deepEqual(withFlink({ enabled: false }, { kafkaUser: "nobody" }), ['flink.session.kafkaUser: needs Kafka, and kafka.enabled is false, got "nobody"']);
        assert.deepEqual(withFlink({ listeners: { tls: true }, users: { a: { authentication: "tls" } } }, { kafkaUser: "a" }), [
            'flink.session.kafkaUser: must be "scram-sha-512": the pods get the user\'s password as one JAAS line; a TLS user\'s certificate is not handed to Flink, got "tls"',
        ]);
    });

    it("can be turned off", () => {
        assert.equal(parsePlatformConfig({ target: "minikube", flink: { enabled: false }, kafka: { enabled: false } }).kafka.enabled, false);
        assert.deepEqual(kafkaProblems(kafkaSchema.parse({ enabled: false, layout: "dual" }), "streaming", "minikube"), [], "a disabled section is not checked");
    });
});
