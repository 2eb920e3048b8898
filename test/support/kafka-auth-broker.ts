/**
 * A Kafka node as Strimzi configures it (test/support/strimzi-kafka.ts), run on this host by
 * test/real/kafka/KafkaAuthCheck.java: what of the node's configuration changes here, what stands in
 * for the Secrets it names, and the case file the program reads.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runJava } from "./java";
import { freePorts } from "./ports";
import { scratchDir } from "./scratch";
import { AclBindingSpec, CONTROLPLANE_LISTENER, nodeSecrets, REPLICATION_LISTENER, strimziPrincipals, StrimziNode } from "./strimzi-kafka";

/** The only address the local node binds and advertises. */
export const LOCAL_HOST = "127.0.0.1";

/**
 * The keys of the node's configuration that are bind details here: ports (Strimzi's are fixed; two
 * test runs on one host would meet on them), the pod's address (its headless Service name) and the
 * data directories. Everything else — listener names, security protocols, SASL, TLS settings,
 * authorizer, super users, the Kafka resource's config — runs as Strimzi writes it.
 */
export const BIND_DETAILS = ["listeners", "advertised.listeners", "controller.quorum.voters", "log.dirs", "metadata.log.dir"] as const;

/** Replaces the port of each `NAME://host:port` with the listener's local port, and its host with LOCAL_HOST. */
function localListeners(value: string, ports: Readonly<Record<string, number>>): string {
    return value
        .split(",")
        .map((entry) => {
            const m = /^([A-Z0-9_-]+):\/\/[^:]+:\d+$/.exec(entry);
            if (!m || ports[m[1]] === undefined) throw new Error(`listener ${entry}: no local port for it`);
            return `${m[1]}://${LOCAL_HOST}:${ports[m[1]]}`;
        })
        .join(",");
}

/**
 * The node's configuration as it runs here, for a single combined node: each listener (by its
 * Strimzi name) on the local port `ports` gives it, the quorum on the control plane port, data in `dataDir`.
 */
export function localNodeConfig(config: Readonly<Record<string, string>>, ports: Readonly<Record<string, number>>, dataDir: string): Record<string, string> {
    const voters = config["controller.quorum.voters"].split(",");
    if (voters.length !== 1) throw new Error(`controller.quorum.voters ${config["controller.quorum.voters"]}: only a single node runs here`);
    const nodeId = voters[0].split("@")[0];
    return {
        ...config,
        listeners: localListeners(config.listeners, ports),
        "advertised.listeners": localListeners(config["advertised.listeners"], ports),
        "controller.quorum.voters": `${nodeId}@${LOCAL_HOST}:${ports[CONTROLPLANE_LISTENER]}`,
        "log.dirs": dataDir,
        "metadata.log.dir": dataDir,
    };
}

/** A key pair and self-signed certificate the program makes (keytool), by its subject. */
export interface Identity {
    subject: string;
    /** keytool's SubjectAlternativeName extension, for a server that clients check the host name of. */
    san?: string;
}

export interface TopicSpec {
    name: string;
    partitions: number;
    replicas?: number;
    config: Record<string, string>;
}

export interface UserSpec {
    /** The user's name in Kafka. */
    name: string;
    password: string;
    /** The `sasl.jaas.config` of the user's Secret, which its clients use as it is. */
    jaasConfig: string;
    acls: AclBindingSpec[];
}

/** Who the checks run as, on which listener, against which topics and groups. */
export interface ChecksSpec {
    /** The SCRAM listener's local address and its security protocol (SASL_PLAINTEXT, or SASL_SSL on a TLS listener). */
    bootstrap: string;
    securityProtocol: string;
    user: string;
    /** The user's `sasl.jaas.config` with another password. */
    wrongPasswordJaasConfig: string;
    topic: string;
    group: string;
    /** A user that has its own topic and group, and no ACL on `topic` or `group`. */
    other: { user: string; topic: string; group: string };
    records: number;
}

export interface AuthCase {
    /** The KRaft metadata version the storage is formatted with (the Kafka resource's metadataVersion). */
    releaseVersion: string;
    properties: Record<string, string>;
    identities: Record<string, Identity>;
    /** Each `${strimzisecrets:…}` placeholder of `properties`: `crt:<identity>`, `key:<identity>` or `trust:<identity>,…`. */
    secrets: Record<string, string>;
    /** The User and Topic Operators' connection: Strimzi's replication listener with the user operator's certificate. */
    admin: { bootstrap: string; identity: string };
    topics: TopicSpec[];
    users: UserSpec[];
    checks: ChecksSpec;
}

/**
 * What stands in here for the Secrets Strimzi's CAs fill, for each one `properties` names: a
 * certificate of the node's own principal (Strimzi's broker principal, with the local address as a SAN
 * for host name verification) and one of the User Operator's. Strimzi's cluster CA signs both; here
 * each is self-signed and the cluster CA trust is both certificates, which admits the same two
 * clients. The clients CA (TLS listeners) trusts a certificate of its own that no check presents.
 */
export function localIdentities(cluster: string, namespace: string, node: StrimziNode, properties: Readonly<Record<string, string>>): Pick<AuthCase, "identities" | "secrets"> {
    const principals = strimziPrincipals(cluster);
    const placeholders = nodeSecrets(cluster, namespace, node);
    const all: Record<string, Identity> = {
        node: { subject: principals.broker, san: `ip:${LOCAL_HOST}` },
        userOperator: { subject: principals.userOperator },
        clientsCa: { subject: "CN=clients-ca,O=io.strimzi" },
    };
    const named = Object.values(properties).join("\n");
    const secrets = Object.fromEntries(
        Object.entries({
            [placeholders.certificate]: "crt:node",
            [placeholders.key]: "key:node",
            [placeholders.clusterCa]: "trust:node,userOperator",
            [placeholders.clientsCa]: "trust:clientsCa",
        }).filter(([placeholder]) => named.includes(placeholder)),
    );
    // the User Operator's certificate is always made: the Admin client presents it
    const used = new Set(["node", "userOperator", ...Object.values(secrets).flatMap((v) => v.split(":")[1].split(","))]);
    return { identities: Object.fromEntries(Object.entries(all).filter(([id]) => used.has(id))), secrets };
}

/** Local ports for Strimzi's own listeners and each of `listenerNames`, picked free. */
export async function localPorts(listenerNames: readonly string[]): Promise<Record<string, number>> {
    const names = [CONTROLPLANE_LISTENER, REPLICATION_LISTENER, ...listenerNames];
    const ports = await freePorts(names.length);
    return Object.fromEntries(names.map((name, i) => [name, ports[i]]));
}

export interface CheckOutcome {
    ok: boolean;
    /** Records produced or consumed, when ok. */
    records?: number;
    /** The Kafka exception's class, when not ok. */
    error?: string;
    message?: string;
    ms: number;
}

export interface AuthResult {
    kafkaVersion: string;
    /** Each check by name: see KafkaAuthCheck.java. */
    checks: Record<string, CheckOutcome>;
    /** Certificates made and storage formatted. */
    prepareMs: number;
    /** Node started, topics, credentials and ACLs set up and seen by the node. */
    brokerStartMs: number;
    stopMs: number;
    totalMs: number;
}

/** A scratch directory for one run: the broker's data (`data/`), its certificates and the case file. */
export function authRunDir(): string {
    return scratchDir("kafka-auth-");
}

/** Runs KafkaAuthCheck.java on `authCase` in `dir` (from authRunDir), and removes `dir` at the end. */
export async function runAuthCheck(authCase: AuthCase, dir: string, timeoutMs = 240_000): Promise<{ status: number | null; result?: AuthResult; output: string }> {
    try {
        const file = path.join(dir, "case.json");
        fs.writeFileSync(file, JSON.stringify(authCase));
        const run = await runJava("kafka", "KafkaAuthCheck.java", [file, dir], timeoutMs);
        const line = run.stdout
            .trim()
            .split("\n")
            .find((l) => l.startsWith("{"));
        return { status: run.status, result: line ? (JSON.parse(line) as AuthResult) : undefined, output: `${run.stdout}\n${run.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
