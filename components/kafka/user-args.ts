/** The arguments of a KafkaUser: who the client is and what it may do. */

/** How a user authenticates: a password (SCRAM-SHA-512, on the plain listener) or a certificate (mutual TLS, on the TLS listener). */
export const USER_AUTHENTICATIONS = ["scram-sha-512", "tls"] as const;

/** What a user may do with a topic: consume it, produce to it, or both. */
export const TOPIC_ACCESS = ["read", "write", "readWrite"] as const;

/** A name that ends in this covers every name that starts with the rest (a `prefix` ACL). */
export const PREFIX_WILDCARD = "*";

/**
 * A client of a Kafka cluster: its credentials (made by Strimzi's User Operator into a Secret named
 * like the user) and its ACLs. Plain values, not Outputs: they are checked before anything is created.
 * Topic, group and transactional id names are literal; one that ends in "*" is a prefix ("fraud-job-*"
 * covers every name that starts with "fraud-job-"), as a Flink job's transactional ids need.
 */
export interface KafkaUserArgs {
    /** Name of the Kafka cluster (its `Kafka` resource) the user belongs to. */
    clusterName: string;
    /** Namespace of the Kafka cluster: the User Operator watches the cluster's own namespace, and puts the user's Secret there. */
    namespace: string;
    /**
     * The user's name: the KafkaUser's and its Secret's, and the principal Kafka knows it by (`User:<name>`
     * with SCRAM-SHA-512, `User:CN=<name>` with TLS). A DNS label.
     * @default the component's name
     */
    userName?: string;
    /** "scram-sha-512" (a password, for the plain listener) or "tls" (a client certificate, for the TLS listener). @default "scram-sha-512" */
    authentication?: string;
    /**
     * Topics by their name in Kafka, each with the access the user gets: "read" (Read and Describe: a
     * consumer), "write" (Write and Describe: a producer, idempotent included, as Kafka 3 and later
     * need no cluster right for that) or "readWrite".
     * @default {} (no topic)
     */
    topics?: Record<string, string>;
    /** Consumer groups the user may join and commit offsets for (Read on the group). @default [] */
    groups?: string[];
    /**
     * Transactional ids the user may produce with (Write and Describe on the transactional id), for
     * exactly-once producers; a Flink job's KafkaSink uses `<prefix>-<subtask>-<n>`, so give it "<prefix>-*".
     * @default []
     */
    transactionalIds?: string[];
    /** How long `pulumi up` waits for the User Operator to report the user Ready, in seconds. @default 300 */
    timeoutSeconds?: number;
}
