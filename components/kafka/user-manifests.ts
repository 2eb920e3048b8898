/** A Kafka client as a Strimzi KafkaUser: its ACLs, its Secret and the manifest. Pure: no Pulumi. */
import { componentLabels } from "../core/labels";
import type { KafkaUser } from "../core/objects";
import { waitForAnnotations } from "../core/wait";
import { KafkaUserArgs, PREFIX_WILDCARD } from "./user-args";
import { STRIMZI_API_VERSION } from "./versions";

type Acl = NonNullable<KafkaUser["spec"]["authorization"]>["acls"][number];
type Operation = Acl["operations"][number];

/** The operations each topic access grants; Describe too, which clients use to find partitions and offsets. */
export const TOPIC_OPERATIONS: Readonly<Record<string, readonly Operation[]>> = {
    read: ["Read", "Describe"],
    write: ["Write", "Describe"],
    readWrite: ["Read", "Write", "Describe"],
};

/**
 * The keys of a SCRAM-SHA-512 user's Secret (Strimzi's KafkaUserModel): the password, and the JAAS line
 * a client sets as `sasl.jaas.config` (`org.apache.kafka.common.security.scram.ScramLoginModule required
 * username="…" password="…";`).
 */
export const SCRAM_SECRET_KEYS = { password: "password", saslJaasConfig: "sasl.jaas.config" } as const;

/** The keys of a TLS user's Secret: the clients CA, the user's certificate and key, and them as a PKCS #12 store with its password. */
export const TLS_SECRET_KEYS = { caCert: "ca.crt", cert: "user.crt", key: "user.key", keystore: "user.p12", keystorePassword: "user.password" } as const;

export interface ResolvedKafkaUser {
    userName: string;
    clusterName: string;
    namespace: string;
    /** The component's name, for the platform's labels. */
    instance: string;
    authentication: string;
    topics: Record<string, string>;
    groups: string[];
    transactionalIds: string[];
    timeoutSeconds: number;
}

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveKafkaUserArgs(name: string, args: KafkaUserArgs): ResolvedKafkaUser {
    return {
        userName: args.userName ?? name,
        clusterName: args.clusterName,
        namespace: args.namespace,
        instance: name,
        authentication: args.authentication ?? "scram-sha-512",
        topics: args.topics ?? {},
        groups: args.groups ?? [],
        transactionalIds: args.transactionalIds ?? [],
        timeoutSeconds: args.timeoutSeconds ?? 300,
    };
}

/**
 * The Secret that Strimzi's User Operator writes the user's credentials into: named like the user, in
 * the cluster's namespace (the operator's secret prefix, unset by the platform, is empty).
 */
export function kafkaUserSecretName(user: Pick<ResolvedKafkaUser, "userName">): string {
    return user.userName;
}

/** The principal Kafka's ACLs name the user by: its name with SCRAM, the certificate's subject with TLS. */
export function kafkaUserPrincipal(user: Pick<ResolvedKafkaUser, "userName" | "authentication">): string {
    return user.authentication === "tls" ? `User:CN=${user.userName}` : `User:${user.userName}`;
}

/** A resource of an ACL: a literal name, or a prefix for a name that ends in "*". */
function resource(type: Acl["resource"]["type"], name: string): Acl["resource"] {
    const prefix = name.endsWith(PREFIX_WILDCARD);
    return { type, name: prefix ? name.slice(0, -PREFIX_WILDCARD.length) : name, patternType: prefix ? "prefix" : "literal" };
}

/** The user's ACLs, allow only (Kafka denies what no ACL allows): topics by access, groups, transactional ids. */
export function kafkaUserAcls(user: Pick<ResolvedKafkaUser, "topics" | "groups" | "transactionalIds">): Acl[] {
    return [
        ...Object.entries(user.topics).map(([topic, access]): Acl => ({ type: "allow", resource: resource("topic", topic), operations: [...(TOPIC_OPERATIONS[access] ?? [])] })),
        ...user.groups.map((group): Acl => ({ type: "allow", resource: resource("group", group), operations: ["Read"] })),
        ...user.transactionalIds.map((id): Acl => ({ type: "allow", resource: resource("transactionalId", id), operations: ["Write", "Describe"] })),
    ];
}

export function kafkaUserManifest(user: ResolvedKafkaUser): KafkaUser {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaUser",
        metadata: {
            name: user.userName,
            namespace: user.namespace,
            labels: { ...componentLabels(user.instance, "kafka-user"), "strimzi.io/cluster": user.clusterName },
            annotations: waitForAnnotations(["condition=Ready"], user.timeoutSeconds),
        },
        spec: {
            authentication: { type: user.authentication === "tls" ? "tls" : "scram-sha-512" },
            authorization: { type: "simple", acls: kafkaUserAcls(user) },
        },
    };
}
