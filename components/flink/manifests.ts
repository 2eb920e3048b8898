/**
 * A Flink cluster's own objects besides its FlinkDeployment (pure: no Pulumi resources): its
 * ServiceAccounts and Roles, the PodDisruptionBudgets the operator does not make, and the
 * NetworkPolicy that says who reaches its pods.
 */
import type * as pulumi from "@pulumi/pulumi";
import { componentLabels } from "../core/labels";
import { FLINK_POD_LABELS, networkPolicy, onPorts, prometheusPeer } from "../core/network";
import type { NetworkPolicy, PodDisruptionBudget, Role, RoleBinding, ServiceAccount } from "../core/objects";
import { ResolvedFlinkCluster, taskManagerCount } from "./cluster-args";
import { FLINK_METRICS_PORT, FLINK_REST_PORT } from "./config";

/** The component name in the labels of every object of a Flink cluster. */
export const FLINK_COMPONENT = "flink";

/** The JobManager's ServiceAccount: the one the FlinkDeployment names, which may manage pods and ConfigMaps. */
export function flinkServiceAccountName(c: Pick<ResolvedFlinkCluster, "name">): string {
    return `${c.name}-flink`;
}

/** The TaskManagers' ServiceAccount: the pods that run user code hold none of the JobManager's rights. */
export function flinkTaskManagerServiceAccountName(c: Pick<ResolvedFlinkCluster, "name">): string {
    return `${c.name}-flink-taskmanager`;
}

/** Both ServiceAccounts of a cluster: each reads and writes checkpoints, so each gets the store's identity. */
export function flinkServiceAccountNames(c: Pick<ResolvedFlinkCluster, "name">): string[] {
    return [flinkServiceAccountName(c), flinkTaskManagerServiceAccountName(c)];
}

// One copy, in core: ZooKeeper and the object store admit Flink pods by it too.
export { FLINK_POD_LABELS } from "../core/network";

/** The JobManagers or the TaskManagers of every native Flink cluster of a namespace. */
export function flinkComponentPodLabels(component: "jobmanager" | "taskmanager"): Record<string, string> {
    return { ...FLINK_POD_LABELS, component };
}

/**
 * Labels the Flink runtime puts on the pods of a native Kubernetes cluster (the operator's mode): the
 * only ones that tell a cluster's JobManagers from its TaskManagers, so the budgets select by them.
 */
export function flinkPodSelector(c: Pick<ResolvedFlinkCluster, "name">, component: "jobmanager" | "taskmanager"): Record<string, string> {
    return { ...flinkClusterPodLabels(c), component };
}

/** Every pod of a cluster, JobManagers and TaskManagers (Flink's own labels): what a peer that admits the cluster selects. */
export function flinkClusterPodLabels(c: Pick<ResolvedFlinkCluster, "name">): Record<string, string> {
    return { app: c.name, ...FLINK_POD_LABELS };
}

/**
 * Who reaches the cluster's pods: its own pods on every port (RPC, blob and data exchange ports are
 * Flink's to pick), the REST clients on the REST port only, Prometheus on the metrics port only.
 */
export function flinkNetworkPolicy(c: ResolvedFlinkCluster): NetworkPolicy {
    const pods = flinkClusterPodLabels(c);
    return networkPolicy({
        name: `${c.name}-flink`,
        namespace: c.namespace,
        labels: componentLabels(c.name, FLINK_COMPONENT),
        podLabels: pods,
        ingress: [{ podLabels: pods }, ...onPorts(c.restClients, [FLINK_REST_PORT]), prometheusPeer(c.monitoringNamespace, [FLINK_METRICS_PORT])],
    });
}

/**
 * Exactly what Flink's JobManager does with the API: create and watch its TaskManager pods, keep HA
 * leader and job metadata in ConfigMaps, and own those through its Deployment. Namespaced only.
 */
export const FLINK_ROLE_RULES = [
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "create", "delete"] },
    { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] },
    { apiGroups: ["apps"], resources: ["deployments/finalizers"], verbs: ["update"] },
];

/**
 * What a TaskManager does with the API under Kubernetes HA: watch the leader ConfigMaps to find its
 * JobManager. Under ZooKeeper HA it does nothing with the API.
 */
export const FLINK_TASKMANAGER_ROLE_RULES = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }];

/**
 * The cluster's ServiceAccounts, the JobManager's and the TaskManagers', with the storage's pod
 * identity annotations (an Output until the store exists). The TaskManagers' gets no API token where
 * they make no API call (ZooKeeper HA).
 */
export function flinkServiceAccounts(c: ResolvedFlinkCluster, annotations: pulumi.Input<Record<string, string>>): ServiceAccount[] {
    const metadata = (name: string) => ({ name, namespace: c.namespace, labels: componentLabels(c.name, FLINK_COMPONENT), annotations });
    return [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(flinkServiceAccountName(c)) },
        {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: metadata(flinkTaskManagerServiceAccountName(c)),
            ...(c.haType === "zookeeper" ? { automountServiceAccountToken: false } : {}),
        },
    ];
}

function roleFor(c: ResolvedFlinkCluster, account: string, rules: typeof FLINK_ROLE_RULES): [Role, RoleBinding] {
    const labels = componentLabels(c.name, FLINK_COMPONENT);
    return [
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: account, namespace: c.namespace, labels }, rules },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: account, namespace: c.namespace, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: account },
            subjects: [{ kind: "ServiceAccount", name: account, namespace: c.namespace }],
        },
    ];
}

/** The Role the JobManager needs, and under Kubernetes HA the TaskManagers' read of the leader ConfigMaps, each bound to its ServiceAccount. */
export function flinkRbac(c: ResolvedFlinkCluster): (Role | RoleBinding)[] {
    return [
        ...roleFor(c, flinkServiceAccountName(c), FLINK_ROLE_RULES),
        ...(c.haType === "kubernetes" ? roleFor(c, flinkTaskManagerServiceAccountName(c), FLINK_TASKMANAGER_ROLE_RULES) : []),
    ];
}

/**
 * The operator makes no PodDisruptionBudget. The TaskManager pods are owned by the JobManager's
 * Deployment, so a percentage or `maxUnavailable` would be counted against the JobManagers' scale
 * (1 or 2) and let every TaskManager go at once; an integer `minAvailable` counts the pods themselves:
 * all TaskManagers but one stay. A single TaskManager gets no budget: `minAvailable: 1` would block
 * every node drain, and its job restarts from a checkpoint whether the pod is evicted or not.
 * With a standby JobManager, one JobManager stays up.
 */
export function flinkDisruptionBudgets(c: ResolvedFlinkCluster): PodDisruptionBudget[] {
    const labels = componentLabels(c.name, FLINK_COMPONENT);
    const budget = (component: "jobmanager" | "taskmanager", minAvailable: number): PodDisruptionBudget => ({
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: `${c.name}-${component}`, namespace: c.namespace, labels },
        spec: { minAvailable, selector: { matchLabels: flinkPodSelector(c, component) } },
    });
    const budgets: PodDisruptionBudget[] = [];
    const taskManagers = taskManagerCount(c);
    if (taskManagers > 1) budgets.push(budget("taskmanager", taskManagers - 1));
    if (c.jobManager.replicas > 1) budgets.push(budget("jobmanager", 1));
    return budgets;
}
