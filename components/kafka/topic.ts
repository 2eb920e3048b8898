import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { createObject } from "../core/objects";
import { ConfigValue, readyAnnotations, STRIMZI_API_VERSION, wholeNumber } from "./config";
import { componentLabels, isDnsLabel } from "../core/labels";
import type { Manifest } from "../core/manifest";

export const CLEANUP_POLICIES = ["delete", "compact", "compact,delete"] as const;

/** A Kafka topic name: letters, digits, ".", "_" and "-", at most 249, and not "." or "..". */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function isTopicName(name: string): boolean {
    return TOPIC_NAME.test(name) && name !== "." && name !== "..";
}

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
    /** Number of partitions; it can grow later, never shrink. @default 3 */
    partitions?: number;
    /** Replication factor, at most the number of brokers. @default the cluster's `default.replication.factor` */
    replicas?: number;
    /** How long records are kept, in milliseconds; -1 keeps them forever (`retention.ms`). @default the broker's (7 days) */
    retentionMs?: number;
    /** Largest size of a partition before old segments go, in bytes; -1 for no limit (`retention.bytes`). @default the broker's (no limit) */
    retentionBytes?: number;
    /** "delete" (by retention), "compact" (keep the latest record per key) or "compact,delete". @default "delete" */
    cleanupPolicy?: string;
    /** Further topic configuration, such as `{ "min.insync.replicas": 2 }`; Kafka's topic-level keys. @default {} */
    config?: Record<string, ConfigValue>;
    /** How long `pulumi up` waits for the Topic Operator to report the topic Ready, in seconds. @default 300 */
    timeoutSeconds?: number;
}

export interface ResolvedKafkaTopic {
    /** The KafkaTopic resource's name (a DNS subdomain). */
    resourceName: string;
    topicName: string;
    clusterName: string;
    namespace: string;
    instance: string;
    brokers?: number;
    partitions: number;
    replicas?: number;
    config: Record<string, ConfigValue>;
    cleanupPolicy: string;
    timeoutSeconds: number;
}

/** A Kubernetes name for a topic name: lower case, anything else than letters, digits, "." and "-" becomes "-". */
export function topicResourceName(topicName: string): string {
    return topicName
        .toLowerCase()
        .replace(/[^a-z0-9.-]/g, "-")
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
        .slice(0, 253);
}

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveKafkaTopicArgs(name: string, args: KafkaTopicArgs): ResolvedKafkaTopic {
    const topicName = args.topicName ?? name;
    const cleanupPolicy = args.cleanupPolicy ?? "delete";
    const config: Record<string, ConfigValue> = { "cleanup.policy": cleanupPolicy };
    if (args.retentionMs !== undefined) config["retention.ms"] = args.retentionMs;
    if (args.retentionBytes !== undefined) config["retention.bytes"] = args.retentionBytes;
    return {
        resourceName: topicResourceName(topicName),
        topicName,
        clusterName: args.clusterName,
        namespace: args.namespace,
        instance: name,
        brokers: args.brokers,
        partitions: args.partitions ?? 3,
        replicas: args.replicas,
        config: { ...config, ...(args.config ?? {}) },
        cleanupPolicy,
        timeoutSeconds: args.timeoutSeconds ?? 300,
    };
}

/** Every problem of the arguments, each naming the argument and what is allowed. */
export function validateKafkaTopic(name: string, t: ResolvedKafkaTopic): ArgumentChecks {
    const checks = new ArgumentChecks("KafkaTopic", name);
    checks.check(isDnsLabel(t.clusterName), `clusterName must be a DNS label, got "${t.clusterName}"`);
    checks.check(isDnsLabel(t.namespace), `namespace must be a DNS label, got "${t.namespace}"`);
    const validName = isTopicName(t.topicName);
    checks.check(validName, `topicName must be letters, digits, ".", "_" and "-" (at most 249), got "${t.topicName}"`);
    checks.check(!validName || t.resourceName.length > 0, `topicName must contain a letter or a digit, got "${t.topicName}"`);
    checks.check(Number.isInteger(t.partitions) && t.partitions >= 1, `partitions must be a whole number, 1 or more, got ${t.partitions}`);
    const brokersKnown = t.brokers !== undefined && Number.isInteger(t.brokers) && t.brokers >= 1;
    if (t.replicas !== undefined) {
        const valid = Number.isInteger(t.replicas) && t.replicas >= 1;
        checks.check(valid, `replicas must be a whole number, 1 or more, got ${t.replicas}`);
        if (valid && brokersKnown) checks.check(t.replicas <= t.brokers!, `replicas must be at most the number of brokers (${t.brokers}), got ${t.replicas}`);
    }
    checks.check(
        (CLEANUP_POLICIES as readonly string[]).includes(t.cleanupPolicy),
        `cleanupPolicy must be one of ${CLEANUP_POLICIES.map((p) => `"${p}"`).join(", ")}, got "${t.cleanupPolicy}"`,
    );
    for (const key of ["retention.ms", "retention.bytes"] as const) {
        const value = t.config[key];
        if (value === undefined) continue;
        const n = wholeNumber(value);
        const arg = key === "retention.ms" ? "retentionMs" : "retentionBytes";
        checks.check(n !== undefined && n >= -1, `${arg} must be a whole number, -1 (no limit) or more, got ${JSON.stringify(value)}`);
    }
    const minIsr = t.config["min.insync.replicas"];
    if (minIsr !== undefined) {
        const n = wholeNumber(minIsr);
        const bound = t.replicas ?? (brokersKnown ? t.brokers : undefined);
        const what = t.replicas !== undefined ? `replicas (${t.replicas})` : `the number of brokers (${bound})`;
        checks.check(n !== undefined && n >= 1 && (bound === undefined || n <= bound), `config.min.insync.replicas must be a whole number from 1 to ${what}, got ${JSON.stringify(minIsr)}`);
    }
    checks.check(Number.isInteger(t.timeoutSeconds) && t.timeoutSeconds > 0, `timeoutSeconds must be a whole number above 0, got ${t.timeoutSeconds}`);
    return checks;
}

/** The KafkaTopic resource; `spec.topicName` only where the Kafka name is not a valid Kubernetes name. */
export function kafkaTopicManifest(t: ResolvedKafkaTopic): Manifest {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaTopic",
        metadata: {
            name: t.resourceName,
            namespace: t.namespace,
            labels: { ...componentLabels(t.instance, "kafka-topic"), "strimzi.io/cluster": t.clusterName },
            annotations: readyAnnotations(t.timeoutSeconds),
        },
        spec: {
            ...(t.resourceName !== t.topicName ? { topicName: t.topicName } : {}),
            partitions: t.partitions,
            ...(t.replicas !== undefined ? { replicas: t.replicas } : {}),
            config: t.config,
        },
    };
}

/**
 * A Kafka topic, declared as a Strimzi `KafkaTopic` resource that the cluster's Topic Operator creates
 * and keeps in line: partitions, replicas, retention and cleanup policy. Prefer `KafkaCluster.addTopic`,
 * which fills in the cluster and checks `replicas` against its brokers.
 */
export class KafkaTopic extends pulumi.ComponentResource {
    /** The topic's name in Kafka. */
    public readonly topicName: pulumi.Output<string>;

    constructor(name: string, args: KafkaTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveKafkaTopicArgs(name, args);
        validateKafkaTopic(name, resolved).throwIfAny();
        super("streaming-platform:index:KafkaTopic", name, {}, opts);

        createObject(name, kafkaTopicManifest(resolved), { parent: this });

        this.topicName = pulumi.output(resolved.topicName);
        this.registerOutputs({ topicName: this.topicName });
    }
}
