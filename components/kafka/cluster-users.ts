/** The arguments of a cluster's users, filled in from the cluster: what `addUser` and the stack's checks both use. */
import type { ResolvedKafkaCluster } from "./manifests";
import type { KafkaUserArgs } from "./user-args";

/** A user's own settings; its cluster fills in the rest. */
export type ClusterUserArgs = Omit<KafkaUserArgs, "clusterName" | "namespace" | "userName">;

/** The component name of a cluster's user: `<cluster component>-user-<userName>`. */
export function userComponentName(cluster: Pick<ResolvedKafkaCluster, "instance">, userName: string): string {
    return `${cluster.instance}-user-${userName}`;
}

/** A user of `cluster`, named `userName` in Kafka, in the cluster's namespace (where its Secret is). */
export function clusterUserArgs(cluster: Pick<ResolvedKafkaCluster, "name" | "namespace">, userName: string, args: ClusterUserArgs = {}): KafkaUserArgs {
    return { ...args, userName, clusterName: cluster.name, namespace: cluster.namespace };
}
