import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { FlinkClusterArgs, ResolvedClusterCommon } from "./flink-cluster-args";
import { flinkConfiguration } from "./flink-config";
import { flinkAccessManifests, flinkDeploymentManifest, flinkDisruptionBudgets, ResolvedFlinkCluster, ResolvedJob } from "./flink-manifests";
import { createObject } from "./k8s-object";

/**
 * The resources of one Flink cluster, for either shape. The ZooKeeper quorum may be an Output (the
 * connect string of an ensemble), so the FlinkDeployment's spec is built once it is known.
 */
export function createFlinkCluster(
    parent: pulumi.ComponentResource,
    resolved: ResolvedClusterCommon & { taskManager: { replicas: number } },
    args: FlinkClusterArgs,
    job: ResolvedJob | undefined,
): { deployment: k8s.apiextensions.CustomResource; cluster: ResolvedFlinkCluster } {
    const name = resolved.name;
    const cluster = (zookeeperQuorum?: string): ResolvedFlinkCluster => ({
        ...resolved,
        storage: args.storage,
        job,
        flinkConfiguration: flinkConfiguration({
            haType: resolved.haType,
            zookeeperQuorum,
            zookeeperRoot: `/flink/${resolved.namespace}`,
            storage: args.storage,
            checkpointing: resolved.checkpointing,
            restartStrategy: resolved.restartStrategy,
            slotsPerTaskManager: resolved.taskManager.slots,
            parallelism: job?.parallelism,
            extra: args.flinkConfiguration,
        }),
    });
    const plain = cluster(undefined);
    const access = flinkAccessManifests(plain).map((m) => createObject(name, m, { parent }));
    for (const budget of flinkDisruptionBudgets(plain)) createObject(name, budget, { parent });

    const manifest = flinkDeploymentManifest(plain);
    const spec =
        resolved.haType === "zookeeper"
            ? pulumi.output(args.zookeeperQuorum).apply((quorum) => flinkDeploymentManifest(cluster(quorum)).spec)
            : manifest.spec;
    const deployment = new k8s.apiextensions.CustomResource(
        `${name}-flinkdeployment`,
        { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: manifest.metadata, spec },
        // The Role must exist before the JobManager starts, or it cannot create its TaskManagers.
        { parent, dependsOn: access },
    );
    return { deployment, cluster: plain };
}
