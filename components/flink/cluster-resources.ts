import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createObject } from "../core/objects";
import type { ResolvedFlinkCluster } from "./cluster-args";
import { flinkDeploymentManifest, flinkDeploymentMetadata } from "./deployment";
import type { FlinkKafkaArgs, ResolvedFlinkKafka } from "./kafka";
import { flinkDisruptionBudgets, flinkNetworkPolicy, flinkRbac, flinkServiceAccounts } from "./manifests";
import type { FlinkStorage } from "./storage";

/**
 * The resources of one Flink cluster, for either shape. What comes from the storage (the
 * ServiceAccount's pod identity, the FlinkDeployment's configuration and pod template), the ZooKeeper
 * quorum and the Kafka user is built once they resolve, so those objects also wait for the store, the
 * ensemble and the user behind them.
 */
export function createFlinkCluster(
    parent: pulumi.ComponentResource,
    c: ResolvedFlinkCluster,
    storage: pulumi.Input<FlinkStorage>,
    zookeeperQuorum: pulumi.Input<string> | undefined,
    kafka?: FlinkKafkaArgs,
): k8s.apiextensions.CustomResource {
    const store = pulumi.output(storage);
    const accounts = flinkServiceAccounts(c, store.apply((s) => s.serviceAccountAnnotations ?? {})).map((m) => createObject(c.name, m, { parent }));
    const rbac = flinkRbac(c).map((m) => createObject(c.name, m, { parent }));
    for (const budget of flinkDisruptionBudgets(c)) createObject(c.name, budget, { parent });
    createObject(c.name, flinkNetworkPolicy(c), { parent });

    const quorum = c.haType === "zookeeper" ? pulumi.output(zookeeperQuorum) : pulumi.output(undefined);
    const access: pulumi.Output<ResolvedFlinkKafka | undefined> =
        kafka === undefined ? pulumi.output(undefined) : pulumi.all([kafka.bootstrapServers, kafka.secretName]).apply(([bootstrapServers, secretName]) => ({ bootstrapServers, secretName }));
    const spec = pulumi.all([store, quorum, access]).apply(([s, q, k]) => flinkDeploymentManifest(c, s, q, k).spec);
    return new k8s.apiextensions.CustomResource(
        `${c.name}-flinkdeployment`,
        { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: flinkDeploymentMetadata(c), spec },
        // The Roles must exist before the JobManager starts, or it cannot create its TaskManagers.
        { parent, dependsOn: [...accounts, ...rbac] },
    );
}
