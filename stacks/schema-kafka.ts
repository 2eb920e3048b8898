import { z } from "zod";
import {
    brokerConfig,
    brokerConfigProblems,
    DEFAULT_NODE_REPLICAS,
    isJvmSize,
    NODE_LAYOUTS,
    NODE_POOL_KEYS,
    NodePoolKey,
    nodePoolRelationProblems,
    POOL_ROLES,
    SUPPORTED_KAFKA_VERSIONS,
    wholeNumber,
} from "../components/kafka/config";
import { CLEANUP_POLICIES, isTopicName } from "../components/kafka/topic";
import { dnsLabel, memory, resources, section } from "./schema-helpers";

const configValue = z.union([z.string(), z.number(), z.boolean()]);

const nodePool = section({
    replicas: z.int().min(1).optional(),
    storageSize: memory.optional(),
    storageClass: z.string().min(1).optional(),
    resources: resources.optional(),
    jvmHeap: z
        .string()
        .refine(isJvmSize, { error: (issue) => `must be a JVM size such as "512m" or "2g", got ${JSON.stringify(issue.input)}` })
        .optional(),
    jvmFlags: z.record(z.string(), z.string()).optional(),
});

const topic = section({
    /** The name in Kafka. @default the key */
    topicName: z
        .string()
        .refine(isTopicName, { error: (issue) => `must be letters, digits, ".", "_" and "-" (at most 249), got ${JSON.stringify(issue.input)}` })
        .optional(),
    partitions: z.int().min(1).optional(),
    replicas: z.int().min(1).optional(),
    retentionMs: z.int().min(-1).optional(),
    retentionBytes: z.int().min(-1).optional(),
    cleanupPolicy: z.enum(CLEANUP_POLICIES).optional(),
    config: z.record(z.string(), configValue).optional(),
});

const layouts: Record<(typeof NODE_LAYOUTS)[number], NodePoolKey[]> = { combined: ["combined"], separate: ["controllers", "brokers"] };

/**
 * `streaming-platform:kafka`: the Strimzi operator, a Kafka cluster in KRaft mode and its topics. The
 * rules that span keys (durability against the broker count, a topic's replicas, a pool that its layout
 * does not use, a heap above its memory limit) are checked here too, each named by its key path.
 */
export const kafkaSchema = section({
    /** @default true */
    enabled: z.boolean().default(true),
    /** Name of the Kafka cluster; clients bootstrap from `<name>-kafka-bootstrap`. @default "events" */
    name: dnsLabel.refine((n) => n.length <= 40, { error: "must be at most 40 characters" }).default("events"),
    /** @default KAFKA_VERSION */
    version: z.enum(Object.keys(SUPPORTED_KAFKA_VERSIONS) as [string, ...string[]]).optional(),
    /** "combined" (a laptop) or "separate" controllers and brokers (production). @default "separate" */
    layout: z.enum(NODE_LAYOUTS).default("separate"),
    combined: nodePool.optional(),
    controllers: nodePool.optional(),
    brokers: nodePool.optional(),
    listeners: section({ plain: z.boolean().optional(), tls: z.boolean().optional() }).optional(),
    /** Broker configuration on top of the platform's defaults. */
    config: z.record(z.string(), configValue).optional(),
    /** Topics, keyed by the name of their KafkaTopic resource. */
    topics: z.record(dnsLabel, topic).default({}),
    operator: section({ replicas: z.int().min(1).optional(), resources: resources.optional() }).optional(),
    entityOperator: section({ topicOperator: resources.optional(), userOperator: resources.optional() }).optional(),
    /** Prometheus metrics of the brokers. @default true */
    metrics: z.boolean().optional(),
}).superRefine(
    (kafka, ctx) => {
        const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
        // This runs even when other keys failed to parse (so every problem is listed at once): look only at values of the right shape.
        const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
        if (!isObject(kafka)) return;
        const used = layouts[kafka.layout];
        if (used === undefined) return;
        for (const key of NODE_POOL_KEYS) {
            const pool = kafka[key];
            if (pool === undefined || !isObject(pool)) continue;
            if (!used.includes(key)) {
                issue([key], `is only used when layout is "${key === "combined" ? "combined" : "separate"}", and layout is "${kafka.layout}"`);
                continue;
            }
            for (const problem of nodePoolRelationProblems(key, pool)) issue(problem.path, problem.message);
        }
        if (kafka.listeners?.plain === false && kafka.listeners.tls !== true) issue(["listeners"], "must keep a listener: plain and tls cannot both be off");

        // Durability and topics depend on the broker count, known only when the pools' sizes are valid.
        const replicas = used.map((key) => kafka[key]?.replicas ?? DEFAULT_NODE_REPLICAS[key]);
        if (!replicas.every((n) => Number.isInteger(n) && n >= 1)) return;
        const brokers = used.filter((key) => POOL_ROLES[key].includes("broker")).reduce((n, key) => n + (kafka[key]?.replicas ?? DEFAULT_NODE_REPLICAS[key]), 0);
        if (isObject(kafka.config) || kafka.config === undefined) {
            for (const problem of brokerConfigProblems(brokers, kafka.config ?? {})) issue(problem.path, problem.message);
        }
        // What a topic without `replicas` gets; the number of brokers where the configured default is itself wrong.
        const configured = wholeNumber(brokerConfig(brokers, isObject(kafka.config) ? kafka.config : {})["default.replication.factor"]);
        const defaultReplicas = configured !== undefined && configured >= 1 && configured <= brokers ? configured : brokers;
        for (const [name, t] of Object.entries(isObject(kafka.topics) ? kafka.topics : {})) {
            if (!isObject(t)) continue;
            const topicReplicas = Number.isInteger(t.replicas) && t.replicas! >= 1 ? t.replicas : undefined;
            if (topicReplicas !== undefined && topicReplicas > brokers) issue(["topics", name, "replicas"], `must be at most the number of brokers (${brokers}), got ${topicReplicas}`);
            const minIsr = isObject(t.config) ? t.config?.["min.insync.replicas"] : undefined;
            if (minIsr === undefined) continue;
            const n = wholeNumber(minIsr);
            const bound = topicReplicas ?? defaultReplicas;
            if (n === undefined || n < 1 || n > bound) {
                issue(["topics", name, "config", "min.insync.replicas"], `must be a whole number from 1 to ${topicReplicas !== undefined ? "replicas" : "default.replication.factor"} (${bound}), got ${JSON.stringify(minIsr)}`);
            }
        }
    },
    // Also when other keys are wrong, so that the stack's message lists every problem at once.
    { when: () => true },
);
export type KafkaStackConfig = z.infer<typeof kafkaSchema>;

/** The section's value when a stack does not set it: a production cluster (three controllers, three brokers). */
export const KAFKA_DEFAULTS = { enabled: true, name: "events", layout: "separate", topics: {} } as const;
