import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { FlinkClusterArgs, ResolvedClusterCommon } from "./cluster-args";
import { flinkConfiguration } from "./config";
import { FlinkStorage, resolveFlinkStorage } from "./storage";
import { flinkAccessManifests, flinkDeploymentManifest, flinkDisruptionBudgets, ResolvedFlinkCluster, ResolvedJob } from "./manifests";
import { createObject } from "../core/objects";

/**
 * The resources of one Flink cluster, for either shape. The ZooKeeper quorum (an ensemble's connect
 * string) and the storage's values (a bucket's generated name) may be Outputs, so the FlinkDeployment's
 * spec is built once they are all known; it then also waits for whatever they come from.
 */
export function createFlinkCluster(
    parent: pulumi.ComponentResource,
    resolved: ResolvedClusterCommon & { taskManager: { replicas: number } },
    args: FlinkClusterArgs,
    job: ResolvedJob | undefined,
): { deployment: k8s.apiextensions.CustomResource; cluster: ResolvedFlinkCluster } {
    const name = resolved.name;
    const cluster = <Value extends pulumi.Input<string>>(storage: FlinkStorage<Value>, zookeeperQuorum?: string): ResolvedFlinkCluster => ({
        ...resolved,
        storage,
        job,
        flinkConfiguration: flinkConfiguration({
            haType: resolved.haType,
            zookeeperQuorum,
            zookeeperRoot: `/flink/${resolved.namespace}`,
            storage,
            checkpointing: resolved.checkpointing,
            restartStrategy: resolved.restartStrategy,
            slotsPerTaskManager: resolved.taskManager.slots,
            parallelism: job?.parallelism,
            extra: args.flinkConfiguration,
        }),
    });
    const plain = cluster(args.storage);
    const access = flinkAccessManifests(plain).map((m) => createObject(name, m, { parent }));
    for (const budget of flinkDisruptionBudgets(plain)) createObject(name, budget, { parent });

    const manifest = flinkDeploymentManifest(plain);
    const spec = pulumi
        .all([resolveFlinkStorage(args.storage), pulumi.output(args.zookeeperQuorum)])
        .apply(([storage, quorum]) => flinkDeploymentManifest(cluster(storage, resolved.haType === "zookeeper" ? quorum : undefined)).spec);
    const deployment = new k8s.apiextensions.CustomResource(
        `${name}-flinkdeployment`,
        { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: manifest.metadata, spec },
        // The Role must exist before the JobManager starts, or it cannot create its TaskManagers.
        { parent, dependsOn: access },
    );
    return { deployment, cluster: plain };
}
