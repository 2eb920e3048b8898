import * as pulumi from "@pulumi/pulumi";
import type { NetworkPeerArgs } from "../components/core/network";
import { Problem, relocate } from "../components/core/problems";
import { zookeeperConnectString } from "../components/zookeeper/config";
import { resolveZooKeeperEnsembleArgs, ZooKeeperEnsemble, ZooKeeperEnsembleArgs, zooKeeperEnsembleProblems } from "../components/zookeeper/ensemble";
import { headlessServiceName, zookeeperSelector } from "../components/zookeeper/manifests";
import { flinkPodPeers, FlinkPlacement } from "./flink";
import type { FlinkConfig, ZooKeeperConfig } from "./schema";

/** The ensemble's component name, and so the prefix of its pods' DNS names. */
export const ENSEMBLE_NAME = "zookeeper";

/** Where the ensemble runs, and who reaches it. */
export interface ZooKeeperPlacement {
    namespace: string;
    monitoringNamespace: string;
    clients: NetworkPeerArgs[];
}

/**
 * The ensemble in the platform's namespace. Its only users are Flink clusters with ZooKeeper HA: the
 * Flink pods of every namespace the operator watches reach it then, and nothing does otherwise.
 */
export function zookeeperPlacement(flink: Pick<FlinkConfig, "enabled" | "ha"> | undefined, placement: FlinkPlacement): ZooKeeperPlacement {
    const usedByFlink = flink !== undefined && flink.enabled && flink.ha === "zookeeper";
    return { namespace: placement.namespace, monitoringNamespace: placement.monitoringNamespace, clients: usedByFlink ? flinkPodPeers(placement) : [] };
}

function zookeeperArgs(config: ZooKeeperConfig, placement: ZooKeeperPlacement): ZooKeeperEnsembleArgs {
    return {
        ...placement,
        replicas: config.replicas,
        resources: config.resources,
        storageSize: config.storageSize,
        storageClassName: config.storageClassName,
    };
}

/** Where the ensemble's arguments that the `zookeeper` section does not hold come from. */
const MOVED = { namespace: "namespaces.streaming.name", monitoringNamespace: "namespaces.monitoring.name" };

/** The ensemble's problems by stack key path; none when the section disables it. */
export function zookeeperProblems(config: ZooKeeperConfig, placement: ZooKeeperPlacement): Problem[] {
    if (!config.enabled) return [];
    return relocate("zookeeper", zooKeeperEnsembleProblems(ENSEMBLE_NAME, zookeeperArgs(config, placement)), MOVED);
}

/**
 * The connect string the stack's ensemble will serve, computed from the configuration alone (the
 * servers' DNS names are stable), or undefined without an ensemble: what the Flink section is checked with.
 */
export function plannedZooKeeperQuorum(config: ZooKeeperConfig, placement: ZooKeeperPlacement): string | undefined {
    if (!config.enabled) return undefined;
    const resolved = resolveZooKeeperEnsembleArgs(ENSEMBLE_NAME, zookeeperArgs(config, placement));
    return zookeeperConnectString({ ...resolved, headlessService: headlessServiceName(resolved) });
}

export function createZooKeeper(config: ZooKeeperConfig, placement: ZooKeeperPlacement, opts: pulumi.ComponentResourceOptions): ZooKeeperEnsemble | undefined {
    if (!config.enabled) return undefined;
    return new ZooKeeperEnsemble(ENSEMBLE_NAME, zookeeperArgs(config, placement), opts);
}

/** The labels of the stack's ZooKeeper pods, for the policies of the namespaces whose pods connect to it. */
export function plannedZooKeeperPodLabels(config: ZooKeeperConfig, namespace: string): Record<string, string> {
    // The selector is the ensemble's name's: who its clients are does not change it.
    return zookeeperSelector(resolveZooKeeperEnsembleArgs(ENSEMBLE_NAME, zookeeperArgs(config, { namespace, monitoringNamespace: "", clients: [] })));
}
