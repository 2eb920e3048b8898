/** A Kafka topic as a Strimzi KafkaTopic manifest, and the names it is known by. Pure: no Pulumi. */
import { componentLabels } from "../core/labels";
import type { KafkaTopic } from "../core/objects";
import { waitForAnnotations } from "../core/wait";
import type { ConfigValue } from "./broker-config";
import { STRIMZI_API_VERSION } from "./versions";

export const CLEANUP_POLICIES = ["delete", "compact", "compact,delete"] as const;

/** A Kafka topic name: letters, digits, ".", "_" and "-", at most 249, and not "." or "..". */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function isTopicName(name: string): boolean {
    return TOPIC_NAME.test(name) && name !== "." && name !== "..";
}

/** A topic name as part of a Kubernetes name: lower case, anything else than letters, digits, "." and "-" becomes "-". */
export function topicNameSlug(topicName: string): string {
    return topicName
        .toLowerCase()
        .replace(/[^a-z0-9.-]/g, "-")
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
}

/**
 * The KafkaTopic's name (a DNS subdomain): `<cluster>-<topic>`, so that two clusters in one namespace
 * may each have a topic of the same name. The Kafka name is always in `spec.topicName`.
 */
export function topicResourceName(clusterName: string, topicName: string): string {
    return `${clusterName}-${topicNameSlug(topicName)}`.slice(0, 253);
}

export interface ResolvedKafkaTopic {
    /** The KafkaTopic resource's name: `topicResourceName`. */
    resourceName: string;
    topicName: string;
    clusterName: string;
    namespace: string;
    /** The component's name, for the platform's labels. */
    instance: string;
    brokers?: number;
    partitions: number;
    /** `replicas`, or else the cluster's default replication factor; unset leaves it to the broker. */
    replicas?: number;
    /** The topic configuration: cleanup policy and retention, then the user's keys. */
    config: Record<string, ConfigValue>;
    cleanupPolicy: string;
    timeoutSeconds: number;
}

export function kafkaTopicManifest(t: ResolvedKafkaTopic): KafkaTopic {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaTopic",
        metadata: {
            name: t.resourceName,
            namespace: t.namespace,
            labels: { ...componentLabels(t.instance, "kafka-topic"), "strimzi.io/cluster": t.clusterName },
            annotations: waitForAnnotations(["condition=Ready"], t.timeoutSeconds),
        },
        spec: {
            topicName: t.topicName,
            partitions: t.partitions,
            ...(t.replicas !== undefined ? { replicas: t.replicas } : {}),
            config: t.config,
        },
    };
}
