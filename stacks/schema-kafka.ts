import { z } from "zod";
import { dnsLabel, memory, resources, section } from "./schema-helpers";

/**
 * Kafka's configuration values as YAML gives them (`72`, `true`, `"zstd"`), as the text that Kafka's
 * own configuration holds and the components take.
 */
const configValues = z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value)),
);

const nodePool = section({
    replicas: z.number().optional(),
    storageSize: memory.optional(),
    storageClass: z.string().optional(),
    resources: resources.optional(),
    jvmHeap: z.string().optional(),
    jvmFlags: z.record(z.string(), z.string()).optional(),
});

const topic = section({
    /** The name in Kafka. @default the key */
    topicName: z.string().optional(),
    partitions: z.number().optional(),
    replicas: z.number().optional(),
    retentionMs: z.number().optional(),
    retentionBytes: z.number().optional(),
    cleanupPolicy: z.string().optional(),
    config: configValues.optional(),
});

/** The plain listener: on or off, or on with its authentication ("scram-sha-512" or "none", checked by the component). */
const plainListener = z.union([z.boolean(), section({ enabled: z.boolean().optional(), authentication: z.string().optional() })], {
    error: (issue) => `must be true, false or { enabled, authentication: scram-sha-512 | none }, got ${JSON.stringify(issue.input)}`,
});

/** A client of the cluster: its ACLs, and where its pods run (what the listeners admit). */
const user = section({
    /** Topic keys of `topics`, each with "read", "write" or "readWrite". */
    topics: z.record(z.string(), z.string()).default({}),
    groups: z.array(z.string()).optional(),
    transactionalIds: z.array(z.string()).optional(),
    /** "scram-sha-512" (the plain listener) or "tls" (the TLS listener). @default "scram-sha-512" */
    authentication: z.string().optional(),
    /** The platform namespace where the client's pods run. @default the streaming namespace */
    namespace: dnsLabel.optional(),
    /** Labels of the client's pods; required unless a Flink cluster runs as the user ({} admits every pod of the namespace). */
    podLabels: z.record(z.string(), z.string()).optional(),
});

/**
 * `streaming-platform:kafka`: the Strimzi operator, a Kafka cluster in KRaft mode and its topics. Only
 * shapes and types here: the values are checked by the components' own rules (`kafkaProblems` in
 * stacks/kafka.ts), each named by its key path.
 */
export const kafkaSchema = section({
    /** @default true */
    enabled: z.boolean().default(true),
    /** Name of the Kafka cluster; clients bootstrap from `<name>-kafka-bootstrap`. @default "events" */
    name: z.string().default("events"),
    /** @default KAFKA_VERSION */
    version: z.string().optional(),
    /** "combined" (a laptop) or "separate" controllers and brokers (production). @default "combined" on minikube, "separate" elsewhere */
    layout: z.string().optional(),
    combined: nodePool.optional(),
    controllers: nodePool.optional(),
    brokers: nodePool.optional(),
    listeners: section({ plain: plainListener.optional(), tls: z.boolean().optional() }).optional(),
    /** Broker configuration on top of the platform's defaults. */
    config: configValues.optional(),
    /** Topics by a DNS label, which is also their name in Kafka unless `topicName` says otherwise. */
    topics: z.record(dnsLabel, topic).default({}),
    /** Clients by their user name, a DNS label: the KafkaUser and its Secret are named by it. */
    users: z.record(dnsLabel, user).default({}),
    operator: section({ replicas: z.number().optional(), resources: resources.optional() }).optional(),
    entityOperator: section({ topicOperator: resources.optional(), userOperator: resources.optional() }).optional(),
    /** Prometheus metrics of the brokers. @default true */
    metrics: z.boolean().optional(),
});
export type KafkaStackConfig = z.infer<typeof kafkaSchema>;

/** The section's value when a stack does not set it: a production cluster (three controllers, three brokers). */
export const KAFKA_DEFAULTS = { enabled: true, name: "events", topics: {}, users: {} } as const;
