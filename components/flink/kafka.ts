/**
 * How a Flink cluster's pods reach Kafka as a KafkaUser: the bootstrap address, the protocol and the
 * user's JAAS line as environment variables, the last from the user's Secret, so that no credential is
 * ever in the FlinkDeployment. A job passes them into its Kafka connector's properties. Pure: no Pulumi.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { Problem, Problems } from "../core/problems";
import { SCRAM_SECRET_KEYS } from "../kafka/user-manifests";

/** The user a Flink cluster reaches Kafka as. */
export interface FlinkKafkaArgs {
    /** Where the job's Kafka clients bootstrap from, e.g. a KafkaCluster's `bootstrapServers` (its plain, SCRAM listener). */
    bootstrapServers: pulumi.Input<string>;
    /** The user's Secret, e.g. a KafkaUser's `secretName` (which also makes the cluster wait for the user). */
    secretName: pulumi.Input<string>;
    /**
     * Namespace of the user's Secret: its Kafka cluster's. It must be the Flink cluster's own, because a
     * pod takes environment variables only from Secrets of its namespace.
     */
    namespace: string;
    /** The user's authentication; only "scram-sha-512", whose password a client takes as one JAAS line. @default "scram-sha-512" */
    authentication?: string;
}

/**
 * The environment variables the Flink pods get, and what a job sets from each in its Kafka source's and
 * sink's properties: `bootstrap.servers`, `security.protocol`, `sasl.mechanism`, `sasl.jaas.config`.
 */
export const FLINK_KAFKA_ENV = {
    bootstrapServers: "KAFKA_BOOTSTRAP_SERVERS",
    securityProtocol: "KAFKA_SECURITY_PROTOCOL",
    saslMechanism: "KAFKA_SASL_MECHANISM",
    saslJaasConfig: "KAFKA_SASL_JAAS_CONFIG",
} as const;

/** The Kafka access once its Inputs resolve: what the pod template is built from. */
export interface ResolvedFlinkKafka {
    bootstrapServers: string;
    secretName: string;
}

/** The environment of a cluster's pods: the JAAS line by reference to the Secret, never its value. */
export function flinkKafkaEnv(kafka: ResolvedFlinkKafka): k8s.types.input.core.v1.EnvVar[] {
    return [
        { name: FLINK_KAFKA_ENV.bootstrapServers, value: kafka.bootstrapServers },
        // The plain listener with SCRAM: the password never crosses the wire, the records do in clear.
        { name: FLINK_KAFKA_ENV.securityProtocol, value: "SASL_PLAINTEXT" },
        { name: FLINK_KAFKA_ENV.saslMechanism, value: "SCRAM-SHA-512" },
        { name: FLINK_KAFKA_ENV.saslJaasConfig, valueFrom: { secretKeyRef: { name: kafka.secretName, key: SCRAM_SECRET_KEYS.saslJaasConfig } } },
    ];
}

/** The problems of `kafka` for a cluster in `namespace`, by path relative to `kafka`. */
export function flinkKafkaProblems(kafka: FlinkKafkaArgs, namespace: string): Problem[] {
    const authentication = kafka.authentication ?? "scram-sha-512";
    return new Problems()
        .check(
            kafka.namespace === namespace,
            "namespace",
            `must be the Flink cluster's namespace (${JSON.stringify(namespace)}): the user's Secret is in its Kafka cluster's namespace, and a pod reads Secrets of its own namespace only, got ${JSON.stringify(kafka.namespace)}`,
        )
        .check(
            authentication === "scram-sha-512",
            "authentication",
            `must be "scram-sha-512": the pods get the user's password as one JAAS line; a TLS user's certificate is not handed to Flink, got ${JSON.stringify(authentication)}`,
        ).list;
}
