import { z } from "zod";
import { memory, section } from "./schema-helpers";

export const STORAGE_BACKENDS = ["in-cluster", "s3", "gcs"] as const;
export type StorageBackend = (typeof STORAGE_BACKENDS)[number];
export const S3_ACCESS = ["irsa", "pod-identity"] as const;

/** `storage.s3`: a bucket in the EKS cluster's AWS account. Required keys are checked in stacks/storage.ts, by key. */
const s3Schema = section({
    /** The bucket's AWS region, e.g. "eu-west-1". Required. */
    region: z.string().optional(),
    /** How the Flink pods get AWS credentials: "irsa" (needs oidcProviderArn) or "pod-identity" (needs clusterName). @default "irsa" */
    access: z.enum(S3_ACCESS).default("irsa"),
    /** IRSA: the ARN of the EKS cluster's IAM OIDC provider. */
    oidcProviderArn: z.string().optional(),
    /** EKS Pod Identity: the EKS cluster's name. */
    clusterName: z.string().optional(),
    /** SSE-KMS with this key ARN. @default SSE-S3 */
    kmsKeyArn: z.string().optional(),
    /** @default "flink-checkpoints" (a random suffix follows) */
    bucketPrefix: z.string().optional(),
    /** Days an old object version is kept. @default 7 */
    noncurrentVersionDays: z.int().optional(),
});

/** `storage.gcs`: a bucket in the GKE cluster's GCP project. */
const gcsSchema = section({
    /** The GCP project of the bucket and of Flink's service account. Required. */
    project: z.string().optional(),
    /** A GCS location: "europe-west1", "EU", … Required. */
    location: z.string().optional(),
    /** @default "<project>.svc.id.goog" */
    workloadIdentityPool: z.string().optional(),
    /** @default "flink-checkpoints" (a random suffix follows) */
    bucketPrefix: z.string().optional(),
    /** Days a deleted object stays restorable: 0 or 7 to 90. @default 7 */
    softDeleteDays: z.int().optional(),
    /** Days an old object version is kept. @default 7 */
    noncurrentVersionDays: z.int().optional(),
});

/** `streaming-platform:storage`: where Flink keeps checkpoints, savepoints and HA metadata. */
export const storageSchema = section({
    /** @default "in-cluster" on minikube, "s3" on eks, "gcs" on gke */
    backend: z.enum(STORAGE_BACKENDS).optional(),
    /**
     * Let `pulumi destroy` or a replacement delete the buckets or the store's volume, and every
     * checkpoint and savepoint in them. @default false
     */
    allowDataLoss: z.boolean().default(false),
    inCluster: section({
        bucket: z.string().optional(),
        storageSize: memory.optional(),
        storageClassName: z.string().optional(),
    }).optional(),
    s3: s3Schema.optional(),
    gcs: gcsSchema.optional(),
});
export type StorageConfig = z.infer<typeof storageSchema>;
