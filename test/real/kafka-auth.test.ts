/**
 * Kafka admits exactly the clients the platform declares: a real node (Kafka at the pinned version,
 * test/real/kafka/KafkaAuthCheck.java) runs the listener, SASL, TLS and authorizer settings Strimzi
 * writes for the dev stack's Kafka resource (test/support/strimzi-kafka.ts), its users are set up as
 * the User Operator sets up KafkaUsers, and then: the user produces to and consumes from its topic; a
 * client without SASL, one with a wrong password, and a user without ACLs on the topic or the group are refused.
 */
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { Kafka, KafkaTopic } from "../../components/core/objects";
import { KAFKA_VERSION, kafkaManifest, kafkaTopicManifest, kafkaUserManifest, resolveKafkaClusterArgs, resolveKafkaTopicArgs, resolveKafkaUserArgs } from "../../components/kafka";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { kafkaClusterArgs } from "../../stacks/kafka";
import { AuthCase, authRunDir, BIND_DETAILS, LOCAL_HOST, localIdentities, localNodeConfig, localPorts, runAuthCheck, UserSpec } from "../support/kafka-auth-broker";
import { PROJECT_DIR } from "../support/render";
import { KafkaUser, kafkaUserName, listenerName, REPLICATION_LISTENER, scramJaasConfig, strimziNodeConfig, StrimziNode, userAclBindings } from "../support/strimzi-kafka";

/** A user of the component (its KafkaUser manifest, as the stack renders one) that reads and writes one topic and reads in one consumer group. */
function readWriteUser(name: string, kafka: Kafka, topic: string, group: string): KafkaUser {
    return kafkaUserManifest(resolveKafkaUserArgs(name, { clusterName: kafka.metadata.name, namespace: kafka.metadata.namespace!, topics: { [topic]: "readWrite" }, groups: [group] }));
}

/** The dev stack's Kafka resource, its KafkaTopics and its nodes (Strimzi numbers a cluster's nodes from 0, pool by pool). */
function devStack(tlsListener = false): { kafka: Kafka; topics: KafkaTopic[]; nodes: StrimziNode[] } {
    const config = parsePlatformConfig(rawStackConfig(readStackFile(PROJECT_DIR, "dev").config));
    const section = tlsListener ? { ...config.kafka, listeners: { ...config.kafka.listeners, tls: true } } : config.kafka;
    const cluster = resolveKafkaClusterArgs(config.kafka.name, kafkaClusterArgs(section, "streaming", config.target));
    const topics = Object.entries(config.kafka.topics).map(([key, { topicName, ...rest }]) =>
        kafkaTopicManifest(resolveKafkaTopicArgs(topicName ?? key, { ...rest, clusterName: cluster.name, namespace: "streaming" })),
    );
    const nodes: StrimziNode[] = [];
    for (const pool of cluster.pools) {
        for (let i = 0; i < pool.replicas; i++) nodes.push({ pool: pool.name, nodeId: nodes.length, broker: pool.roles.includes("broker"), controller: pool.roles.includes("controller") });
    }
    return { kafka: kafkaManifest(cluster), topics, nodes };
}

function topicName(topic: KafkaTopic): string {
    return topic.spec?.topicName ?? topic.metadata.name;
}

function userSpec(user: KafkaUser): UserSpec {
    const password = crypto.randomBytes(16).toString("hex");
    const name = kafkaUserName(user);
    return { name, password, jaasConfig: scramJaasConfig(name, password), acls: userAclBindings(user) };
}

/** The case for a single combined node of `kafka`, with `users[0]` checked on `topic` and `users[1]` as the other user. */
async function authCase(kafka: Kafka, topics: KafkaTopic[], node: StrimziNode, users: [KafkaUser, KafkaUser], dataDir: string): Promise<AuthCase> {
    const listeners = kafka.spec.kafka.listeners;
    const ports = await localPorts(listeners.map(listenerName));
    const properties = localNodeConfig(strimziNodeConfig(kafka, node, [node]), ports, dataDir);
    const scram = listeners.find((l) => l.authentication?.type === "scram-sha-512");
    assert.ok(scram, "a listener with SCRAM-SHA-512");
    const [user, other] = users.map(userSpec);
    const grants = (u: KafkaUser, type: string) => u.spec.authorization!.acls.find((a) => a.resource.type === type)!.resource.name!;
    return {
        releaseVersion: kafka.spec.kafka.metadataVersion!,
        properties,
        ...localIdentities(kafka.metadata.name, kafka.metadata.namespace!, node, properties),
        admin: { bootstrap: `${LOCAL_HOST}:${ports[REPLICATION_LISTENER]}`, identity: "userOperator" },
        topics: topics.map((t) => ({
            name: topicName(t),
            partitions: t.spec.partitions!,
            replicas: t.spec.replicas,
            config: Object.fromEntries(Object.entries(t.spec.config ?? {}).map(([k, v]) => [k, String(v)])),
        })),
        users: [user, other],
        checks: {
            bootstrap: `${LOCAL_HOST}:${ports[listenerName(scram)]}`,
            securityProtocol: scram.tls ? "SASL_SSL" : "SASL_PLAINTEXT",
            user: user.name,
            wrongPasswordJaasConfig: scramJaasConfig(user.name, `not-${user.password}`),
            topic: grants(users[0], "topic"),
            group: grants(users[0], "group"),
            other: { user: other.name, topic: grants(users[1], "topic"), group: grants(users[1], "group") },
            records: 20,
        },
    };
}

describe("Strimzi's broker configuration for the Kafka resource and its users", () => {
    const dev = devStack();
    const kafka = dev.kafka;
    const node = dev.nodes[0];

    it("authenticates each listener as Strimzi configures it: SCRAM-SHA-512 on plain, client certificates on TLS and on its own listeners", () => {
        const both = devStack(true).kafka;
        const config = strimziNodeConfig(both, node, [node]);
        assert.equal(config["listener.security.protocol.map"], "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,PLAIN-9092:SASL_PLAINTEXT,TLS-9093:SSL");
        assert.equal(config["listeners"], "CONTROLPLANE-9090://0.0.0.0:9090,REPLICATION-9091://0.0.0.0:9091,PLAIN-9092://0.0.0.0:9092,TLS-9093://0.0.0.0:9093");
        assert.equal(config["inter.broker.listener.name"], "REPLICATION-9091");
        assert.equal(config["sasl.enabled.mechanisms"], "");
        assert.equal(config["listener.name.plain-9092.sasl.enabled.mechanisms"], "SCRAM-SHA-512");
        assert.equal(config["listener.name.plain-9092.scram-sha-512.sasl.jaas.config"], "org.apache.kafka.common.security.scram.ScramLoginModule required ;");
        assert.equal(config["listener.name.tls-9093.ssl.client.auth"], "required");
        assert.equal(config["listener.name.tls-9093.ssl.truststore.certificates"], "${strimzisecrets:streaming/events-clients-ca-cert:*.crt}");
        assert.equal(config["listener.name.replication-9091.ssl.truststore.certificates"], "${strimzisecrets:streaming/events-cluster-ca-cert:*.crt}");
        assert.equal(config["listener.name.controlplane-9090.ssl.client.auth"], "required");
        assert.equal(config["authorizer.class.name"], "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assert.equal(
            config["super.users"],
            "User:CN=events-kafka,O=io.strimzi;User:CN=events-entity-topic-operator,O=io.strimzi;User:CN=events-entity-user-operator,O=io.strimzi;" +
                "User:CN=events-kafka-exporter,O=io.strimzi;User:CN=events-cruise-control,O=io.strimzi;User:CN=cluster-operator,O=io.strimzi",
        );
        assert.equal(config["auto.create.topics.enable"], "false", "the resource's own config is there");
    });

    it("turns each operation of a KafkaUser's rules into one ACL binding of its SCRAM user name", () => {
        const user = readWriteUser("transactions-app", kafka, "transactions", "transactions-app");
        user.spec.authorization!.acls.push({ resource: { type: "cluster" }, operations: ["IdempotentWrite"] }, { type: "deny", resource: { type: "topic", name: "tx-", patternType: "prefix" }, operations: ["DescribeConfigs"], host: "10.0.0.1" });
        const binding = (resourceType: string, name: string, operation: string, rest: object = {}) => ({ resourceType, name, patternType: "LITERAL", principal: "User:transactions-app", host: "*", operation, permission: "ALLOW", ...rest });
        assert.deepEqual(userAclBindings(user), [
            binding("TOPIC", "transactions", "READ"),
            binding("TOPIC", "transactions", "WRITE"),
            binding("TOPIC", "transactions", "DESCRIBE"),
            binding("GROUP", "transactions-app", "READ"),
            binding("CLUSTER", "kafka-cluster", "IDEMPOTENT_WRITE"),
            binding("TOPIC", "tx-", "DESCRIBE_CONFIGS", { patternType: "PREFIXED", host: "10.0.0.1", permission: "DENY" }),
        ]);
        assert.equal(kafkaUserName({ ...user, spec: { ...user.spec, authentication: { type: "tls" } } }), "CN=transactions-app");
    });

    it("runs here with Strimzi's configuration but for ports, addresses and data directories", async () => {
        const rendered = strimziNodeConfig(kafka, node, [node]);
        const local = localNodeConfig(rendered, await localPorts(["PLAIN-9092"]), "/data");
        const changed = Object.keys(rendered).filter((k) => rendered[k] !== local[k]);
        assert.deepEqual(changed.sort(), [...BIND_DETAILS].sort());
        assert.deepEqual(Object.keys(local).sort(), Object.keys(rendered).sort());
        assert.match(local["listeners"], /^CONTROLPLANE-9090:\/\/127\.0\.0\.1:\d+,REPLICATION-9091:\/\/127\.0\.0\.1:\d+,PLAIN-9092:\/\/127\.0\.0\.1:\d+$/);
        // every Secret the configuration names has a local stand-in, and only the certificates they need are made
        const { identities, secrets } = localIdentities(kafka.metadata.name, kafka.metadata.namespace!, node, local);
        const named = new Set(Object.values(local).flatMap((v) => v.match(/\$\{strimzisecrets:[^}]+\}/g) ?? []));
        assert.deepEqual(Object.keys(secrets).sort(), [...named].sort());
        assert.deepEqual(Object.keys(identities).sort(), ["node", "userOperator"]);
    });
});

describe("a real Kafka node with the dev stack's listeners, SASL and authorizer", () => {
    it("lets the user produce and consume its topic, and refuses no SASL, a wrong password and a user without ACLs on the topic or group", async (t) => {
        const { kafka, topics, nodes } = devStack();
        assert.equal(nodes.length, 1, "the dev stack runs one combined node, as here");
        const users: [KafkaUser, KafkaUser] = [readWriteUser("transactions-app", kafka, "transactions", "transactions-app"), readWriteUser("fraud-app", kafka, "fraud", "fraud-app")];
        for (const topic of ["transactions", "fraud"]) assert.ok(topics.map(topicName).includes(topic), `each user's topic is a topic of the stack: ${topic}`);
        const dir = authRunDir();
        const theCase = await authCase(kafka, topics, nodes[0], users, path.join(dir, "data"));
        const { status, result, output } = await runAuthCheck(theCase, dir);
        assert.equal(status, 0, output);
        assert.ok(result, output);
        t.diagnostic(`certificates and format ${result.prepareMs} ms; node started and users set up ${result.brokerStartMs} ms; stopped ${result.stopMs} ms; whole program ${result.totalMs} ms; checks: ${Object.entries(result.checks).map(([k, c]) => `${k} ${c.ms} ms`).join(", ")}`);
        assert.equal(result.kafkaVersion, KAFKA_VERSION, "the node runs the Kafka version the platform pins");
        const { checks } = result;
        const refused = (name: string, error: string, message: RegExp) => {
            assert.equal(checks[name]?.ok, false, `${name}: ${JSON.stringify(checks[name])}`);
            assert.equal(checks[name].error, `org.apache.kafka.common.errors.${error}`, `${name}: ${JSON.stringify(checks[name])}`);
            assert.match(checks[name].message ?? "", message, name);
        };
        const passed = (name: string, records: number, why: string) => assert.deepEqual({ ...checks[name], ms: 0 }, { ok: true, records, ms: 0 }, why);
        passed("produce", 20, "the user produces to its topic");
        passed("consume", 20, "the user reads its topic back in its group");
        // The node closes a connection that does not start with the SASL handshake; the client retries until its metadata wait runs out.
        refused("noSasl", "TimeoutException", /Topic transactions not present in metadata/);
        refused("wrongPassword", "SaslAuthenticationException", /invalid credentials with SASL mechanism SCRAM-SHA-512/);
        refused("otherProduce", "TopicAuthorizationException", /\[transactions\]/);
        refused("otherConsume", "TopicAuthorizationException", /\[transactions\]/);
        refused("otherGroup", "GroupAuthorizationException", /transactions-app/);
        passed("otherOwnTopic", 1, "the other user is refused for want of ACLs, not of credentials");
    });
});
