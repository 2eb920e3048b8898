/**
 * How the demo's programs reach Kafka, from the options they share: on a laptop a plain listener;
 * on the platform a Strimzi listener with TLS and SCRAM-SHA-512, where the KafkaUser's Secret holds the
 * password (mounted as a file, or put in KAFKA_PASSWORD), and the cluster CA's Secret the certificate.
 */
import * as fs from "node:fs";
import type { OptionSpec, ParsedOptions } from "./cli";
import { stringOption } from "./cli";

/** The options every program takes to connect. Each can also come from the environment variable named. */
export const KAFKA_OPTION_SPEC: OptionSpec = {
    // KAFKA_BOOTSTRAP_SERVERS
    "bootstrap-servers": { type: "string" },
    // KAFKA_CLIENT_ID
    "client-id": { type: "string" },
    // KAFKA_USERNAME: the KafkaUser's name
    username: { type: "string" },
    // KAFKA_PASSWORD_FILE, or the password itself in KAFKA_PASSWORD (never on the command line: ps shows it)
    "password-file": { type: "string" },
    // KAFKA_TLS=true
    tls: { type: "boolean" },
    // KAFKA_CA_FILE: the cluster CA certificate (Strimzi's <cluster>-cluster-ca-cert Secret, key ca.crt)
    "tls-ca-file": { type: "string" },
};

/** What @platformatic/kafka's clients take to connect (a subset of its BaseOptions). */
export interface KafkaConnection {
    clientId: string;
    bootstrapBrokers: string[];
    sasl?: { mechanism: "SCRAM-SHA-512"; username: string; password: string };
    tls?: { ca?: string };
}

function envFlag(value: string | undefined, name: string): boolean | undefined {
    if (value === undefined || value === "") return undefined;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    throw new Error(`${name} must be true or false, got "${value}"`);
}

/** The connection from parsed options, falling back to the environment; `defaultClientId` names the program. */
export function kafkaConnection(values: ParsedOptions, env: NodeJS.ProcessEnv, defaultClientId: string): KafkaConnection {
    const servers = stringOption(values, "bootstrap-servers") ?? env.KAFKA_BOOTSTRAP_SERVERS;
    if (!servers) throw new Error("--bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS) is required: host:port[,host:port…]");
    const bootstrapBrokers = servers.split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const broker of bootstrapBrokers) {
        if (!/^[^:\s]+:\d{1,5}$/.test(broker)) throw new Error(`--bootstrap-servers: "${broker}" is not host:port`);
    }
    const connection: KafkaConnection = { clientId: stringOption(values, "client-id") ?? env.KAFKA_CLIENT_ID ?? defaultClientId, bootstrapBrokers };

    const username = stringOption(values, "username") ?? env.KAFKA_USERNAME;
    const passwordFile = stringOption(values, "password-file") ?? env.KAFKA_PASSWORD_FILE;
    let password = env.KAFKA_PASSWORD;
    if (passwordFile !== undefined) password = fs.readFileSync(passwordFile, "utf8").trim();
    if (username && !password) throw new Error("--username (KAFKA_USERNAME) needs a password: KAFKA_PASSWORD or --password-file (KAFKA_PASSWORD_FILE)");
    if (!username && password) throw new Error("a password (KAFKA_PASSWORD or --password-file) was given without --username (KAFKA_USERNAME)");
    if (username && password) connection.sasl = { mechanism: "SCRAM-SHA-512", username, password };

    const caFile = stringOption(values, "tls-ca-file") ?? env.KAFKA_CA_FILE;
    const flag = values.tls;
    const tls = typeof flag === "boolean" ? flag : (envFlag(env.KAFKA_TLS, "KAFKA_TLS") ?? caFile !== undefined);
    if (!tls && caFile !== undefined) throw new Error("--tls-ca-file (KAFKA_CA_FILE) was given with TLS turned off (--no-tls or KAFKA_TLS=false)");
    if (tls) connection.tls = caFile === undefined ? {} : { ca: fs.readFileSync(caFile, "utf8") };
    return connection;
}
