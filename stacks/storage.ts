import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { FlinkStorage } from "../components/flink/storage";
import { GcsCheckpointBucket, GcsCheckpointBucketArgs, resolveGcsCheckpointBucketArgs, validateGcsCheckpointBucket } from "../components/gcp/gcs-checkpoint-bucket";
import { InClusterObjectStore } from "../components/storage/in-cluster-object-store";
import { createObject } from "../components/core/objects";
import { componentLabels } from "../components/core/labels";
import type { Manifest } from "../components/core/manifest";
import { resolveS3CheckpointBucketArgs, S3CheckpointBucket, S3CheckpointBucketArgs, validateS3CheckpointBucket } from "../components/aws/s3-checkpoint-bucket";
import { flinkServiceAccounts } from "./flink";
import type { PlatformConfig, Target } from "./schema";
import type { StorageBackend, StorageConfig } from "./schema-storage";

/** The backend a target uses when the stack names none. */
export const DEFAULT_BACKEND = { minikube: "in-cluster", eks: "s3", gke: "gcs" } as const;

/** What each target can use: a cloud bucket needs that cloud's pod identity; the in-cluster store runs anywhere. */
export const BACKENDS_BY_TARGET: Record<Target, StorageBackend[]> = { minikube: ["in-cluster"], eks: ["s3", "in-cluster"], gke: ["gcs", "in-cluster"] };

/** The stack's key of each backend's own section. */
const SECTION: Record<StorageBackend, "inCluster" | "s3" | "gcs"> = { "in-cluster": "inCluster", s3: "s3", gcs: "gcs" };

export function storageBackend(config: PlatformConfig): StorageBackend {
    return config.storage.backend ?? DEFAULT_BACKEND[config.target];
}

/** The name of each backend's component, and the prefix of what it makes. */
const STORE_NAME = "checkpoints";

/** S3CheckpointBucket's arguments from `storage.s3` (checked by storageProblems first). */
export function s3BucketArgs(config: PlatformConfig, namespace: string): S3CheckpointBucketArgs {
    const s3: Partial<NonNullable<StorageConfig["s3"]>> = config.storage.s3 ?? {};
    return {
        namespace,
        serviceAccounts: flinkServiceAccounts(config),
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
export function gcsBucketArgs(config: PlatformConfig, namespace: string): GcsCheckpointBucketArgs {
    const gcs: Partial<NonNullable<StorageConfig["gcs"]>> = config.storage.gcs ?? {};
    return {
        namespace,
        serviceAccounts: flinkServiceAccounts(config),
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

/** A component's problem ("region must be …") under its stack key ("storage.s3.region: must be …"). */
function underKey(section: string, keys: Record<string, string>, problem: string): string {
    for (const [arg, key] of Object.entries(keys)) {
        if (problem.startsWith(`${arg} `)) return `${section}.${key}: ${problem.slice(arg.length + 1)}`;
    }
    return `${section}: ${problem}`;
}

/** Problems of the component's own checks that the stack's keys can cause (the namespace and accounts come from elsewhere). */
function componentProblems(section: string, keys: Record<string, string>, problems: string[]): string[] {
    return problems.filter((p) => Object.keys(keys).some((arg) => p.startsWith(`${arg} `))).map((p) => underKey(section, keys, p));
}

/**
 * The `storage` section's rules across keys, each named by its key path: a backend that fits the
 * target, only the chosen backend's section, and what that backend needs. Without Flink nothing is
 * stored, so the backend's own keys are then not required.
 */
export function storageProblems(config: PlatformConfig): string[] {
    const problems: string[] = [];
    const { storage, target } = config;
    const backend = storageBackend(config);
    const allowed = BACKENDS_BY_TARGET[target];
    if (!allowed.includes(backend)) problems.push(`storage.backend: "${backend}" does not fit target "${target}" (allowed: ${allowed.join(", ")})`);
    for (const [name, key] of Object.entries(SECTION)) {
        if (name !== backend && storage[key] !== undefined) problems.push(`storage.${key}: is only used with storage.backend "${name}", and the backend is "${backend}"`);
    }
    if (!config.flink.enabled || problems.length > 0) return problems;

    const clusters = flinkServiceAccounts(config).length;
    if (backend !== "in-cluster" && clusters === 0) {
        problems.push(`storage.backend: "${backend}" grants access to the Flink clusters' ServiceAccounts, and the stack has no Flink cluster: enable flink.session or add flink.applications`);
    }
    if (backend === "s3") {
        const s3 = storage.s3;
        if (s3?.region === undefined) problems.push('storage.s3.region: required with storage.backend "s3": the bucket\'s AWS region, e.g. "eu-west-1"');
        const access = s3?.access ?? "irsa";
        if (access === "irsa" && s3?.oidcProviderArn === undefined) problems.push('storage.s3.oidcProviderArn: required with storage.s3.access "irsa": the ARN of the EKS cluster\'s IAM OIDC provider');
        if (access === "pod-identity" && s3?.clusterName === undefined) problems.push('storage.s3.clusterName: required with storage.s3.access "pod-identity": the EKS cluster\'s name');
        if (access === "irsa" && s3?.clusterName !== undefined) problems.push('storage.s3.clusterName: is only used with storage.s3.access "pod-identity", and access is "irsa"');
        if (access === "pod-identity" && s3?.oidcProviderArn !== undefined) problems.push('storage.s3.oidcProviderArn: is only used with storage.s3.access "irsa", and access is "pod-identity"');
        if (problems.length === 0) {
            const checks = validateS3CheckpointBucket(resolveS3CheckpointBucketArgs(STORE_NAME, s3BucketArgs(config, "namespace")));
            const keys = { region: "region", bucketPrefix: "bucketPrefix", oidcProviderArn: "oidcProviderArn", kmsKeyArn: "kmsKeyArn", noncurrentVersionDays: "noncurrentVersionDays" };
            problems.push(...componentProblems("storage.s3", keys, checks.problems));
        }
    }
    if (backend === "gcs") {
        const gcs = storage.gcs;
        if (gcs?.project === undefined) problems.push('storage.gcs.project: required with storage.backend "gcs": the GCP project of the bucket');
        if (gcs?.location === undefined) problems.push('storage.gcs.location: required with storage.backend "gcs": the bucket\'s location, e.g. "europe-west1" or "EU"');
        if (problems.length === 0) {
            const checks = validateGcsCheckpointBucket(resolveGcsCheckpointBucketArgs(STORE_NAME, gcsBucketArgs(config, "namespace")));
            const keys = {
                project: "project",
                location: "location",
                workloadIdentityPool: "workloadIdentityPool",
                bucketPrefix: "bucketPrefix",
                softDeleteDays: "softDeleteDays",
                noncurrentVersionDays: "noncurrentVersionDays",
            };
            problems.push(...componentProblems("storage.gcs", keys, checks.problems));
        }
    }
    return problems;
}

/** A node-local address that pods fetch their cloud credentials from. */
export interface CredentialEndpoint {
    cidr: string;
    port: number;
}

/** The EKS Pod Identity Agent, on every node (IPv4 and IPv6). */
export const EKS_POD_IDENTITY_AGENT: CredentialEndpoint[] = [
    { cidr: "169.254.170.23/32", port: 80 },
    { cidr: "fd00:ec2::23/128", port: 80 },
];
/** The GKE metadata server, which hands out Workload Identity tokens (port 988 on older and Dataplane V2 clusters). */
export const GKE_METADATA_SERVER: CredentialEndpoint[] = [
    { cidr: "169.254.169.254/32", port: 80 },
    { cidr: "169.254.169.252/32", port: 988 },
];

/**
 * The platform's namespaces deny egress by default (they allow port 443, where S3, GCS and STS listen):
 * the Flink pods also need the node-local endpoint that hands out their credentials.
 */
export function credentialEgressPolicy(namespace: string, endpoints: CredentialEndpoint[]): Manifest {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "allow-flink-credentials-egress", namespace, labels: componentLabels(STORE_NAME, "flink-storage") },
        spec: {
            podSelector: { matchLabels: { "app.kubernetes.io/name": "flink" } },
            policyTypes: ["Egress"],
            egress: endpoints.map((e) => ({ to: [{ ipBlock: { cidr: e.cidr } }], ports: [{ protocol: "TCP", port: e.port }] })),
        },
    };
}

export interface PlatformStorage {
    flink: FlinkStorage;
    /** What the stack exports about its storage. */
    outputs: Record<string, pulumi.Input<string>>;
}

/** Component options that add a provider of another package to the ones the platform's objects get. */
function withProvider(opts: pulumi.ComponentResourceOptions, provider: pulumi.ProviderResource): pulumi.ComponentResourceOptions {
    const { provider: single, providers, ...rest } = opts;
    const list = providers === undefined ? [] : Array.isArray(providers) ? providers : Object.values(providers);
    return { ...rest, providers: [...list, ...(single !== undefined ? [single] : []), provider] };
}

/**
 * The stack's checkpoint storage. A cloud bucket gets its own provider, configured from the `storage`
 * section (region, project), so the stack needs no `aws:` or `gcp:` keys; credentials come from the
 * environment as usual.
 */
export function createStorage(config: PlatformConfig, namespace: string, opts: pulumi.ComponentResourceOptions): PlatformStorage {
    const backend = storageBackend(config);
    switch (backend) {
        case "in-cluster": {
            const store = new InClusterObjectStore(STORE_NAME, { namespace, ...config.storage.inCluster, allowDataLoss: config.storage.allowDataLoss }, opts);
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
