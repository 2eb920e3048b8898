/**
 * The objects of a Flink cluster as plain manifests (pure: no Pulumi): its ServiceAccount and Role,
 * the FlinkDeployment, its session jobs, and the PodDisruptionBudgets the operator does not make.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FLINK_METRICS_PORT, FLINK_VERSION_ENUM } from "./config";
import type { FlinkStorage } from "./storage";
import { componentLabels } from "../core/labels";
import type { Manifest } from "../core/manifest";
import { cpuMillicores, memoryMiB } from "../core/quantity";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/workload";

export const UPGRADE_MODES = ["last-state", "savepoint", "stateless"] as const;

/** The official Flink image runs as this user and group. */
const FLINK_UID = 9999;

export interface ProcessResources {
    cpu: string;
    memory: string;
}

export interface ResolvedJob {
    jarURI: string;
    entryClass?: string;
    args: string[];
    parallelism: number;
    upgradeMode: string;
}

export interface ResolvedFlinkCluster {
    name: string;
    namespace: string;
    image: string;
    /** Values are known in the FlinkDeployment's spec; elsewhere they may still be Inputs (a bucket's generated name). */
    flinkConfiguration: Record<string, pulumi.Input<string>>;
    storage: FlinkStorage;
    jobManager: { replicas: number; resources: ProcessResources };
    taskManager: { replicas: number; slots: number; resources: ProcessResources };
    /** Application mode: the job the cluster runs; session mode: none. */
    job?: ResolvedJob;
    timeoutSeconds: number;
}

export function flinkServiceAccountName(c: Pick<ResolvedFlinkCluster, "name">): string {
    return `${c.name}-flink`;
}

/** Labels the Flink runtime puts on the pods of a native Kubernetes cluster (the operator's mode). */
export function flinkPodSelector(c: Pick<ResolvedFlinkCluster, "name">, component: "jobmanager" | "taskmanager"): Record<string, string> {
    return { app: c.name, component, type: "flink-native-kubernetes" };
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

export function flinkAccessManifests(c: ResolvedFlinkCluster): Manifest[] {
    const labels = componentLabels(c.name, "flink");
    const account = flinkServiceAccountName(c);
    return [
        {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: account, namespace: c.namespace, labels, annotations: c.storage.serviceAccountAnnotations ?? {} },
        },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: account, namespace: c.namespace, labels }, rules: FLINK_ROLE_RULES },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: account, namespace: c.namespace, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: account },
            subjects: [{ kind: "ServiceAccount", name: account, namespace: c.namespace }],
        },
    ];
}

/** Flink's own memory syntax: "1024m" is 1024 MiB (not Kubernetes milli-units). */
export function flinkMemory(quantity: string): string {
    return `${Math.round(memoryMiB(quantity))}m`;
}

function flinkResource(r: ProcessResources): { cpu: number; memory: string } {
    return { cpu: cpuMillicores(r.cpu) / 1000, memory: flinkMemory(r.memory) };
}

/** Settings every Flink pod shares: restricted security, the metrics port, storage access. */
export function flinkPodTemplate(c: ResolvedFlinkCluster): Record<string, unknown> {
    const env: Record<string, unknown>[] = [];
    if (c.storage.plugins && c.storage.plugins.length > 0) env.push({ name: "ENABLE_BUILT_IN_PLUGINS", value: c.storage.plugins.join(";") });
    for (const [name, key] of Object.entries(c.storage.secretEnv?.keys ?? {})) {
        env.push({ name, valueFrom: { secretKeyRef: { name: c.storage.secretEnv!.secretName, key } } });
    }
    return {
        metadata: { labels: componentLabels(c.name, "flink") },
        spec: {
            securityContext: restrictedPodSecurity(FLINK_UID, FLINK_UID),
            containers: [
                {
                    // The operator merges this into Flink's own container by this name.
                    name: "flink-main-container",
                    ports: [{ name: "metrics", containerPort: FLINK_METRICS_PORT, protocol: "TCP" }],
                    env,
                    // The image's entrypoint rewrites files under /opt/flink, so the root file system stays writable.
                    securityContext: restrictedContainerSecurity(false),
                },
            ],
        },
    };
}

/** The Kubernetes provider waits until these hold before `pulumi up` goes on. */
export function waitForAnnotations(conditions: string[], timeoutSeconds: number): Record<string, string> {
    return {
        "pulumi.com/waitFor": conditions.length === 1 ? conditions[0] : JSON.stringify(conditions),
        "pulumi.com/timeoutSeconds": String(timeoutSeconds),
    };
}

export function flinkDeploymentManifest(c: ResolvedFlinkCluster): Manifest {
    const conditions = ["jsonpath={.status.lifecycleState}=STABLE"];
    if (c.job) conditions.push("jsonpath={.status.jobStatus.state}=RUNNING");
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkDeployment",
        metadata: {
            name: c.name,
            namespace: c.namespace,
            labels: componentLabels(c.name, "flink"),
            annotations: waitForAnnotations(conditions, c.timeoutSeconds),
        },
        spec: {
            image: c.image,
            flinkVersion: FLINK_VERSION_ENUM,
            serviceAccount: flinkServiceAccountName(c),
            flinkConfiguration: c.flinkConfiguration,
            podTemplate: flinkPodTemplate(c),
            jobManager: { replicas: c.jobManager.replicas, resource: flinkResource(c.jobManager.resources) },
            taskManager: { replicas: c.taskManager.replicas, resource: flinkResource(c.taskManager.resources) },
            ...(c.job
                ? {
                      job: {
                          jarURI: c.job.jarURI,
                          ...(c.job.entryClass !== undefined ? { entryClass: c.job.entryClass } : {}),
                          args: c.job.args,
                          parallelism: c.job.parallelism,
                          upgradeMode: c.job.upgradeMode,
                          state: "running",
                      },
                  }
                : {}),
        },
    };
}

/**
 * The operator makes no PodDisruptionBudget: one for the TaskManagers (one at a time may go), and,
 * with a standby JobManager, one that keeps a JobManager up.
 */
export function flinkDisruptionBudgets(c: ResolvedFlinkCluster): Manifest[] {
    const labels = componentLabels(c.name, "flink");
    const budgets: Manifest[] = [
        {
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: `${c.name}-taskmanager`, namespace: c.namespace, labels },
            spec: { maxUnavailable: 1, selector: { matchLabels: flinkPodSelector(c, "taskmanager") } },
        },
    ];
    if (c.jobManager.replicas > 1) {
        budgets.push({
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: `${c.name}-jobmanager`, namespace: c.namespace, labels },
            spec: { minAvailable: 1, selector: { matchLabels: flinkPodSelector(c, "jobmanager") } },
        });
    }
    return budgets;
}

export interface ResolvedSessionJob extends ResolvedJob {
    name: string;
}

export function flinkSessionJobManifest(c: ResolvedFlinkCluster, job: ResolvedSessionJob): Manifest {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkSessionJob",
        metadata: {
            name: job.name,
            namespace: c.namespace,
            labels: componentLabels(job.name, "flink-session-job"),
            annotations: waitForAnnotations(["jsonpath={.status.jobStatus.state}=RUNNING"], c.timeoutSeconds),
        },
        spec: {
            deploymentName: c.name,
            job: {
                jarURI: job.jarURI,
                ...(job.entryClass !== undefined ? { entryClass: job.entryClass } : {}),
                args: job.args,
                parallelism: job.parallelism,
                upgradeMode: job.upgradeMode,
                state: "running",
            },
        },
    };
}
