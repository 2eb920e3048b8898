import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArgumentError } from "../../components/core/problems";
import { KafkaUser, kafkaUserAcls, kafkaUserManifest, kafkaUserPrincipal, kafkaUserProblems, resolveKafkaUserArgs } from "../../components/kafka";
import { schemaErrors } from "../support/k8s-schema";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

const cluster = { clusterName: "events", namespace: "streaming" };

describe("KafkaUser", () => {
    it("is a Strimzi KafkaUser of its cluster with a SCRAM-SHA-512 password, its Secret named like the user", async () => {
        let user: KafkaUser | undefined;
        const objects = objectsByKindAndName(await registeredBy(() => (user = new KafkaUser("fraud-generator", { ...cluster, topics: { transactions: "write" } }))));
        const manifest = objects.get("KafkaUser/fraud-generator")!;
        assert.equal(manifest.apiVersion, "kafka.strimzi.io/v1");
        assert.equal(manifest.metadata.namespace, "streaming");
        assert.equal(manifest.metadata.labels["strimzi.io/cluster"], "events", "the User Operator of cluster events picks it up");
        assert.deepEqual(manifest.metadata.annotations, { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": "300" });
        assert.deepEqual(manifest.spec.authentication, { type: "scram-sha-512" });
        assert.equal(manifest.spec.authorization.type, "simple");
        assert.equal(await schemaErrors(manifest as { apiVersion: string; kind: string }), undefined);
        assert.equal(await promiseOf(user!.secretName), "fraud-generator");
        assert.equal(await promiseOf(user!.userName), "fraud-generator");
    });

    it("grants read as Read and Describe, write as Write and Describe, readWrite as both, on the named topics only", () => {
        const acls = kafkaUserAcls(resolveKafkaUserArgs("u", { ...cluster, topics: { transactions: "read", fraud: "write", audit: "readWrite" } }));
        assert.deepEqual(acls, [
            { type: "allow", resource: { type: "topic", name: "transactions", patternType: "literal" }, operations: ["Read", "Describe"] },
            { type: "allow", resource: { type: "topic", name: "fraud", patternType: "literal" }, operations: ["Write", "Describe"] },
            { type: "allow", resource: { type: "topic", name: "audit", patternType: "literal" }, operations: ["Read", "Write", "Describe"] },
        ]);
        assert.ok(!acls.some((acl) => acl.operations.some((op) => ["All", "IdempotentWrite", "Create", "Delete", "Alter"].includes(op))), "no more than a client needs");
    });

    it("grants Read on its consumer groups and Write and Describe on its transactional ids, a trailing * as a prefix", () => {
        const user = resolveKafkaUserArgs("fraud-job", { ...cluster, topics: { fraud: "write" }, groups: ["fraud-job"], transactionalIds: ["fraud-job-*"] });
        assert.deepEqual(kafkaUserAcls(user).slice(1), [
            { type: "allow", resource: { type: "group", name: "fraud-job", patternType: "literal" }, operations: ["Read"] },
            { type: "allow", resource: { type: "transactionalId", name: "fraud-job-", patternType: "prefix" }, operations: ["Write", "Describe"] },
        ]);
    });

    it("authenticates by a client certificate with tls, as User:CN=<name>", async () => {
        const resolved = resolveKafkaUserArgs("actor", { ...cluster, userName: "fraud-actor", authentication: "tls", topics: { fraud: "read" }, groups: ["fraud-actor"] });
        const manifest = kafkaUserManifest(resolved);
        assert.equal(manifest.metadata.name, "fraud-actor");
        assert.equal(manifest.metadata.labels?.["app.kubernetes.io/instance"], "actor");
        assert.deepEqual(manifest.spec.authentication, { type: "tls" });
        assert.equal(kafkaUserPrincipal(resolved), "User:CN=fraud-actor");
        assert.equal(kafkaUserPrincipal({ ...resolved, authentication: "scram-sha-512" }), "User:fraud-actor");
        assert.equal(await schemaErrors(manifest as { apiVersion: string; kind: string }), undefined);
    });

    it("names every bad argument by its path, before creating anything", () => {
        const args = {
            clusterName: "Events",
            namespace: "streaming",
            userName: "Fraud_Job",
            authentication: "plain",
            topics: { "bad topic": "read", fraud: "consume", "*": "read" },
            groups: ["*", ""],
            transactionalIds: ["fraud-*-x", "fraud-job-*"],
            timeoutSeconds: 0,
        };
        assert.deepEqual(kafkaUserProblems("job", args), [
            { path: "userName", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Fraud_Job" (it names the KafkaUser and its Secret)' },
            { path: "clusterName", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Events"' },
            { path: "authentication", message: 'must be one of scram-sha-512, tls, got "plain"' },
            { path: "topics.bad topic", message: 'the key must be a topic name, or a prefix ending in "*" ("fraud-*"); "*" alone or inside a name is not allowed, got "bad topic"' },
            { path: "topics.fraud", message: 'must be one of read, write, readWrite, got "consume"' },
            { path: "topics.*", message: 'the key must be a topic name, or a prefix ending in "*" ("fraud-*"); "*" alone or inside a name is not allowed, got "*"' },
            { path: "groups[0]", message: 'must be a consumer group name, or a prefix ending in "*" ("fraud-*"); "*" alone or inside a name is not allowed, got "*"' },
            { path: "groups[1]", message: 'must be a consumer group name, or a prefix ending in "*" ("fraud-*"); "*" alone or inside a name is not allowed, got ""' },
            { path: "transactionalIds[0]", message: 'must be a transactional id name, or a prefix ending in "*" ("fraud-*"); "*" alone or inside a name is not allowed, got "fraud-*-x"' },
            { path: "timeoutSeconds", message: "must be a whole number above 0, got 0" },
        ]);
        assert.deepEqual(kafkaUserProblems("Bad_Name", cluster).map((p) => p.path), ["name"], "the component's name is the user's name by default");
        assert.throws(
            () => new KafkaUser("bad", { ...cluster, authentication: "none" }),
            (error: unknown) => error instanceof ArgumentError && error.message.startsWith('KafkaUser "bad" has invalid arguments:'),
        );
    });
});
