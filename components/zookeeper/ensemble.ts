import * as pulumi from "@pulumi/pulumi";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { clientPeersProblems, DEFAULT_MONITORING_NAMESPACE, flinkPodsPeer, NetworkPeerArgs } from "../core/network";
import { createObject } from "../core/objects";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { isMemoryQuantity } from "../core/quantity";
import { resolveResources, ResourcesArgs, resourcesProblems } from "../core/resources";
import { ALLOWED_ENSEMBLE_SIZES, ZOOKEEPER_PORTS, zookeeperConnectString } from "./config";
import { clientServiceName, headlessServiceName, ResolvedZooKeeperEnsemble, zookeeperManifests } from "./manifests";
import { once } from "../core/outputs";

/** The ZooKeeper release the platform deploys (official image) and tests against (Maven Central). */
export const ZOOKEEPER_VERSION = "3.9.5";

/**
 * A ZooKeeper ensemble. Plain values, except where typed `pulumi.Input`: they are checked, and the
 * servers' DNS names derived from them, before anything is created.
 */
export interface ZooKeeperEnsembleArgs {
    /** Namespace to run in; it must exist (pass the TenantNamespace in `dependsOn`). */
    namespace: string;
    /** Number of servers: 1, 3, 5 or 7 (a quorum needs an odd count). @default 3 */
    replicas?: number;
    /** @default `zookeeper:${ZOOKEEPER_VERSION}` (the official image) */
    image?: pulumi.Input<string>;
    /** @default requests 250m / 512Mi, limits 1 / 1Gi; the heap is half the memory limit */
    resources?: ResourcesArgs;
    /** Size of each server's volume. @default "5Gi" */
    storageSize?: string;
    /** StorageClass of the volumes. @default the cluster's default */
    storageClassName?: pulumi.Input<string>;
    /** The cluster's DNS domain. @default "cluster.local" */
    clusterDomain?: string;
    /**
     * Who may connect to the client port (2181), and to no other: the pods that use the ensemble. A
     * peer names no `ports`. `[]` admits no client. @default the Flink pods of the ensemble's namespace
     * (`type: flink-native-kubernetes`), which use it for ZooKeeper HA
     */
    clients?: NetworkPeerArgs[];
    /** Namespace of the Prometheus that scrapes the metrics port (7000), its only way in. @default "monitoring" */
    monitoringNamespace?: string;
}

export function resolveZooKeeperEnsembleArgs(name: string, args: ZooKeeperEnsembleArgs): ResolvedZooKeeperEnsemble {
    return {
        name,
        namespace: args.namespace,
        replicas: args.replicas ?? 3,
        image: args.image ?? `zookeeper:${ZOOKEEPER_VERSION}`,
        resources: resolveResources(args.resources, { requestsCpu: "250m", requestsMemory: "512Mi", limitsCpu: "1", limitsMemory: "1Gi" }),
        storageSize: args.storageSize ?? "5Gi",
        storageClassName: args.storageClassName,
        clusterDomain: args.clusterDomain ?? "cluster.local",
        clients: args.clients ?? [flinkPodsPeer()],
        monitoringNamespace: args.monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE,
    };
}

/** Every problem of the arguments, by argument path. */
export function zooKeeperEnsembleProblems(name: string, args: ZooKeeperEnsembleArgs): Problem[] {
    const z = resolveZooKeeperEnsembleArgs(name, args);
    return new Problems()
        .check(isDnsLabel(z.name) && z.name.length <= 40, "name", `${dnsLabelMessage(z.name, 40)} (pod names add to it)`)
        .check(isDnsLabel(z.namespace), "namespace", dnsLabelMessage(z.namespace))
        .check(
            (ALLOWED_ENSEMBLE_SIZES as readonly number[]).includes(z.replicas),
            "replicas",
            `must be odd: one of ${ALLOWED_ENSEMBLE_SIZES.join(", ")} (a quorum is a strict majority), got ${JSON.stringify(z.replicas)}`,
        )
        .add("resources", resourcesProblems(z.resources))
        .check(isMemoryQuantity(z.storageSize), "storageSize", `must be a quantity such as "5Gi", got ${JSON.stringify(z.storageSize)}`)
        .add("clients", clientPeersProblems(z.clients, `the client port ${ZOOKEEPER_PORTS.client}`))
        .check(isDnsLabel(z.monitoringNamespace), "monitoringNamespace", dnsLabelMessage(z.monitoringNamespace)).list;
}

/**
 * A ZooKeeper ensemble: a StatefulSet of the official image with a volume per server (kept when the
 * set is scaled down or deleted), a headless Service for the peers, a client Service, a
 * PodDisruptionBudget that keeps quorum, Prometheus metrics on the port named `metrics`, no
 * AdminServer, and a NetworkPolicy that admits only the servers, the clients and Prometheus.
 */
export class ZooKeeperEnsemble extends pulumi.ComponentResource {
    /** `host:2181,…` of every server, for clients such as Flink's ZooKeeper HA; resolves once the ensemble's objects exist. */
    public readonly connectString: pulumi.Output<string>;
    /** The client Service's name. */
    public readonly clientService: pulumi.Output<string>;
    /** Number of servers. */
    public readonly replicas: pulumi.Output<number>;

    constructor(name: string, args: ZooKeeperEnsembleArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("ZooKeeperEnsemble", name, zooKeeperEnsembleProblems(name, args));
        super("streaming-platform:index:ZooKeeperEnsemble", name, {}, opts);
        const resolved = resolveZooKeeperEnsembleArgs(name, args);

        const children = zookeeperManifests(resolved).map((manifest) => createObject(name, manifest, { parent: this }));
        const connect = zookeeperConnectString({ ...resolved, headlessService: headlessServiceName(resolved) });
        // Known at once, but handed out only when the objects exist, so that a dependent waits for them.
        this.connectString = once(children, connect);
        this.clientService = once(children, clientServiceName(resolved));
        this.replicas = pulumi.output(resolved.replicas);
        this.registerOutputs({ connectString: this.connectString, clientService: this.clientService, replicas: this.replicas });
    }
}
