import * as pulumi from "@pulumi/pulumi";
import { Problem, relocate } from "../components/core/problems";
import { zookeeperConnectString } from "../components/zookeeper/config";
import { resolveZooKeeperEnsembleArgs, ZooKeeperEnsemble, ZooKeeperEnsembleArgs, zooKeeperEnsembleProblems } from "../components/zookeeper/ensemble";
import { headlessServiceName, zookeeperSelector } from "../components/zookeeper/manifests";
import type { ZooKeeperConfig } from "./schema";

/** The ensemble's component name, and so the prefix of its pods' DNS names. */
const ENSEMBLE_NAME = "zookeeper";

function zookeeperArgs(config: ZooKeeperConfig, namespace: string): ZooKeeperEnsembleArgs {
    return { namespace, replicas: config.replicas, resources: config.resources, storageSize: config.storageSize, storageClassName: config.storageClassName };
}

/** The ensemble's problems by stack key path; none when the section disables it. */
export function zookeeperProblems(config: ZooKeeperConfig, namespace: string): Problem[] {
    if (!config.enabled) return [];
    return relocate("zookeeper", zooKeeperEnsembleProblems(ENSEMBLE_NAME, zookeeperArgs(config, namespace)), { namespace: "namespaces.streaming.name" });
}

/**
 * The connect string the stack's ensemble will serve, computed from the configuration alone (the
 * servers' DNS names are stable), or undefined without an ensemble: what the Flink section is checked with.
 */
export function plannedZooKeeperQuorum(config: ZooKeeperConfig, namespace: string): string | undefined {
    if (!config.enabled) return undefined;
    const resolved = resolveZooKeeperEnsembleArgs(ENSEMBLE_NAME, zookeeperArgs(config, namespace));
    return zookeeperConnectString({ ...resolved, headlessService: headlessServiceName(resolved) });
}

export function createZooKeeper(config: ZooKeeperConfig, namespace: string, opts: pulumi.ComponentResourceOptions): ZooKeeperEnsemble | undefined {
    if (!config.enabled) return undefined;
    return new ZooKeeperEnsemble(ENSEMBLE_NAME, zookeeperArgs(config, namespace), opts);
}

/** The labels of the stack's ZooKeeper pods, for the policies of the namespaces whose pods connect to it. */
export function plannedZooKeeperPodLabels(config: ZooKeeperConfig, namespace: string): Record<string, string> {
    return zookeeperSelector(resolveZooKeeperEnsembleArgs(ENSEMBLE_NAME, zookeeperArgs(config, namespace)));
}
