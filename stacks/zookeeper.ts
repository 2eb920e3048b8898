import * as pulumi from "@pulumi/pulumi";
import { ZooKeeperEnsemble } from "../components/zookeeper/ensemble";
import type { ZooKeeperConfig } from "./schema";

export function createZooKeeper(config: ZooKeeperConfig, namespace: string, opts: pulumi.ComponentResourceOptions): ZooKeeperEnsemble | undefined {
    if (!config.enabled) return undefined;
    return new ZooKeeperEnsemble(
        "zookeeper",
        { namespace, replicas: config.replicas, resources: config.resources, storageSize: config.storageSize, storageClassName: config.storageClassName },
        opts,
    );
}
