import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { FlinkApplication, flinkApplicationProblems } from "../../components/flink/application";
import { FLINK_KAFKA_ENV } from "../../components/flink/kafka";
import { FlinkSessionCluster } from "../../components/flink/session-cluster";
import type { FlinkStorage } from "../../components/flink/storage";
import { objectsByKindAndName, registeredBy } from "../support/pulumi";

const storage: FlinkStorage = { checkpointsUri: "s3://b/checkpoints", savepointsUri: "s3://b/savepoints", haStorageUri: "s3://b/ha" };
const job = { jarURI: "local:///opt/flink/usrlib/fraud.jar" };

/** The env of the main container of a FlinkDeployment's pod template. */
function envOf(deployment: Record<string, any>): { name: string; value?: string; valueFrom?: any }[] {
    return deployment.spec.podTemplate.spec.containers.find((c: any) => c.name === "flink-main-container").env;
}

describe("a Flink cluster that runs as a Kafka user", () => {
    it("gets the bootstrap address and protocol as values and the JAAS line from the user's Secret, never its content", async () => {
        // Both arrive as Outputs, as a KafkaCluster's and a KafkaUser's do.
        const kafka = { bootstrapServers: pulumi.output("events-kafka-bootstrap.streaming.svc:9092"), secretName: pulumi.output("fraud-job"), namespace: "streaming" };
        const objects = objectsByKindAndName(await registeredBy(() => new FlinkApplication("fraud", { namespace: "streaming", storage, job, kafka })));
        const deployment = objects.get("FlinkDeployment/fraud")!;
        const env = envOf(deployment).filter((e) => e.name.startsWith("KAFKA_"));
        assert.deepEqual(env, [
            { name: FLINK_KAFKA_ENV.bootstrapServers, value: "events-kafka-bootstrap.streaming.svc:9092" },
            { name: "KAFKA_SECURITY_PROTOCOL", value: "SASL_PLAINTEXT" },
            { name: "KAFKA_SASL_MECHANISM", value: "SCRAM-SHA-512" },
            { name: "KAFKA_SASL_JAAS_CONFIG", valueFrom: { secretKeyRef: { name: "fraud-job", key: "sasl.jaas.config" } } },
        ]);
        const spec = JSON.stringify(deployment.spec);
        assert.ok(!/ScramLoginModule|password=/.test(spec), "no credential in the FlinkDeployment");
        assert.ok(!Object.keys(deployment.spec.flinkConfiguration).some((key) => key.includes("sasl")), "nor in its Flink configuration");
    });

    it("gives a session cluster's pods the same, and a cluster without a user none", async () => {
        const kafka = { bootstrapServers: "b:9092", secretName: "analyst", namespace: "streaming" };
        const objects = objectsByKindAndName(
            await registeredBy(() => {
                new FlinkSessionCluster("shared", { namespace: "streaming", storage, kafka });
                new FlinkSessionCluster("offline", { namespace: "streaming", storage });
            }),
        );
        assert.deepEqual(envOf(objects.get("FlinkDeployment/shared")!).find((e) => e.name === "KAFKA_SASL_JAAS_CONFIG")?.valueFrom, {
            secretKeyRef: { name: "analyst", key: "sasl.jaas.config" },
        });
        assert.ok(!envOf(objects.get("FlinkDeployment/offline")!).some((e) => e.name.startsWith("KAFKA_")));
    });

    it("refuses a user whose Secret is in another namespace, or that authenticates by certificate", () => {
        const kafka = { bootstrapServers: "b:9092", secretName: "fraud-job", namespace: "kafka", authentication: "tls" };
        assert.deepEqual(flinkApplicationProblems("fraud", { namespace: "streaming", job, kafka }), [
            {
                path: "kafka.namespace",
                message: 'must be the Flink cluster\'s namespace ("streaming"): the user\'s Secret is in its Kafka cluster\'s namespace, and a pod reads Secrets of its own namespace only, got "kafka"',
            },
            {
                path: "kafka.authentication",
                message: 'must be "scram-sha-512": the pods get the user\'s password as one JAAS line; a TLS user\'s certificate is not handed to Flink, got "tls"',
            },
        ]);
    });
});
