/**
 * Where the stack's Loki keeps logs. On a cloud stack it is a bucket of its own, made like the
 * checkpoint bucket (with `storage.s3`'s or `storage.gcs`'s settings, protected, versioned, reached with
 * pod identity by Loki's ServiceAccount alone); a stack may name an existing bucket instead, or keep
 * logs on Loki's volume. Problems are reported by stack key path.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import { S3CheckpointBucket, S3CheckpointBucketArgs, s3CheckpointBucketProblems } from "../components/aws/s3-checkpoint-bucket";
import { Problem, relocate } from "../components/core/problems";
import { GcsCheckpointBucket, GcsCheckpointBucketArgs, gcsCheckpointBucketProblems } from "../components/gcp/gcs-checkpoint-bucket";
import type { LogsStorageArgs, LogsStorageBackend } from "../components/observability/logs-args";
import { lokiFullname } from "../components/observability/logs-chart";
import { namespaceNames } from "./namespaces";
import type { PlatformConfig } from "./schema";
import type { ObservabilityConfig } from "./schema-observability";
import { DEFAULT_BACKEND, withProvider } from "./storage";

/** The bucket component's name, and so the prefix of what it makes (`logs-loki`, the role or account). */
export const LOGS_BUCKET_NAME = "logs";
/** Who uses the bucket: Loki, in its identity's name. */
const LOKI_CLIENT = "loki";
/** The Loki release the stack installs (LogsArgs' default), whose ServiceAccount gets the bucket. */
const LOKI_RELEASE = "loki";
export const DEFAULT_LOGS_BUCKET_PREFIX = "loki-logs";

export type LogsStorageInputs = Pick<PlatformConfig, "namespaces"> & Partial<Pick<PlatformConfig, "target" | "flink" | "storage">> & { observability: ObservabilityConfig };

type LogsStorageSection = NonNullable<ObservabilityConfig["logs"]["storage"]>;

function section(inputs: LogsStorageInputs): LogsStorageSection {
    return inputs.observability.logs.storage ?? {};
}

/** The checkpoints' backend, as stacks/storage.ts chooses it. */
function checkpointBackend(inputs: LogsStorageInputs): string | undefined {
    return inputs.storage?.backend ?? (inputs.target !== undefined ? DEFAULT_BACKEND[inputs.target] : undefined);
}

/** Loki's backend: the one named, else the checkpoints' cloud, else Loki's volume. */
export function lokiBackend(inputs: LogsStorageInputs): LogsStorageBackend {
    const named = section(inputs).backend;
    if (named !== undefined) return named;
    const checkpoints = checkpointBackend(inputs);
    return checkpoints === "s3" || checkpoints === "gcs" ? checkpoints : "filesystem";
}

/** True when the stack makes Loki's bucket: a cloud backend and no bucket of the user's. */
export function makesLogsBucket(inputs: LogsStorageInputs): boolean {
    const backend = lokiBackend(inputs);
    return (backend === "s3" || backend === "gcs") && section(inputs).bucket === undefined;
}

/** The Loki ServiceAccount that alone gets the bucket (the chart names it after the release). */
function lokiServiceAccounts(): string[] {
    return [lokiFullname(LOKI_RELEASE)];
}

/** S3CheckpointBucket's arguments for Loki's bucket, from `storage.s3` and the section's prefix. */
export function logsS3BucketArgs(inputs: LogsStorageInputs): S3CheckpointBucketArgs {
    const s3: Partial<NonNullable<NonNullable<PlatformConfig["storage"]>["s3"]>> = inputs.storage?.s3 ?? {};
    return {
        namespace: namespaceNames(inputs.namespaces).monitoring,
        serviceAccounts: lokiServiceAccounts(),
        region: s3.region ?? "",
        bucketPrefix: section(inputs).bucketPrefix ?? DEFAULT_LOGS_BUCKET_PREFIX,
        client: LOKI_CLIENT,
        ...((s3.access ?? "irsa") === "irsa" ? { oidcProviderArn: s3.oidcProviderArn ?? "" } : { podIdentityClusterName: s3.clusterName ?? "" }),
        kmsKeyArn: s3.kmsKeyArn,
        noncurrentVersionDays: s3.noncurrentVersionDays,
        tags: { "app.kubernetes.io/part-of": "streaming-platform", "app.kubernetes.io/component": "logs" },
        allowDataLoss: inputs.storage?.allowDataLoss,
    };
}

/** GcsCheckpointBucket's arguments for Loki's bucket, from `storage.gcs` and the section's prefix. */
export function logsGcsBucketArgs(inputs: LogsStorageInputs): GcsCheckpointBucketArgs {
    const gcs: Partial<NonNullable<NonNullable<PlatformConfig["storage"]>["gcs"]>> = inputs.storage?.gcs ?? {};
    return {
        namespace: namespaceNames(inputs.namespaces).monitoring,
        serviceAccounts: lokiServiceAccounts(),
        project: gcs.project ?? "",
        location: gcs.location ?? "",
        workloadIdentityPool: gcs.workloadIdentityPool,
        bucketPrefix: section(inputs).bucketPrefix ?? DEFAULT_LOGS_BUCKET_PREFIX,
        client: LOKI_CLIENT,
        softDeleteDays: gcs.softDeleteDays,
        noncurrentVersionDays: gcs.noncurrentVersionDays,
        labels: { "part-of": "streaming-platform", component: "logs" },
        allowDataLoss: inputs.storage?.allowDataLoss,
    };
}

/** What the stack made for Loki, to give its chart. */
export interface MadeLogsBucket {
    bucket: pulumi.Input<string>;
    roleArn?: pulumi.Input<string>;
    gcpServiceAccount?: pulumi.Input<string>;
}

/** ObservabilityStack's `logs.storage`: the section's, with the bucket the stack made (`made`) and its access. */
export function lokiStorageArgs(inputs: LogsStorageInputs, made?: MadeLogsBucket): LogsStorageArgs {
    // The prefix names the bucket the stack makes; Loki's chart takes the bucket itself.
    const own: LogsStorageSection = { ...section(inputs) };
    delete own.bucketPrefix;
    const backend = lokiBackend(inputs);
    const region = own.region ?? (backend === "s3" ? inputs.storage?.s3?.region : undefined);
    return { ...own, backend, ...(region !== undefined ? { region } : {}), ...(made ?? {}) };
}

const KEY = "observability.logs.storage";
/** Where the bucket component's arguments come from in the stack. */
const MOVED = { namespace: "namespaces.monitoring.name", bucketPrefix: `${KEY}.bucketPrefix`, allowDataLoss: "storage.allowDataLoss", podIdentityClusterName: "storage.s3.clusterName" };

/**
 * The rules of Loki's storage across sections: a bucket the stack makes takes its cloud's settings
 * from `storage.s3` or `storage.gcs`, so the checkpoints must use that cloud too; what only an
 * existing bucket needs is not set beside one the stack makes.
 */
export function logsStorageProblems(inputs: LogsStorageInputs): Problem[] {
    if (!inputs.observability.enabled || !inputs.observability.logs.enabled) return [];
    const problems: Problem[] = [];
    const own = section(inputs);
    const backend = lokiBackend(inputs);
    if (!makesLogsBucket(inputs)) {
        if (own.bucketPrefix !== undefined) problems.push({ path: `${KEY}.bucketPrefix`, message: `is only used when the stack makes Loki's bucket (backend "s3" or "gcs" without ${KEY}.bucket)` });
        return problems;
    }
    const checkpoints = checkpointBackend(inputs);
    if (checkpoints !== backend) {
        problems.push({
            path: `${KEY}.backend`,
            message: `"${backend}" makes Loki's bucket with storage.${backend}'s settings, and storage.backend is "${checkpoints}": use storage.backend "${backend}", or name an existing bucket in ${KEY}.bucket`,
        });
        return problems;
    }
    for (const key of ["region", "roleArn", "gcpServiceAccount"] as const) {
        if (own[key] !== undefined) problems.push({ path: `${KEY}.${key}`, message: `must not be set: the stack makes Loki's bucket and its access from storage.${backend}` });
    }
    const bucketProblems =
        backend === "s3"
            ? relocate("storage.s3", s3CheckpointBucketProblems(LOGS_BUCKET_NAME, logsS3BucketArgs(inputs)), MOVED)
            : relocate("storage.gcs", gcsCheckpointBucketProblems(LOGS_BUCKET_NAME, logsGcsBucketArgs(inputs)), MOVED);
    // With Flink, the storage section's own rules report its keys (stacks/storage.ts), in their words.
    const reportedThere = inputs.flink?.enabled === true;
    problems.push(...bucketProblems.filter((p) => !(reportedThere && p.path.startsWith(`storage.${backend}`))));
    return problems;
}

/** Loki's bucket, when the stack makes it, with a provider of its cloud configured from the storage section. */
export function createLogsBucket(inputs: LogsStorageInputs, opts: pulumi.ComponentResourceOptions): MadeLogsBucket | undefined {
    if (!inputs.observability.enabled || !inputs.observability.logs.enabled || !makesLogsBucket(inputs)) return undefined;
    if (lokiBackend(inputs) === "s3") {
        const args = logsS3BucketArgs(inputs);
        const provider = new aws.Provider(`${LOGS_BUCKET_NAME}-aws`, { region: args.region });
        const made = new S3CheckpointBucket(LOGS_BUCKET_NAME, args, withProvider(opts, provider));
        return { bucket: made.bucketName, ...(args.oidcProviderArn !== undefined ? { roleArn: made.roleArn } : {}) };
    }
    const args = logsGcsBucketArgs(inputs);
    const provider = new gcp.Provider(`${LOGS_BUCKET_NAME}-gcp`, { project: args.project });
    const made = new GcsCheckpointBucket(LOGS_BUCKET_NAME, args, withProvider(opts, provider));
    return { bucket: made.bucketName, gcpServiceAccount: made.serviceAccountEmail };
}
