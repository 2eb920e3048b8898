import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { S3CheckpointBucket, S3CheckpointBucketArgs, s3CheckpointBucketProblems } from "../components/aws/s3-checkpoint-bucket";
import { CredentialEndpoint, EKS_POD_IDENTITY_AGENT, GKE_METADATA_SERVER } from "../components/core/credential-endpoints";
import { componentLabels } from "../components/core/labels";
import { FLINK_POD_LABELS, NetworkPeerArgs } from "../components/core/network";
import { createObject, NetworkPolicy } from "../components/core/objects";
import { Problem, relocate } from "../components/core/problems";
import type { FlinkStorage } from "../components/flink/storage";
import { GcsCheckpointBucket, GcsCheckpointBucketArgs, gcsCheckpointBucketProblems } from "../components/gcp/gcs-checkpoint-bucket";
import { InClusterObjectStore, InClusterObjectStoreArgs, inClusterObjectStoreProblems, objectStorePodLabels } from "../components/storage/in-cluster-object-store";
import { flinkServiceAccounts } from "./flink";
import type { PlatformConfig, Target } from "./schema";

/** What the storage of a stack depends on. */
export type StorageInputs = Pick<PlatformConfig, "target" | "flink" | "storage">;
import type { StorageBackend, StorageConfig } from "./schema-storage";

/** The backend a target uses when the stack names none. */
export const DEFAULT_BACKEND = { minikube: "in-cluster", eks: "s3", gke: "gcs" } as const;

/** What each target can use: a cloud bucket needs that cloud's pod identity; the in-cluster store runs anywhere. */
export const BACKENDS_BY_TARGET: Record<Target, StorageBackend[]> = { minikube: ["in-cluster"], eks: ["s3", "in-cluster"], gke: ["gcs", "in-cluster"] };

/** The stack's key of each backend's own section. */
const SECTION: Record<StorageBackend, "inCluster" | "s3" | "gcs"> = { "in-cluster": "inCluster", s3: "s3", gcs: "gcs" };

export function storageBackend(config: StorageInputs): StorageBackend {
    return config.storage.backend ?? DEFAULT_BACKEND[config.target];
}

/** The name of each backend's component, and the prefix of what it makes. */
const STORE_NAME = "checkpoints";

/** The labels of the in-cluster store's pod, for the policies of the namespaces whose Flink pods use it. */
export const IN_CLUSTER_STORE_POD_LABELS: Readonly<Record<string, string>> = objectStorePodLabels({ name: STORE_NAME });

/** S3CheckpointBucket's arguments from `storage.s3` (checked by storageProblems first). */
export function s3BucketArgs(config: StorageInputs, namespace: string): S3CheckpointBucketArgs {
    const s3: Partial<NonNullable<StorageConfig["s3"]>> = config.storage.s3 ?? {};
    return {
        namespace,
        serviceAccounts: flinkServiceAccounts(config.flink),
        region: s3.region ?? "",
        bucketPrefix: s3.bucketPrefix,
        ...((s3.access ?? "irsa") === "irsa" ? { oidcProviderArn: s3.oidcProviderArn ?? "" } : { podIdentityClusterName: s3.clusterName ?? "" }),
        kmsKeyArn: s3.kmsKeyArn,
        noncurrentVersionDays: s3.noncurrentVersionDays,
        tags: { "app.kubernetes.io/part-of": "streaming-platform" },
        allowDataLoss: config.storage.allowDataLoss,
    };
}

/** GcsCheckpointBucket's arguments from `storage.gcs` (checked by storageProblems first). */
export function gcsBucketArgs(config: StorageInputs, namespace: string): GcsCheckpointBucketArgs {
    const gcs: Partial<NonNullable<StorageConfig["gcs"]>> = config.storage.gcs ?? {};
    return {
        namespace,
        serviceAccounts: flinkServiceAccounts(config.flink),
        project: gcs.project ?? "",
        location: gcs.location ?? "",
        workloadIdentityPool: gcs.workloadIdentityPool,
        bucketPrefix: gcs.bucketPrefix,
        softDeleteDays: gcs.softDeleteDays,
        noncurrentVersionDays: gcs.noncurrentVersionDays,
        labels: { "part-of": "streaming-platform" },
        allowDataLoss: config.storage.allowDataLoss,
    };
}

/** InClusterObjectStore's arguments from `storage.inCluster`; its clients are the Flink pods that keep checkpoints there. */
export function inClusterStoreArgs(config: StorageInputs, namespace: string, flinkPods: NetworkPeerArgs[]): InClusterObjectStoreArgs {
    return { namespace, ...config.storage.inCluster, allowDataLoss: config.storage.allowDataLoss, clients: flinkPods };
}

/** Where the arguments a backend's component gets from outside its own section come from. */
const MOVED = { namespace: "namespaces.streaming.name", serviceAccounts: "flink", allowDataLoss: "storage.allowDataLoss" };

/**
 * The `storage` section's rules across keys, each named by its key path: a backend that fits the
 * target, only the chosen backend's section, and what that backend needs. Without Flink nothing is
 * stored, so the backend's own keys are then not required.
 */
export function storageProblems(config: StorageInputs, namespace: string, flinkPods: NetworkPeerArgs[]): Problem[] {
    const problems: Problem[] = [];
    const problem = (path: string, message: string) => problems.push({ path, message });
    const { storage, target } = config;
    const backend = storageBackend(config);
    const allowed = BACKENDS_BY_TARGET[target];
    if (!allowed.includes(backend)) problem("storage.backend", `must fit target "${target}" (allowed: ${allowed.join(", ")}), got "${backend}"`);
    for (const [name, key] of Object.entries(SECTION)) {
        if (name !== backend && storage[key] !== undefined) problem(`storage.${key}`, `is only used with storage.backend "${name}", and the backend is "${backend}"`);
    }
    if (!config.flink.enabled || problems.length > 0) return problems;

    const clusters = flinkServiceAccounts(config.flink).length;
    if (backend !== "in-cluster" && clusters === 0) {
        problem("storage.backend", `"${backend}" grants access to the Flink clusters' ServiceAccounts, and the stack has no Flink cluster: enable flink.session or add flink.applications`);
    }
    if (backend === "in-cluster") {
        problems.push(...relocate("storage.inCluster", inClusterObjectStoreProblems(STORE_NAME, inClusterStoreArgs(config, namespace, flinkPods)), MOVED));
    }
    if (backend === "s3") {
        const s3 = storage.s3;
        if (s3?.region === undefined) problem("storage.s3.region", 'is required with storage.backend "s3": the bucket\'s AWS region, e.g. "eu-west-1"');
        const access = s3?.access ?? "irsa";
        if (access === "irsa" && s3?.oidcProviderArn === undefined) problem("storage.s3.oidcProviderArn", 'is required with storage.s3.access "irsa": the ARN of the EKS cluster\'s IAM OIDC provider');
        if (access === "pod-identity" && s3?.clusterName === undefined) problem("storage.s3.clusterName", 'is required with storage.s3.access "pod-identity": the EKS cluster\'s name');
        if (access === "irsa" && s3?.clusterName !== undefined) problem("storage.s3.clusterName", 'is only used with storage.s3.access "pod-identity", and access is "irsa"');
        if (access === "pod-identity" && s3?.oidcProviderArn !== undefined) problem("storage.s3.oidcProviderArn", 'is only used with storage.s3.access "irsa", and access is "pod-identity"');
        if (problems.length === 0) {
            problems.push(...relocate("storage.s3", s3CheckpointBucketProblems(STORE_NAME, s3BucketArgs(config, namespace)), { ...MOVED, podIdentityClusterName: "storage.s3.clusterName" }));
        }
    }
    if (backend === "gcs") {
        const gcs = storage.gcs;
        if (gcs?.project === undefined) problem("storage.gcs.project", 'is required with storage.backend "gcs": the GCP project of the bucket');
        if (gcs?.location === undefined) problem("storage.gcs.location", 'is required with storage.backend "gcs": the bucket\'s location, e.g. "europe-west1" or "EU"');
        if (problems.length === 0) problems.push(...relocate("storage.gcs", gcsCheckpointBucketProblems(STORE_NAME, gcsBucketArgs(config, namespace)), MOVED));
    }
    return problems;
}

/**
 * The platform's namespaces deny egress by default (they allow port 443, where S3, GCS and STS listen):
 * the Flink pods also need the node-local endpoint that hands out their credentials.
 */
export function credentialEgressPolicy(namespace: string, endpoints: readonly CredentialEndpoint[]): NetworkPolicy {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-flink-credentials-egress", namespace, labels: componentLabels(STORE_NAME, "flink-storage") },
        spec: {
            podSelector: { matchLabels: { ...FLINK_POD_LABELS } },
            policyTypes: ["Egress"],
            egress: endpoints.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: [{ protocol: "TCP", port: e.port }] })),
        },
    };
}

export interface PlatformStorage {
    flink: pulumi.Output<FlinkStorage>;
    /** What the stack exports about its storage. */
    outputs: Record<string, pulumi.Input<string>>;
}

/** Component options that add a provider of another package to the ones the platform's objects get. */
export function withProvider(opts: pulumi.ComponentResourceOptions, provider: pulumi.ProviderResource): pulumi.ComponentResourceOptions {
    const { provider: single, providers, ...rest } = opts;
    const list = providers === undefined ? [] : Array.isArray(providers) ? providers : Object.values(providers);
    return { ...rest, providers: [...list, ...(single !== undefined ? [single] : []), provider] };
}

/**
 * The stack's checkpoint storage. A cloud bucket gets its own provider, configured from the `storage`
 * section (region, project), so the stack needs no `aws:` or `gcp:` keys; credentials come from the
 * environment as usual.
 */
export function createStorage(config: StorageInputs, namespace: string, flinkPods: NetworkPeerArgs[], opts: pulumi.ComponentResourceOptions): PlatformStorage {
    const backend = storageBackend(config);
    switch (backend) {
        case "in-cluster": {
            const store = new InClusterObjectStore(STORE_NAME, inClusterStoreArgs(config, namespace, flinkPods), opts);
            return { flink: store.flinkStorage, outputs: { backend, endpoint: store.endpoint, bucket: store.bucket } };
        }
        case "s3": {
            const args = s3BucketArgs(config, namespace);
            const provider = new aws.Provider("storage-aws", { region: args.region });
            const bucket = new S3CheckpointBucket(STORE_NAME, args, withProvider(opts, provider));
            if (args.podIdentityClusterName !== undefined) createObject(STORE_NAME, credentialEgressPolicy(namespace, EKS_POD_IDENTITY_AGENT), opts);
            return { flink: bucket.flinkStorage, outputs: { backend, region: args.region, bucket: bucket.bucketName, roleArn: bucket.roleArn } };
        }
        case "gcs": {
            const args = gcsBucketArgs(config, namespace);
            const provider = new gcp.Provider("storage-gcp", { project: args.project });
            const bucket = new GcsCheckpointBucket(STORE_NAME, args, withProvider(opts, provider));
            createObject(STORE_NAME, credentialEgressPolicy(namespace, GKE_METADATA_SERVER), opts);
            return { flink: bucket.flinkStorage, outputs: { backend, bucket: bucket.bucketName, serviceAccount: bucket.serviceAccountEmail } };
        }
    }
}
