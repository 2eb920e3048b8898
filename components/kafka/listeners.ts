/**
 * How the Kafka listeners authenticate clients, what they may do (`simple` authorization), and which
 * pods may reach them (the peers of the NetworkPolicy that Strimzi generates per listener). Pure: no Pulumi.
 */
import { NetworkPeerArgs, peerSelector } from "../core/network";
import type { Kafka } from "../core/objects";
import { STRIMZI_OPERATOR_POD_LABELS } from "./pod-labels";

type KafkaSpec = Kafka["spec"]["kafka"];
type Listener = KafkaSpec["listeners"][number];
export type ListenerPeer = NonNullable<Listener["networkPolicyPeers"]>[number];

export const LISTENER_PORTS = { plain: 9092, tls: 9093 } as const;

/**
 * The plain listener's authentication: SCRAM-SHA-512 (each client a KafkaUser with a password), or
 * "none", which lets every pod the listener admits in as the anonymous super user.
 */
export const PLAIN_LISTENER_AUTHENTICATIONS = ["scram-sha-512", "none"] as const;

/**
 * Kafka's principal for a connection on a listener without authentication (`User:ANONYMOUS`). With
 * `simple` authorization it would be refused everything, so "none" makes it a super user: that is what
 * anonymous access means.
 */
export const ANONYMOUS_USER = "ANONYMOUS";

export interface ListenerSecurity {
    plainListener: boolean;
    tlsListener: boolean;
    /** One of PLAIN_LISTENER_AUTHENTICATIONS. */
    plainAuthentication: string;
    /** Pods that may connect to the listeners: the clients of the cluster's users. */
    clients: NetworkPeerArgs[];
    /** Where the Strimzi Cluster Operator runs. */
    operatorNamespace: string;
}

/**
 * The peers of every listener: the clients, each once, then the Strimzi Cluster Operator's pods. The
 * list is never empty, because Strimzi admits every pod of every namespace to a listener without peers;
 * with no clients declared only the operator (which itself uses the replication port) gets in.
 */
export function listenerPeers(cluster: ListenerSecurity): ListenerPeer[] {
    const peers = [...cluster.clients, { namespace: cluster.operatorNamespace, podLabels: { ...STRIMZI_OPERATOR_POD_LABELS } }];
    // Built from plain values only, so the provider's Input types are plain here.
    const selectors = peers.map((peer) => peerSelector({ ...peer, ports: undefined }) as ListenerPeer);
    return selectors.filter((s, i) => selectors.findIndex((t) => JSON.stringify(t) === JSON.stringify(s)) === i);
}

/** The listeners: plain with SCRAM-SHA-512 (or none), TLS with mutual TLS, each admitting only the peers. */
export function listenersOf(cluster: ListenerSecurity): Listener[] {
    const networkPolicyPeers = listenerPeers(cluster);
    const listeners: Listener[] = [];
    if (cluster.plainListener) {
        listeners.push({
            name: "plain",
            port: LISTENER_PORTS.plain,
            type: "internal",
            tls: false,
            ...(cluster.plainAuthentication === "none" ? {} : { authentication: { type: "scram-sha-512" as const } }),
            networkPolicyPeers,
        });
    }
    if (cluster.tlsListener) listeners.push({ name: "tls", port: LISTENER_PORTS.tls, type: "internal", tls: true, authentication: { type: "tls" }, networkPolicyPeers });
    return listeners;
}

/** Kafka's own ACLs (StandardAuthorizer); the anonymous user is a super user only where a listener lets it in. */
export function kafkaAuthorization(cluster: ListenerSecurity): NonNullable<KafkaSpec["authorization"]> {
    const anonymous = cluster.plainListener && cluster.plainAuthentication === "none";
    return { type: "simple", ...(anonymous ? { superUsers: [ANONYMOUS_USER] } : {}) };
}
