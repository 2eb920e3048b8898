import * as pulumi from "@pulumi/pulumi";
import { dnsLabelMessage, instanceNameMessage, isDnsLabel, isLabelValue } from "../core/labels";
import { createObject } from "../core/objects";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { ConfigValue, wholeNumber } from "./broker-config";
import { CLEANUP_POLICIES, isTopicName, kafkaTopicManifest, ResolvedKafkaTopic, topicNameSlug, topicResourceName } from "./topic-manifest";
import { once } from "../core/outputs";

/**
 * A topic of a Kafka cluster. Plain values, not Outputs: they are checked against the cluster's
 * brokers before anything is created.
 */
export interface KafkaTopicArgs {
    /** Name of the Kafka cluster (its `Kafka` resource) the topic belongs to. */
    clusterName: string;
    /** Namespace of the Kafka cluster: the Topic Operator watches the cluster's own namespace. */
    namespace: string;
    /** The topic's name in Kafka. @default the component's name */
    topicName?: string;
    /**
     * Number of brokers of the cluster, to check `replicas` against (`KafkaCluster.addTopic` passes it).
     * @default unknown: `replicas` is only checked to be 1 or more
     */
    brokers?: number;
    /**
     * The cluster's `default.replication.factor`, what a topic without `replicas` gets; written into the
     * KafkaTopic so that the render shows it (`KafkaCluster.addTopic` passes it).
     * @default unknown: the broker applies its own default
     */
    defaultReplicationFactor?: number;
    /** Number of partitions; it can grow later, never shrink. @default 3 */
    partitions?: number;
    /** Replication factor, at most the number of brokers. @default `defaultReplicationFactor` */
    replicas?: number;
    /** How long records are kept, in milliseconds; -1 keeps them forever (`retention.ms`). @default the broker's (7 days) */
    retentionMs?: number;
    /** Largest size of a partition before old segments go, in bytes; -1 for no limit (`retention.bytes`). @default the broker's (no limit) */
    retentionBytes?: number;
    /** "delete" (by retention), "compact" (keep the latest record per key) or "compact,delete". @default "delete" */
    cleanupPolicy?: string;
    /**
     * Further topic configuration, Kafka's topic-level keys with their values as text, such as
     * `{ "min.insync.replicas": "2" }`.
     * @default {}
     */
    config?: Record<string, string>;
    /** How long `pulumi up` waits for the Topic Operator to report the topic Ready, in seconds. @default 300 */
    timeoutSeconds?: number;
}

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveKafkaTopicArgs(name: string, args: KafkaTopicArgs): ResolvedKafkaTopic {
    const topicName = args.topicName ?? name;
    const cleanupPolicy = args.cleanupPolicy ?? "delete";
    const config: Record<string, ConfigValue> = { "cleanup.policy": cleanupPolicy };
    if (args.retentionMs !== undefined) config["retention.ms"] = args.retentionMs;
    if (args.retentionBytes !== undefined) config["retention.bytes"] = args.retentionBytes;
    return {
        resourceName: topicResourceName(args.clusterName, topicName),
        topicName,
        clusterName: args.clusterName,
        namespace: args.namespace,
        instance: name,
        brokers: args.brokers,
        partitions: args.partitions ?? 3,
        replicas: args.replicas ?? args.defaultReplicationFactor,
        config: { ...config, ...(args.config ?? {}) },
        cleanupPolicy,
        timeoutSeconds: args.timeoutSeconds ?? 300,
    };
}

const isCount = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n >= 1;

export function kafkaTopicProblems(name: string, args: KafkaTopicArgs): Problem[] {
    const t = resolveKafkaTopicArgs(name, args);
    const brokers = isCount(t.brokers) ? t.brokers : undefined;
    const problems = new Problems()
        .check(isLabelValue(name), "name", instanceNameMessage(name))
        .check(isDnsLabel(t.clusterName), "clusterName", dnsLabelMessage(t.clusterName))
        .check(isDnsLabel(t.namespace), "namespace", dnsLabelMessage(t.namespace));
    const validName = isTopicName(t.topicName);
    problems
        .check(validName, "topicName", `must be letters, digits, ".", "_" and "-" (at most 249), got ${JSON.stringify(t.topicName)}`)
        .check(!validName || topicNameSlug(t.topicName).length > 0, "topicName", `must contain a letter or a digit, got ${JSON.stringify(t.topicName)}`)
        .check(isCount(t.partitions), "partitions", `must be a whole number, 1 or more, got ${JSON.stringify(t.partitions)}`);
    for (const key of ["replicas", "defaultReplicationFactor"] as const) {
        const value = args[key];
        if (value === undefined) continue;
        problems.check(isCount(value), key, `must be a whole number, 1 or more, got ${JSON.stringify(value)}`);
        if (isCount(value) && brokers !== undefined) problems.check(value <= brokers, key, `must be at most the number of brokers (${brokers}), got ${value}`);
    }
    problems.check(
        (CLEANUP_POLICIES as readonly string[]).includes(t.cleanupPolicy),
        "cleanupPolicy",
        `must be one of ${CLEANUP_POLICIES.map((p) => `"${p}"`).join(", ")}, got ${JSON.stringify(t.cleanupPolicy)}`,
    );
    for (const [key, arg] of [
        ["retention.ms", "retentionMs"],
        ["retention.bytes", "retentionBytes"],
    ] as const) {
        const value = t.config[key];
        if (value === undefined) continue;
        const n = wholeNumber(value);
        const path = args.config?.[key] !== undefined ? `config.${key}` : arg;
        problems.check(n !== undefined && n >= -1, path, `must be a whole number, -1 (no limit) or more, got ${JSON.stringify(value)}`);
    }
    const minIsr = t.config["min.insync.replicas"];
    if (minIsr !== undefined) {
        // The bound is what the topic will have: its replicas, else the cluster's default, else at most every broker.
        const [bound, what] = isCount(args.replicas)
            ? [args.replicas, "replicas"]
            : isCount(args.defaultReplicationFactor)
              ? [args.defaultReplicationFactor, "default.replication.factor"]
              : [brokers, "the number of brokers"];
        const n = wholeNumber(minIsr);
        problems.check(
            n !== undefined && n >= 1 && (bound === undefined || n <= bound),
            "config.min.insync.replicas",
            `must be a whole number${bound === undefined ? ", 1 or more" : ` from 1 to ${what} (${bound})`}, got ${JSON.stringify(minIsr)}`,
        );
    }
    return problems.check(Number.isInteger(t.timeoutSeconds) && t.timeoutSeconds > 0, "timeoutSeconds", `must be a whole number above 0, got ${JSON.stringify(t.timeoutSeconds)}`)
        .list;
}

/**
 * A Kafka topic, declared as a Strimzi `KafkaTopic` resource (named `<cluster>-<topic>`) that the
 * cluster's Topic Operator creates and keeps in line: partitions, replicas, retention and cleanup
 * policy. Prefer `KafkaCluster.addTopic`, which fills in the cluster and checks `replicas` against its brokers.
 */
export class KafkaTopic extends pulumi.ComponentResource {
    /** The topic's name in Kafka; resolves once the KafkaTopic exists (and is Ready). */
    public readonly topicName: pulumi.Output<string>;

    constructor(name: string, args: KafkaTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("KafkaTopic", name, kafkaTopicProblems(name, args));
        super("streaming-platform:index:KafkaTopic", name, {}, opts);
        const resolved = resolveKafkaTopicArgs(name, args);

        const topic = createObject(name, kafkaTopicManifest(resolved), { parent: this });

        this.topicName = once(topic, resolved.topicName);
        this.registerOutputs({ topicName: this.topicName });
    }
}
