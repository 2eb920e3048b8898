/**
 * What Strimzi 1.2.0 makes of a Kafka resource and its KafkaUsers, for the parts that decide who may
 * connect and what they may do, so that a test can start a real broker with them
 * (test/real/kafka-auth.test.ts). Pure. Read from strimzi/strimzi-kafka-operator:
 *
 * - the node's broker configuration: cluster-operator/…/cluster/model/KafkaBrokerConfigurationBuilder.java
 *   (withKRaft, withListeners, configureAuthentication, withAuthorization) with ListenersUtils.identifier
 *   (listener names) and AuthenticationUtils.jaasConfig (the JAAS line);
 * - the KafkaUser: user-operator/…/user/model/KafkaUserModel.java (SCRAM user name = the resource's
 *   name, TLS user name = `CN=<name>`, the Secret's `sasl.jaas.config`), …/user/model/acl/SimpleAclRule.java
 *   and SimpleAclRuleResource.java (each operation of a rule becomes one Kafka AclBinding),
 *   api/…/user/acl/AclRule.java (type `allow` and host `*` by default), and
 *   …/user/operator/ScramCredentialsOperator.java (SCRAM-SHA-512, 4096 iterations, through the Admin API).
 *
 * The copy of KafkaBrokerConfigurationBuilder read is a KRaft-only one with the Strimzi metrics reporter
 * (0.47 or later); it could not be pinned to the 1.2.0 tag, but these lines have not changed in years.
 *
 * Left out: what does not change who is admitted — config providers (the test resolves the
 * `${strimzisecrets:…}` placeholders itself), Cruise Control, metrics reporters, rack, quotas.
 */
import type { IKafkaUser } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser";
import type { Kafka } from "../../components/core/objects";

export type KafkaUser = IKafkaUser;
type Listener = Kafka["spec"]["kafka"]["listeners"][number];

/** Strimzi's own listeners (KafkaCluster.CONTROLPLANE_PORT, REPLICATION_PORT): TLS with client certificates, always. */
export const CONTROLPLANE_LISTENER = "CONTROLPLANE-9090";
export const REPLICATION_LISTENER = "REPLICATION-9091";

/** A node of the cluster: its KafkaNodePool, its node ID and its KRaft roles. */
export interface StrimziNode {
    pool: string;
    nodeId: number;
    broker: boolean;
    controller: boolean;
}

/** The listener's name in the broker configuration: `<name>-<port>` upper-cased (ListenersUtils.identifier). */
export function listenerName(listener: Pick<Listener, "name" | "port">): string {
    return `${listener.name}-${listener.port}`.toUpperCase();
}

export function podName(cluster: string, node: StrimziNode): string {
    return `${cluster}-${node.pool}-${node.nodeId}`;
}

/** The pod's address in the brokers' headless Service (DnsNameGenerator.podDnsNameWithoutClusterDomain). */
export function podAddress(cluster: string, namespace: string, node: StrimziNode): string {
    return `${podName(cluster, node)}.${cluster}-kafka-brokers.${namespace}.svc`;
}

/** A value that Strimzi's KubernetesSecretConfigProvider reads from a Secret when the node starts. */
export function secretPlaceholder(namespace: string, secret: string, key: string): string {
    return `\${strimzisecrets:${namespace}/${secret}:${key}}`;
}

/** The Secrets a node's TLS settings name: its own certificate, and the cluster and clients CAs. */
export function nodeSecrets(cluster: string, namespace: string, node: StrimziNode): { certificate: string; key: string; clusterCa: string; clientsCa: string } {
    const pod = podName(cluster, node);
    return {
        certificate: secretPlaceholder(namespace, pod, `${pod}.crt`),
        key: secretPlaceholder(namespace, pod, `${pod}.key`),
        clusterCa: secretPlaceholder(namespace, `${cluster}-cluster-ca-cert`, "*.crt"),
        clientsCa: secretPlaceholder(namespace, `${cluster}-clients-ca-cert`, "*.crt"),
    };
}

/** The principals of Strimzi's own components, which `super.users` names (withAuthorization): each a TLS client of the cluster CA. */
export function strimziPrincipals(cluster: string): { broker: string; topicOperator: string; userOperator: string; kafkaExporter: string; cruiseControl: string; clusterOperator: string } {
    return {
        broker: `CN=${cluster}-kafka,O=io.strimzi`,
        topicOperator: `CN=${cluster}-entity-topic-operator,O=io.strimzi`,
        userOperator: `CN=${cluster}-entity-user-operator,O=io.strimzi`,
        kafkaExporter: `CN=${cluster}-kafka-exporter,O=io.strimzi`,
        cruiseControl: `CN=${cluster}-cruise-control,O=io.strimzi`,
        clusterOperator: "CN=cluster-operator,O=io.strimzi",
    };
}

/** AuthenticationUtils.jaasConfig: `<module> required k="v" …;` (for no options, "required ;"). */
function jaasConfig(module: string, options: Record<string, string>): string {
    return `${module} required ${Object.entries(options)
        .map(([k, v]) => `${k}="${v}"`)
        .join(" ")};`;
}

export const SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

/** TLS with client certificates of the cluster CA, as on Strimzi's own listeners (the second configureListener). */
function internalTls(name: string, secrets: ReturnType<typeof nodeSecrets>): Record<string, string> {
    const p = `listener.name.${name.toLowerCase()}`;
    return {
        [`${p}.ssl.keystore.certificate.chain`]: secrets.certificate,
        [`${p}.ssl.keystore.key`]: secrets.key,
        [`${p}.ssl.keystore.type`]: "PEM",
        [`${p}.ssl.truststore.certificates`]: secrets.clusterCa,
        [`${p}.ssl.truststore.type`]: "PEM",
        [`${p}.ssl.client.auth`]: "required",
    };
}

/**
 * A user listener's security protocol and settings (configureAuthentication, then configureTls for a
 * TLS listener). Throws for the authentication types the platform does not render (custom, oauth).
 */
function userListener(listener: Listener, secrets: ReturnType<typeof nodeSecrets>): { protocol: string; config: Record<string, string> } {
    const name = listenerName(listener);
    const p = `listener.name.${name.toLowerCase()}`;
    const base = listener.tls ? "SSL" : "PLAINTEXT";
    const config: Record<string, string> = {};
    let protocol = base;
    const type = listener.authentication?.type;
    if (type === "scram-sha-512") {
        protocol = `SASL_${base}`;
        config[`${p}.scram-sha-512.sasl.jaas.config`] = jaasConfig(SCRAM_LOGIN_MODULE, {});
        config[`${p}.sasl.enabled.mechanisms`] = "SCRAM-SHA-512";
    } else if (type === "tls") {
        config[`${p}.ssl.client.auth`] = "required";
        config[`${p}.ssl.truststore.certificates`] = secrets.clientsCa;
        config[`${p}.ssl.truststore.type`] = "PEM";
    } else if (type !== undefined) {
        throw new Error(`listener ${listener.name}: authentication type "${type}" is not translated here`);
    }
    if (listener.tls) {
        config[`${p}.ssl.keystore.certificate.chain`] = secrets.certificate;
        config[`${p}.ssl.keystore.key`] = secrets.key;
        config[`${p}.ssl.keystore.type`] = "PEM";
    }
    return { protocol, config };
}

/**
 * The broker configuration Strimzi writes for `node` of `kafka` (one of `nodes`): node ID, KRaft roles
 * and static quorum, Strimzi's own TLS listeners, the Kafka resource's listeners with their
 * authentication, authorization and super users, and the resource's `spec.kafka.config`.
 */
export function strimziNodeConfig(kafka: Kafka, node: StrimziNode, nodes: readonly StrimziNode[]): Record<string, string> {
    const cluster = kafka.metadata.name;
    const namespace = kafka.metadata.namespace ?? "default";
    if (!cluster) throw new Error("the Kafka resource has no metadata.name");
    const secrets = nodeSecrets(cluster, namespace, node);
    const host = podAddress(cluster, namespace, node);
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(kafka.spec.kafka.config ?? {})) config[key] = String(value);

    config["node.id"] = String(node.nodeId);
    config["process.roles"] = node.broker && node.controller ? "broker,controller" : node.broker ? "broker" : "controller";
    config["controller.listener.names"] = CONTROLPLANE_LISTENER;
    config["controller.quorum.voters"] = nodes
        .filter((n) => n.controller)
        .sort((a, b) => a.nodeId - b.nodeId)
        .map((n) => `${n.nodeId}@${podAddress(cluster, namespace, n)}:9090`)
        .join(",");

    const protocols = [`${CONTROLPLANE_LISTENER}:SSL`];
    const listeners: string[] = [];
    const advertised: string[] = [];
    Object.assign(config, internalTls(CONTROLPLANE_LISTENER, secrets));
    if (node.controller) {
        listeners.push(`${CONTROLPLANE_LISTENER}://0.0.0.0:9090`);
        advertised.push(`${CONTROLPLANE_LISTENER}://${host}:9090`);
    }
    if (node.broker) {
        protocols.push(`${REPLICATION_LISTENER}:SSL`);
        listeners.push(`${REPLICATION_LISTENER}://0.0.0.0:9091`);
        advertised.push(`${REPLICATION_LISTENER}://${host}:9091`);
        Object.assign(config, internalTls(REPLICATION_LISTENER, secrets));
        for (const listener of kafka.spec.kafka.listeners) {
            const name = listenerName(listener);
            const { protocol, config: own } = userListener(listener, secrets);
            protocols.push(`${name}:${protocol}`);
            listeners.push(`${name}://0.0.0.0:${listener.port}`);
            advertised.push(`${name}://${host}:${listener.port}`);
            Object.assign(config, own);
        }
        config["inter.broker.listener.name"] = REPLICATION_LISTENER;
    }
    config["listener.security.protocol.map"] = protocols.join(",");
    config["listeners"] = listeners.join(",");
    config["advertised.listeners"] = advertised.join(",");
    // Only the listeners' own lists enable mechanisms; every other listener has none.
    config["sasl.enabled.mechanisms"] = "";
    config["ssl.endpoint.identification.algorithm"] = "HTTPS";

    const authorization = kafka.spec.kafka.authorization;
    if (authorization) {
        if (authorization.type !== "simple") throw new Error(`authorization type "${authorization.type}" is not translated here`);
        // KafkaAuthorizationSimple.KRAFT_AUTHORIZER_CLASS_NAME
        config["authorizer.class.name"] = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
        const own = Object.values(strimziPrincipals(cluster));
        config["super.users"] = [...own, ...(authorization.superUsers ?? [])].map((p) => `User:${p}`).join(";");
    }
    config["log.dirs"] = `/var/lib/kafka/data-0/kafka-log${node.nodeId}`;
    config["metadata.log.dir"] = config["log.dirs"];
    return config;
}

/** The user's name in Kafka (KafkaUserModel.getUserName): `CN=<name>` for TLS users, the name itself otherwise. */
export function kafkaUserName(user: KafkaUser): string {
    const name = user.metadata?.name;
    if (!name) throw new Error("the KafkaUser has no metadata.name");
    const type = user.spec.authentication?.type;
    return type === "tls" || type === "tls-external" ? `CN=${name}` : name;
}

/** The Secret's `sasl.jaas.config` for a SCRAM-SHA-512 user (KafkaUserModel.getSaslJsonConfig). */
export function scramJaasConfig(username: string, password: string): string {
    return `${SCRAM_LOGIN_MODULE} required username="${username}" password="${password}";`;
}

/** A Kafka AclBinding, as the names of Kafka's enums (ResourceType, PatternType, AclOperation, AclPermissionType). */
export interface AclBindingSpec {
    resourceType: "TOPIC" | "GROUP" | "CLUSTER" | "TRANSACTIONAL_ID";
    name: string;
    patternType: "LITERAL" | "PREFIXED";
    principal: string;
    host: string;
    operation: string;
    permission: "ALLOW" | "DENY";
}

const RESOURCE_TYPES = { topic: "TOPIC", group: "GROUP", cluster: "CLUSTER", transactionalId: "TRANSACTIONAL_ID" } as const;

/** `IdempotentWrite` → `IDEMPOTENT_WRITE`, as SimpleAclRule.toKafkaAclOperation maps them. */
function kafkaOperation(operation: string): string {
    return operation.replace(/(?<=[a-z])(?=[A-Z])/g, "_").toUpperCase();
}

/** The AclBindings the User Operator creates for a KafkaUser with `simple` authorization: one per operation of each rule. */
export function userAclBindings(user: KafkaUser): AclBindingSpec[] {
    const authorization = user.spec.authorization;
    if (!authorization) return [];
    const principal = `User:${kafkaUserName(user)}`;
    return authorization.acls.flatMap((rule) => {
        const resourceType = RESOURCE_TYPES[rule.resource.type];
        // SimpleAclRuleResource: the cluster is always the literal "kafka-cluster"
        const name = resourceType === "CLUSTER" ? "kafka-cluster" : rule.resource.name;
        if (name === undefined) throw new Error(`KafkaUser ${user.metadata?.name}: a ${rule.resource.type} rule needs a resource name`);
        const patternType = resourceType !== "CLUSTER" && rule.resource.patternType === "prefix" ? "PREFIXED" : "LITERAL";
        const permission = rule.type === "deny" ? "DENY" : "ALLOW";
        return rule.operations.map((operation) => ({ resourceType, name, patternType, principal, host: rule.host ?? "*", operation: kafkaOperation(operation), permission }));
    });
}
