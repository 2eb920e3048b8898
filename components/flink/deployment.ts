/**
 * The FlinkDeployment of a cluster and the FlinkSessionJobs on it, as typed manifests (pure). The
 * deployment is built from a resolved storage: its configuration and pod template carry the store's
 * URIs, settings and credentials.
 */
import type * as k8s from "@pulumi/kubernetes";
import { componentLabels } from "../core/labels";
import type { FlinkDeployment, FlinkSessionJob, ObjectMeta } from "../core/objects";
import { cpuMillicores, memoryMiB } from "../core/quantity";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { waitForAnnotations } from "../core/wait";
import type { ProcessResources, ResolvedFlinkCluster, ResolvedJob } from "./cluster-args";
import { FLINK_METRICS_PORT, FLINK_METRICS_PORT_NAME, FLINK_VERSION_ENUM, flinkConfiguration } from "./config";
import { flinkKafkaEnv, ResolvedFlinkKafka } from "./kafka";
import { FLINK_COMPONENT, flinkServiceAccountName, flinkTaskManagerServiceAccountName } from "./manifests";
import type { FlinkStorage } from "./storage";

/** The official Flink image runs as this user and group. */
const FLINK_UID = 9999;

/** The FlinkDeployment of a cluster (kept as a name of its own for the Flink domain's readers). */
export type FlinkDeploymentManifest = FlinkDeployment;

/** Flink's own memory syntax: "1024m" is 1024 MiB (not Kubernetes milli-units). */
export function flinkMemory(quantity: string): string {
    return `${Math.round(memoryMiB(quantity))}m`;
}

function flinkResource(r: ProcessResources): { cpu: number; memory: string } {
    return { cpu: cpuMillicores(r.cpu) / 1000, memory: flinkMemory(r.memory) };
}

/** Settings every Flink pod shares: restricted security, the metrics port, storage access, and Kafka access as a user. */
export function flinkPodTemplate(c: ResolvedFlinkCluster, storage: FlinkStorage, kafka?: ResolvedFlinkKafka): k8s.types.input.core.v1.PodTemplateSpec {
    const env: k8s.types.input.core.v1.EnvVar[] = [];
    if (storage.plugins && storage.plugins.length > 0) env.push({ name: "ENABLE_BUILT_IN_PLUGINS", value: storage.plugins.join(";") });
    const secretEnv = storage.secretEnv;
    for (const [name, key] of Object.entries(secretEnv?.keys ?? {})) {
        env.push({ name, valueFrom: { secretKeyRef: { name: secretEnv?.secretName, key } } });
    }
    if (kafka !== undefined) env.push(...flinkKafkaEnv(kafka));
    return {
        metadata: { labels: componentLabels(c.name, FLINK_COMPONENT) },
        spec: {
            securityContext: restrictedPodSecurity(FLINK_UID),
            containers: [
                {
                    // The operator merges this into Flink's own container by this name.
                    name: "flink-main-container",
                    ports: [{ name: FLINK_METRICS_PORT_NAME, containerPort: FLINK_METRICS_PORT, protocol: "TCP" }],
                    env,
                    // The image's entrypoint rewrites files under /opt/flink, so the root file system stays writable.
                    securityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: false }),
                },
            ],
        },
    };
}

/** The FlinkDeployment's metadata, known before the storage is: `pulumi up` waits until it is stable (and its job running). */
export function flinkDeploymentMetadata(c: ResolvedFlinkCluster): ObjectMeta {
    const conditions = ["jsonpath={.status.lifecycleState}=STABLE"];
    if (c.job) conditions.push("jsonpath={.status.jobStatus.state}=RUNNING");
    return { name: c.name, namespace: c.namespace, labels: componentLabels(c.name, FLINK_COMPONENT), annotations: waitForAnnotations(conditions, c.timeoutSeconds) };
}

export function flinkJobSpec(job: ResolvedJob): NonNullable<FlinkDeployment["spec"]["job"]> {
    return {
        jarURI: job.jarURI,
        ...(job.entryClass !== undefined ? { entryClass: job.entryClass } : {}),
        args: job.args,
        parallelism: job.parallelism,
        upgradeMode: job.upgradeMode === "savepoint" || job.upgradeMode === "stateless" ? job.upgradeMode : "last-state",
        state: "running",
    };
}

/**
 * The cluster's FlinkDeployment. An application's resolved cluster has no TaskManager replicas: with
 * them the operator ignores `job.parallelism` and runs replicas × slots; without them it starts the
 * TaskManagers the job's parallelism needs. A session cluster's TaskManagers are its replicas.
 */
export function flinkDeploymentManifest(c: ResolvedFlinkCluster, storage: FlinkStorage, zookeeperQuorum?: string, kafka?: ResolvedFlinkKafka): FlinkDeploymentManifest {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkDeployment",
        metadata: flinkDeploymentMetadata(c),
        spec: {
            image: c.image,
            flinkVersion: FLINK_VERSION_ENUM,
            serviceAccount: flinkServiceAccountName(c),
            flinkConfiguration: flinkConfiguration({
                haType: c.haType === "zookeeper" ? "zookeeper" : "kubernetes",
                zookeeperQuorum,
                zookeeperRoot: `/flink/${c.namespace}`,
                storage,
                checkpointing: c.checkpointing,
                restartStrategy: c.restartStrategy,
                slotsPerTaskManager: c.taskManager.slots,
                parallelism: c.job?.parallelism,
                taskManagerServiceAccount: flinkTaskManagerServiceAccountName(c),
                extra: c.flinkConfiguration,
            }),
            podTemplate: flinkPodTemplate(c, storage, kafka),
            jobManager: { replicas: c.jobManager.replicas, resource: flinkResource(c.jobManager.resources) },
            taskManager: {
                ...(c.taskManager.replicas !== undefined ? { replicas: c.taskManager.replicas } : {}),
                resource: flinkResource(c.taskManager.resources),
            },
            ...(c.job ? { job: flinkJobSpec(c.job) } : {}),
        },
    };
}

/** A job of a session cluster: the FlinkSessionJob's name, and the job. */
export interface ResolvedSessionJob extends ResolvedJob {
    name: string;
}

export function flinkSessionJobManifest(c: ResolvedFlinkCluster, job: ResolvedSessionJob): FlinkSessionJob {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkSessionJob",
        metadata: {
            name: job.name,
            namespace: c.namespace,
            labels: componentLabels(job.name, "flink-session-job"),
            annotations: waitForAnnotations(["jsonpath={.status.jobStatus.state}=RUNNING"], c.timeoutSeconds),
        },
        spec: { deploymentName: c.name, job: flinkJobSpec(job) },
    };
}
