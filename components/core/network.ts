/**
 * NetworkPolicy building blocks shared by the tenant namespaces (default deny, egress) and the
 * components that admit exactly their own clients into their pods (ZooKeeper, Flink, the object store).
 * Pure: no Pulumi.
 */
import type * as k8s from "@pulumi/kubernetes";
import { dnsLabelMessage, isDnsLabel, labelsProblems } from "./labels";
import type { NetworkPolicy } from "./objects";
import { Problem, Problems } from "./problems";

/** The label Kubernetes puts on every namespace with its name, which namespace selectors match. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** A peer's `namespace` that means every namespace (with `podLabels`, those pods wherever they run). */
export const ANY_NAMESPACE = "*";

/**
 * A peer that NetworkPolicies allow traffic from or to. `cidr` is mutually exclusive with
 * `namespace` and `podLabels`; a peer with only `namespace` means every pod of that namespace.
 */
export interface NetworkPeerArgs {
    /** Name of the peer's namespace; `"*"` for every namespace. @default the policy's own namespace */
    namespace?: string;
    /** Labels of the peer's pods. @default every pod */
    podLabels?: Record<string, string>;
    /** An IP block, such as "10.0.0.0/8", for peers outside the cluster. */
    cidr?: string;
    /** Blocks within `cidr` the rule does not open (e.g. the API server's, out of "0.0.0.0/0"). @default none */
    except?: string[];
    /** TCP ports the rule opens. @default every port */
    ports?: number[];
}

export type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
export type NetworkPolicyRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule & k8s.types.input.networking.v1.NetworkPolicyEgressRule;

/**
 * The pods of the monitoring namespace that scrape metrics: the Prometheus pods that the Prometheus
 * Operator runs (it labels them `app.kubernetes.io/name: prometheus`).
 */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": "prometheus" };

/**
 * The ports the Kubernetes API server listens on: 443 on EKS and GKE (and behind the `kubernetes`
 * Service everywhere), 8443 on minikube, 6443 on kubeadm clusters. Egress to the API opens these only.
 */
export const KUBE_API_PORTS: readonly number[] = [443, 6443, 8443];

/** Where the API server is when a stack does not say: any address (on the API ports only). */
export const ANY_ADDRESS = "0.0.0.0/0";

/** The monitoring namespace of the platform's stacks, where Prometheus runs, unless a stack names another. */
export const DEFAULT_MONITORING_NAMESPACE = "monitoring";

/** The Prometheus pods of the monitoring namespace, on the given metrics ports. */
export function prometheusPeer(monitoringNamespace: string, ports: number[]): NetworkPeerArgs {
    return { namespace: monitoringNamespace, podLabels: { ...PROMETHEUS_POD_LABELS }, ports };
}

/**
 * What Flink's native Kubernetes mode (the operator's) puts on every JobManager and TaskManager pod
 * (Flink's Constants.LABEL_TYPE_KEY / LABEL_TYPE_NATIVE_TYPE): how the components that Flink uses
 * (ZooKeeper, the object store) and the namespaces' policies recognise Flink pods.
 */
export const FLINK_POD_LABELS: Readonly<Record<string, string>> = { type: "flink-native-kubernetes" };

/** The Flink pods of a namespace (the policy's own when none is given). */
export function flinkPodsPeer(namespace?: string): NetworkPeerArgs {
    return { ...(namespace !== undefined ? { namespace } : {}), podLabels: { ...FLINK_POD_LABELS } };
}

/**
 * The clients a component admits, each on exactly the given ports: whatever ports a client peer
 * names, the component decides which of its ports clients reach.
 */
export function onPorts(peers: readonly NetworkPeerArgs[], ports: number[]): NetworkPeerArgs[] {
    return peers.map((peer) => ({ ...peer, ports: [...ports] }));
}

/**
 * The problems of a component's client peers, by `[i].key`: each a valid peer, and without `ports`,
 * because the component opens only `reaches` to its clients (a port there would be ignored).
 */
export function clientPeersProblems(peers: readonly NetworkPeerArgs[], reaches: string): Problem[] {
    const problems = new Problems();
    peers.forEach((peer, i) =>
        problems
            .add(`[${i}]`, networkPeerProblems(peer))
            .check(peer.ports === undefined, `[${i}].ports`, `must not be set: clients reach only ${reaches}, got ${JSON.stringify(peer.ports)}`),
    );
    return problems.list;
}

export function peerSelector(peer: NetworkPeerArgs): NetworkPolicyPeer {
    if (peer.cidr !== undefined) return { ipBlock: peer.except !== undefined && peer.except.length > 0 ? { cidr: peer.cidr, except: [...peer.except] } : { cidr: peer.cidr } };
    const selector: NetworkPolicyPeer = {};
    if (peer.namespace !== undefined) {
        selector.namespaceSelector = peer.namespace === ANY_NAMESPACE ? {} : { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } };
    }
    // A peer with a namespace but no pod labels means every pod of that namespace.
    if (peer.podLabels !== undefined || peer.namespace === undefined) {
        selector.podSelector = { matchLabels: peer.podLabels ?? {} };
    }
    return selector;
}

/** One ingress (`from`) or egress (`to`) rule for a peer, on its ports or on every port. */
export function peerRule(peer: NetworkPeerArgs, direction: "from" | "to"): NetworkPolicyRule {
    const rule: NetworkPolicyRule = { [direction]: [peerSelector(peer)] };
    if (peer.ports !== undefined && peer.ports.length > 0) {
        rule.ports = peer.ports.map((port) => ({ protocol: "TCP", port }));
    }
    return rule;
}

export interface NetworkPolicyArgs {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    /** The pods of the namespace the policy is for. @default every pod */
    podLabels?: Record<string, string>;
    /** Who may connect to those pods; undefined leaves ingress alone, [] denies it. */
    ingress?: NetworkPeerArgs[];
    /** Where those pods may connect; undefined leaves egress alone, [] denies it. */
    egress?: NetworkPeerArgs[];
}

/** A NetworkPolicy for some pods of a namespace: its policy types are the directions it is given. */
export function networkPolicy(args: NetworkPolicyArgs): NetworkPolicy {
    const policyTypes: string[] = [];
    const spec: k8s.types.input.networking.v1.NetworkPolicySpec = { podSelector: { matchLabels: args.podLabels ?? {} }, policyTypes };
    if (args.ingress !== undefined) {
        policyTypes.push("Ingress");
        spec.ingress = args.ingress.map((peer) => peerRule(peer, "from"));
    }
    if (args.egress !== undefined) {
        policyTypes.push("Egress");
        spec.egress = args.egress.map((peer) => peerRule(peer, "to"));
    }
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: args.name, namespace: args.namespace, labels: args.labels }, spec };
}

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}\/\d{1,2}$/;

/** The problems of one peer, by its own keys (`cidr`, `namespace`, `ports[0]`). */
export function networkPeerProblems(peer: NetworkPeerArgs): Problem[] {
    const selects = peer.namespace !== undefined || peer.podLabels !== undefined;
    const problems = new Problems()
        .check(!(peer.cidr !== undefined && selects), "cidr", "must not be set together with namespace or podLabels: they are mutually exclusive")
        .check(peer.cidr !== undefined || selects, "", "must give a namespace, podLabels or a cidr")
        .check(peer.cidr === undefined || IPV4_CIDR.test(peer.cidr), "cidr", `must be an IPv4 CIDR such as "10.0.0.0/8", got ${JSON.stringify(peer.cidr)}`)
        .check(
            peer.namespace === undefined || peer.namespace === ANY_NAMESPACE || isDnsLabel(peer.namespace),
            "namespace",
            `${dnsLabelMessage(peer.namespace)} or "${ANY_NAMESPACE}" for every namespace`,
        );
    problems.add("podLabels", labelsProblems(peer.podLabels));
    problems.check(peer.except === undefined || peer.cidr !== undefined, "except", "must be given only with cidr: it names blocks within it");
    (peer.except ?? []).forEach((block, i) => problems.check(IPV4_CIDR.test(block), `except[${i}]`, `must be an IPv4 CIDR such as "10.0.0.0/8", got ${JSON.stringify(block)}`));
    (peer.ports ?? []).forEach((port, i) => problems.check(Number.isInteger(port) && port >= 1 && port <= 65535, `ports[${i}]`, `must be a port from 1 to 65535, got ${port}`));
    return problems.list;
}
