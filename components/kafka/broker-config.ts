/**
 * The broker configuration the platform writes into the Kafka resource: durability derived from the
 * broker count, the keys Strimzi keeps for itself, and the problems of a user's overrides. Pure: the
 * component, the stack and the tests that feed the configuration to Kafka's own code use the same functions.
 */
import type { Problem } from "../core/problems";

/** A value of the broker configuration: the platform's defaults are numbers and booleans, a user's overrides strings. */
export type ConfigValue = string | number | boolean;
export type BrokerConfig = Record<string, ConfigValue>;

export interface Durability {
    /** `default.replication.factor`, and the replication of Kafka's internal topics. */
    replicationFactor: number;
    /** `min.insync.replicas`, and the minimum ISR of the internal transaction and share-state topics. */
    minInSyncReplicas: number;
}

/**
 * What a cluster of `brokers` brokers can promise. Three brokers or more: three copies, two of which
 * must acknowledge a write (one broker may be down, for a rolling restart, without refusing writes).
 * One broker: one copy. Two brokers: two copies but one in sync, because a minimum of two would refuse
 * every `acks=all` write whenever either broker restarts; with two brokers a write acknowledged by one
 * may be lost with it, which is why production runs three.
 */
export function durabilityDefaults(brokers: number): Durability {
    if (brokers >= 3) return { replicationFactor: 3, minInSyncReplicas: 2 };
    if (brokers === 2) return { replicationFactor: 2, minInSyncReplicas: 1 };
    return { replicationFactor: 1, minInSyncReplicas: 1 };
}

/** Replication factors: each at most the number of brokers. */
export const REPLICATION_FACTOR_KEYS = [
    "default.replication.factor",
    "offsets.topic.replication.factor",
    "transaction.state.log.replication.factor",
    "share.coordinator.state.topic.replication.factor",
] as const;

/** Minimum in-sync replicas, each with the replication factor it must not exceed. */
export const MIN_ISR_KEYS: Readonly<Record<string, (typeof REPLICATION_FACTOR_KEYS)[number]>> = {
    "min.insync.replicas": "default.replication.factor",
    "transaction.state.log.min.isr": "transaction.state.log.replication.factor",
    "share.coordinator.state.topic.min.isr": "share.coordinator.state.topic.replication.factor",
};

/**
 * Broker configuration keys that Strimzi sets itself and refuses in `spec.kafka.config`
 * (KafkaClusterSpec.FORBIDDEN_PREFIXES and its exceptions): listeners, TLS, the KRaft roles and quorum, log directories.
 */
export const STRIMZI_MANAGED_PREFIXES = [
    "listeners",
    "advertised.",
    "broker.",
    "listener.",
    "host.name",
    "port",
    "inter.broker.listener.name",
    "sasl.",
    "ssl.",
    "security.",
    "password.",
    "log.dir",
    "authorizer.",
    "super.user",
    "cruise.control.metrics.topic",
    "cruise.control.metrics.reporter.bootstrap.servers",
    "node.id",
    "process.roles",
    "controller.",
    "metadata.log.dir",
] as const;

export const STRIMZI_MANAGED_EXCEPTIONS = [
    "sasl.server.max.receive.size",
    "ssl.cipher.suites",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.secure.random.implementation",
    "cruise.control.metrics.topic.num.partitions",
    "cruise.control.metrics.topic.replication.factor",
    "cruise.control.metrics.topic.retention.ms",
    "cruise.control.metrics.topic.auto.create.retries",
    "cruise.control.metrics.topic.auto.create.timeout.ms",
    "cruise.control.metrics.topic.min.insync.replicas",
    "controller.quorum.election.backoff.max.ms",
    "controller.quorum.election.timeout.ms",
    "controller.quorum.fetch.timeout.ms",
] as const;

export function isStrimziManaged(key: string): boolean {
    return STRIMZI_MANAGED_PREFIXES.some((prefix) => key.startsWith(prefix)) && !(STRIMZI_MANAGED_EXCEPTIONS as readonly string[]).includes(key);
}

/** Lets consumers read from the replica in their own zone (KIP-392) once brokers know their rack. */
export const RACK_AWARE_REPLICA_SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

/**
 * The broker configuration the platform puts into the Kafka resource: durability derived from the
 * broker count, unclean leader election off, topics created only through KafkaTopic resources, the
 * rack-aware replica selector where brokers know their zone; then `overrides`, which win.
 */
export function brokerConfig(brokers: number, overrides: Readonly<Record<string, string>> = {}, rackAware = false): BrokerConfig {
    const { replicationFactor, minInSyncReplicas } = durabilityDefaults(brokers);
    return {
        "default.replication.factor": replicationFactor,
        "min.insync.replicas": minInSyncReplicas,
        "offsets.topic.replication.factor": replicationFactor,
        "transaction.state.log.replication.factor": replicationFactor,
        "transaction.state.log.min.isr": minInSyncReplicas,
        "share.coordinator.state.topic.replication.factor": replicationFactor,
        "share.coordinator.state.topic.min.isr": minInSyncReplicas,
        // A leader that was not in sync would lose acknowledged writes: stay unavailable instead.
        "unclean.leader.election.enable": false,
        // Topics are declared as KafkaTopic resources (the Topic Operator owns them), not made by a typo in a client.
        "auto.create.topics.enable": false,
        ...(rackAware ? { "replica.selector.class": RACK_AWARE_REPLICA_SELECTOR } : {}),
        ...overrides,
    };
}

/** A whole number given as a number or as its decimal text; undefined for anything else. */
export function wholeNumber(value: ConfigValue | undefined): number | undefined {
    if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
    return undefined;
}

/**
 * Every problem of a broker configuration (overrides merged over the defaults) for a cluster of
 * `brokers` brokers: keys that Strimzi manages itself, replication factors above the broker count,
 * minimum ISRs above their replication factor, a non-boolean unclean leader election. Paths are
 * `config.<key>`.
 */
export function brokerConfigProblems(brokers: number, overrides: Readonly<Record<string, string>>): Problem[] {
    const problems: Problem[] = [];
    const at = (key: string, message: string) => problems.push({ path: `config.${key}`, message });
    for (const key of Object.keys(overrides)) {
        if (isStrimziManaged(key)) at(key, "must not be set: Strimzi manages it (listeners, TLS, KRaft roles and quorum, log directories)");
    }
    const config = brokerConfig(brokers, overrides);
    const factors: Record<string, number | undefined> = {};
    for (const key of REPLICATION_FACTOR_KEYS) {
        const value = wholeNumber(config[key]);
        const valid = value !== undefined && value >= 1 && value <= brokers;
        factors[key] = valid ? value : undefined;
        if (!valid) at(key, `must be a whole number from 1 to the number of brokers (${brokers}), got ${JSON.stringify(config[key])}`);
    }
    for (const [key, factorKey] of Object.entries(MIN_ISR_KEYS)) {
        const value = wholeNumber(config[key]);
        const factor = factors[factorKey];
        const got = JSON.stringify(config[key]);
        if (value === undefined || value < 1) at(key, `must be a whole number, 1 or more, got ${got}`);
        else if (factor !== undefined && value > factor) at(key, `must be at most ${factorKey} (${factor}), got ${got}`);
        else if (factor === undefined && value > brokers) at(key, `must be at most the number of brokers (${brokers}), got ${got}`);
    }
    const unclean = config["unclean.leader.election.enable"];
    if (unclean !== false && unclean !== "true" && unclean !== "false") {
        at("unclean.leader.election.enable", `must be true or false, got ${JSON.stringify(unclean)}`);
    }
    return problems;
}
