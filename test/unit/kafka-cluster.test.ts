import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as pulumi from "@pulumi/pulumi";
import { ArgumentError, Problem } from "../../components/core/problems";
import { KAFKA_VERSION, KafkaCluster, kafkaClusterProblems, KafkaTopic } from "../../components/kafka";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

/** The problems an ArgumentError carries; fails when `build` does not throw one. */
function thrownProblems(build: () => unknown): readonly Problem[] {
    try {
        build();
    } catch (error) {
        assert.ok(error instanceof ArgumentError, `expected an ArgumentError, got ${String(error)}`);
        return error.problems;
    }
    assert.fail("the arguments were accepted");
}

/** The URNs of the resources an Output waits for. */
async function dependenciesOf(output: pulumi.Output<unknown>): Promise<string[]> {
    const resources = (output as unknown as { resources(): Set<pulumi.Resource> }).resources();
    return Promise.all([...resources].map((r) => promiseOf(r.urn)));
}

describe("KafkaCluster", () => {
    it("defaults to production: separate pools of 3 controllers and 3 brokers, replication 3 with min ISR 2", async () => {
        let cluster: KafkaCluster | undefined;
        const registered = await registeredBy(() => (cluster = new KafkaCluster("prod", { namespace: "streaming" })));
        const objects = objectsByKindAndName(registered);
        assert.deepEqual([...objects.keys()].sort(), ["ConfigMap/prod-kafka-metrics", "Kafka/prod", "KafkaNodePool/prod-brokers", "KafkaNodePool/prod-controllers"]);

        const controllers = objects.get("KafkaNodePool/prod-controllers")!;
        assert.equal(controllers.apiVersion, "kafka.strimzi.io/v1");
        assert.deepEqual(controllers.metadata.labels["strimzi.io/cluster"], "prod");
        assert.equal(controllers.spec.replicas, 3);
        assert.deepEqual(controllers.spec.roles, ["controller"]);
        assert.equal(controllers.spec.storage.volumes[0].size, "10Gi");
        const brokers = objects.get("KafkaNodePool/prod-brokers")!;
        assert.equal(brokers.spec.replicas, 3);
        assert.deepEqual(brokers.spec.roles, ["broker"]);
        assert.deepEqual(brokers.spec.resources, { requests: { cpu: "1", memory: "4Gi" }, limits: { cpu: "2", memory: "4Gi" } });

        assert.deepEqual(objects.get("Kafka/prod")!.metadata.annotations, { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": "600" }, "pulumi up waits for Ready");
        const kafka = objects.get("Kafka/prod")!.spec.kafka;
        assert.equal(kafka.version, KAFKA_VERSION);
        assert.equal(kafka.metadataVersion, "4.3-IV0");
        assert.equal(kafka.config["default.replication.factor"], 3);
        assert.equal(kafka.config["min.insync.replicas"], 2);
        assert.equal(kafka.config["unclean.leader.election.enable"], false);
        // No clients declared: only the Strimzi operator's pods, never an empty list (Strimzi would admit every pod).
        const operatorOnly = [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "streaming" } }, podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } }];
        assert.deepEqual(kafka.listeners, [{ name: "plain", port: 9092, type: "internal", tls: false, authentication: { type: "scram-sha-512" }, networkPolicyPeers: operatorOnly }]);
        assert.deepEqual(kafka.authorization, { type: "simple" }, "Kafka's ACLs decide, with no anonymous super user");
        assert.equal(kafka.rack, undefined, "no rack awareness unless asked for");

        assert.equal(await promiseOf(cluster!.bootstrapServers), "prod-kafka-bootstrap.streaming.svc:9092");
        assert.equal(await promiseOf(cluster!.tlsBootstrapServers), undefined);
        assert.equal(await promiseOf(cluster!.brokerCount), 3);
        assert.equal(await promiseOf(cluster!.defaultReplicationFactor), 3);
    });

    it("hands out its addresses only once the Kafka resource exists", async () => {
        let cluster: KafkaCluster | undefined;
        await registeredBy(() => (cluster = new KafkaCluster("waited", { namespace: "streaming", tlsListener: true })));
        for (const output of [cluster!.bootstrapServers, cluster!.tlsBootstrapServers, cluster!.clusterName]) {
            const urns = await dependenciesOf(output);
            assert.ok(
                urns.some((urn) => urn.endsWith("kubernetes:kafka.strimzi.io/v1:Kafka::waited-kafka-waited")),
                `waits for the Kafka resource: ${urns.join(", ")}`,
            );
        }
    });

    it("runs one combined controller-and-broker pool for a laptop, with replication 1 and min ISR 1", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new KafkaCluster("laptop", {
                        namespace: "streaming",
                        clusterName: "events",
                        layout: "combined",
                        combined: { storageSize: "5Gi", resources: { requestsCpu: "500m", requestsMemory: "1Gi", limitsCpu: "1", limitsMemory: "1Gi" }, jvmHeap: "512m" },
                    }),
            ),
        );
        const pool = objects.get("KafkaNodePool/events-combined")!;
        assert.equal(pool.spec.replicas, 1);
        assert.deepEqual(pool.spec.roles, ["controller", "broker"]);
        assert.deepEqual(pool.spec.jvmOptions, { "-Xms": "512m", "-Xmx": "512m" });
        assert.deepEqual(pool.spec.resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } });
        const config = objects.get("Kafka/events")!.spec.kafka.config;
        assert.equal(config["default.replication.factor"], 1);
        assert.equal(config["min.insync.replicas"], 1);
        assert.equal(config["offsets.topic.replication.factor"], 1);
        assert.equal(objects.has("KafkaNodePool/events-brokers"), false);
    });

    it("keeps the persistent volume claims when the cluster is deleted", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new KafkaCluster("kept", { namespace: "streaming", brokers: { storageClass: "gp3" } })));
        for (const pool of ["kept-controllers", "kept-brokers"]) {
            const [volume] = objects.get(`KafkaNodePool/${pool}`)!.spec.storage.volumes;
            assert.equal(volume.type, "persistent-claim");
            assert.equal(volume.deleteClaim, false, pool);
            assert.equal(volume.kraftMetadata, "shared");
        }
        assert.equal(objects.get("KafkaNodePool/kept-brokers")!.spec.storage.volumes[0].class, "gp3");
    });

    it("adds a TLS listener, rack awareness and broker configuration on request", async () => {
        let cluster: KafkaCluster | undefined;
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    (cluster = new KafkaCluster("cloud", {
                        namespace: "kafka",
                        tlsListener: true,
                        rackTopologyKey: "topology.kubernetes.io/zone",
                        config: { "log.retention.hours": "72", "min.insync.replicas": "3" },
                    })),
            ),
        );
        const kafka = objects.get("Kafka/cloud")!.spec.kafka;
        assert.deepEqual(
            kafka.listeners.map((l: any) => [l.name, l.port, l.tls, l.authentication]),
            [
                ["plain", 9092, false, { type: "scram-sha-512" }],
                ["tls", 9093, true, { type: "tls" }],
            ],
            "SCRAM-SHA-512 on the plain listener, mutual TLS on the TLS listener",
        );
        assert.deepEqual(kafka.rack, { topologyKey: "topology.kubernetes.io/zone" });
        assert.equal(kafka.config["replica.selector.class"], "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        assert.equal(kafka.config["log.retention.hours"], "72");
        assert.equal(kafka.config["min.insync.replicas"], "3");
        assert.equal(await promiseOf(cluster!.tlsBootstrapServers), "cloud-kafka-bootstrap.kafka.svc:9093");
    });

    it("admits each declared client's pods, once, and the Strimzi operator's to every listener", async () => {
        const fraud = { namespace: "streaming", podLabels: { "app.kubernetes.io/name": "fraud-generator" } };
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new KafkaCluster("guarded", {
                        namespace: "streaming",
                        tlsListener: true,
                        operatorNamespace: "operators",
                        clients: [fraud, { namespace: "team-a" }, { ...fraud }, { podLabels: { app: "flink-session", type: "flink-native-kubernetes" } }, { cidr: "10.1.0.0/16" }],
                    }),
            ),
        );
        const expected = [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "streaming" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "fraud-generator" } } },
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "team-a" } } },
            { podSelector: { matchLabels: { app: "flink-session", type: "flink-native-kubernetes" } } },
            { ipBlock: { cidr: "10.1.0.0/16" } },
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "operators" } }, podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } } },
        ];
        for (const listener of objects.get("Kafka/guarded")!.spec.kafka.listeners) assert.deepEqual(listener.networkPolicyPeers, expected, listener.name);
    });

    it('lets anonymous clients in only with plainListenerAuthentication "none", as a super user, still only from the clients\' pods', async () => {
        const clients = [{ namespace: "streaming", podLabels: { app: "legacy" } }];
        const objects = objectsByKindAndName(await registeredBy(() => new KafkaCluster("open", { namespace: "streaming", plainListenerAuthentication: "none", tlsListener: true, clients })));
        const kafka = objects.get("Kafka/open")!.spec.kafka;
        const [plain, tls] = kafka.listeners;
        assert.equal(plain.authentication, undefined, "no authentication on the plain listener");
        assert.deepEqual(tls.authentication, { type: "tls" }, "the TLS listener still wants a certificate");
        assert.deepEqual(kafka.authorization, { type: "simple", superUsers: ["ANONYMOUS"] }, "Strimzi writes it as User:ANONYMOUS, Kafka's principal for an unauthenticated connection");
        assert.equal(plain.networkPolicyPeers.length, 2, "the declared clients and the operator, not every pod");
        assert.deepEqual(kafkaClusterProblems("open", { namespace: "streaming", plainListenerAuthentication: "plain" }), [
            { path: "plainListenerAuthentication", message: 'must be one of scram-sha-512, none, got "plain"' },
        ]);
    });

    it("rejects clients that are no peer, or that name ports", () => {
        assert.deepEqual(
            kafkaClusterProblems("x", { namespace: "streaming", operatorNamespace: "Ops", clients: [{}, { namespace: "a", ports: [9092] }, { cidr: "10.0.0.0/8", namespace: "b" }] }),
            [
                { path: "operatorNamespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Ops"' },
                { path: "clients[0]", message: "must give a namespace, podLabels or a cidr" },
                { path: "clients[1].ports", message: "must not be set: a client reaches the listeners' ports, and only those" },
                { path: "clients[2].cidr", message: "must not be set together with namespace or podLabels: they are mutually exclusive" },
            ],
        );
    });

    it("exports Prometheus metrics through Strimzi's metrics configuration, and runs the Topic and User Operators", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new KafkaCluster("observed", { namespace: "streaming" })));
        const spec = objects.get("Kafka/observed")!.spec;
        assert.deepEqual(spec.kafka.metricsConfig, {
            type: "jmxPrometheusExporter",
            valueFrom: { configMapKeyRef: { name: "observed-kafka-metrics", key: "kafka-metrics-config.yml" } },
        });
        assert.ok(objects.get("ConfigMap/observed-kafka-metrics")!.data["kafka-metrics-config.yml"].includes("lowercaseOutputName: true"));
        const operatorResources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
        assert.deepEqual(spec.entityOperator, { topicOperator: { resources: operatorResources }, userOperator: { resources: operatorResources } });

        const quiet = objectsByKindAndName(await registeredBy(() => new KafkaCluster("quiet", { namespace: "streaming", metrics: false })));
        assert.equal(quiet.get("Kafka/quiet")!.spec.kafka.metricsConfig, undefined);
        assert.equal(quiet.has("ConfigMap/quiet-kafka-metrics"), false);
    });

    it("adds topics checked against its brokers", async () => {
        let topic: KafkaTopic | undefined;
        const objects = objectsByKindAndName(
            await registeredBy(() => {
                const cluster = new KafkaCluster("with-topics", { namespace: "streaming", clusterName: "events", layout: "combined" });
                topic = cluster.addTopic("transactions", { partitions: 6, retentionMs: 86_400_000 });
            }),
        );
        const manifest = objects.get("KafkaTopic/events-transactions")!;
        assert.equal(manifest.metadata.labels["strimzi.io/cluster"], "events");
        assert.equal(manifest.metadata.namespace, "streaming");
        assert.deepEqual(
            manifest.spec,
            { topicName: "transactions", partitions: 6, replicas: 1, config: { "cleanup.policy": "delete", "retention.ms": 86_400_000 } },
            "the cluster's replication factor, written out",
        );
        assert.equal(await promiseOf(topic!.topicName), "transactions");

        await registeredBy(() => {
            const cluster = new KafkaCluster("small", { namespace: "streaming", layout: "combined" });
            assert.deepEqual(thrownProblems(() => cluster.addTopic("wide", { replicas: 3, config: { "min.insync.replicas": "4" } })), [
                { path: "replicas", message: "must be at most the number of brokers (1), got 3" },
                { path: "config.min.insync.replicas", message: 'must be a whole number from 1 to replicas (3), got "4"' },
            ]);
            assert.deepEqual(thrownProblems(() => cluster.addTopic("narrow", { config: { "min.insync.replicas": "2" } })), [
                { path: "config.min.insync.replicas", message: 'must be a whole number from 1 to default.replication.factor (1), got "2"' },
            ]);
        });
    });

    it("shares a namespace with another cluster: node pools and topics are named after their cluster", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(() => {
                for (const name of ["orders", "audit"]) new KafkaCluster(name, { namespace: "streaming", layout: "combined" }).addTopic("events");
            }),
        );
        assert.deepEqual(
            [...objects.entries()]
                .filter(([, o]) => ["orders", "audit"].includes(o.metadata.labels?.["strimzi.io/cluster"]))
                .map(([key]) => key)
                .sort(),
            ["KafkaNodePool/audit-combined", "KafkaNodePool/orders-combined", "KafkaTopic/audit-events", "KafkaTopic/orders-events"],
        );
        assert.equal(objects.get("KafkaTopic/audit-events")!.spec.topicName, "events");
        assert.equal(objects.get("KafkaTopic/audit-events")!.metadata.labels["strimzi.io/cluster"], "audit");
    });

    it("rejects bad sizes, naming each argument by its path, before creating anything", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () =>
                    new KafkaCluster("bad", {
                        namespace: "streaming",
                        layout: "combined",
                        combined: { replicas: 2, storageSize: "lots", resources: { requestsMemory: "2Gi", limitsMemory: "1Gi" }, jvmHeap: "1g" },
                        brokers: { replicas: 3 },
                        config: { listeners: "PLAIN://:9092" },
                    }),
                (error: unknown) => {
                    assert.ok(error instanceof ArgumentError);
                    assert.equal(error.message.split("\n")[0], 'KafkaCluster "bad" has invalid arguments:');
                    assert.deepEqual(error.problems, [
                        { path: "brokers", message: 'is only used when layout is "separate", and layout is "combined"' },
                        { path: "combined.replicas", message: "must be odd: the KRaft controller quorum needs a majority, and 2 controllers tolerate no more failures than 1, got 2" },
                        { path: "combined.storageSize", message: 'must be a quantity such as "10Gi", got "lots"' },
                        { path: "combined.resources.requestsMemory", message: 'must be at most limitsMemory (1Gi), got "2Gi"' },
                        { path: "combined.jvmHeap", message: 'must be less than resources.limitsMemory (1Gi): Kafka needs memory outside the heap, got "1g"' },
                        { path: "config.listeners", message: "must not be set: Strimzi manages it (listeners, TLS, KRaft roles and quorum, log directories)" },
                    ]);
                    return true;
                },
            ),
        );
        assert.deepEqual(registered, []);
    });

    it("rejects durability settings the brokers cannot keep, naming the key", () => {
        assert.deepEqual(kafkaClusterProblems("durability", { namespace: "streaming", layout: "combined", config: { "default.replication.factor": "3", "min.insync.replicas": "2" } }), [
            { path: "config.default.replication.factor", message: 'must be a whole number from 1 to the number of brokers (1), got "3"' },
            { path: "config.min.insync.replicas", message: 'must be at most the number of brokers (1), got "2"' },
        ]);
        assert.deepEqual(kafkaClusterProblems("isr", { namespace: "streaming", brokers: { replicas: 5 }, config: { "default.replication.factor": "2", "min.insync.replicas": "3" } }), [
            { path: "config.min.insync.replicas", message: 'must be at most default.replication.factor (2), got "3"' },
        ]);
        assert.deepEqual(kafkaClusterProblems("even", { namespace: "streaming", controllers: { replicas: 0 }, brokers: { replicas: 2.5 } }), [
            { path: "controllers.replicas", message: "must be a whole number, 1 or more, got 0" },
            { path: "brokers.replicas", message: "must be a whole number, 1 or more, got 2.5" },
        ]);
    });

    it("rejects an unknown layout, version or name, a cluster without listeners, and bad operator resources", () => {
        assert.deepEqual(
            kafkaClusterProblems("x", {
                namespace: "Streaming",
                clusterName: "My_Cluster",
                kafkaVersion: "3.9.0",
                layout: "dual",
                plainListener: false,
                rackTopologyKey: "",
                topicOperatorResources: { requestsCpu: "lots" },
                userOperatorResources: { limitsMemory: "128Mi" },
                timeoutSeconds: 0,
            }),
            [
                { path: "namespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Streaming"' },
                {
                    path: "clusterName",
                    message: 'must be a DNS label (lower-case letters, digits and "-", at most 22), got "My_Cluster" (its pods\' names hold it twice: <name>-<name>-controllers-<node id>)',
                },
                { path: "kafkaVersion", message: 'must be one of 4.2.0, 4.2.1, 4.3.0, 4.3.1 (the versions the pinned Strimzi runs), got "3.9.0"' },
                { path: "layout", message: 'must be one of combined, separate, got "dual"' },
                { path: "plainListener", message: "must be true when there is no TLS listener: clients need a listener, got false" },
                { path: "rackTopologyKey", message: 'must not be empty, got ""' },
                { path: "topicOperatorResources.requestsCpu", message: 'must be a CPU quantity such as "500m" or "2", got "lots"' },
                { path: "userOperatorResources.requestsMemory", message: 'must be at most limitsMemory (128Mi), got "256Mi"' },
                { path: "timeoutSeconds", message: "must be a whole number above 0, got 0" },
            ],
        );
    });

    it("keeps its pods' names within 63 characters: a cluster name of at most 22", () => {
        const longest = "a".repeat(22);
        assert.deepEqual(kafkaClusterProblems("long", { namespace: "streaming", clusterName: longest }), []);
        // Strimzi names pods <cluster>-<pool>-<node id>, and the pool is <cluster>-controllers.
        assert.ok(`${longest}-${longest}-controllers-9999`.length <= 63);
        assert.deepEqual(
            kafkaClusterProblems("long", { namespace: "streaming", clusterName: `${longest}b` }).map((p) => p.path),
            ["clusterName"],
        );
    });
});
