import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { FLINK_VERSION } from "../flink/config";
import { checkpointLayout, FlinkStorage } from "../flink/storage";
import { BUCKET_SUFFIX_BYTES, MAX_BUCKET_PREFIX } from "../storage/bucket-name";

/**
 * A GCS checkpoint bucket. Plain values, not Outputs: they are checked, and the bucket's name and
 * access derived from them, before anything is created.
 */
export interface GcsCheckpointBucketArgs {
    /** Namespace of the Flink ServiceAccounts. */
    namespace: string;
    /** The Kubernetes ServiceAccounts the Flink clusters run as (`<cluster>-flink`): they, and no one else, get the bucket. */
    serviceAccounts: string[];
    /** The GCP project of the bucket and of Flink's service account. Required. */
    project: string;
    /** Where the bucket lives: a region ("europe-west1"), a dual-region or a multi-region ("EU"). Required. */
    location: string;
    /** The GKE cluster's Workload Identity pool. @default `${project}.svc.id.goog` */
    workloadIdentityPool?: string;
    /** Start of the bucket's name; a random suffix of 8 hex digits makes it unique. @default "flink-checkpoints" */
    bucketPrefix?: string;
    /**
     * Who uses the bucket, in the name of the Google service account they act as (`<client>-<suffix>`,
     * and "flink-ckpt-<suffix>" for "flink", the name it had first) and in its description: another
     * workload (Loki's logs) gets a bucket and an account of its own the same way.
     * @default "flink"
     */
    client?: string;
    /** Days a deleted object can still be restored (soft delete): 0 (off), or 7 to 90. @default 7 */
    softDeleteDays?: number;
    /** Days an overwritten or deleted object's old version is kept before it is deleted. @default 7 */
    noncurrentVersionDays?: number;
    /** Labels of the bucket. @default {} */
    labels?: Record<string, string>;
    /**
     * Let `pulumi destroy` (or a replacement) delete the bucket, and with it every checkpoint and
     * savepoint; the bucket is then emptied first (`forceDestroy`). Off by default: the bucket is
     * protected and kept.
     * @default false
     */
    allowDataLoss?: boolean;
}

export interface ResolvedGcsCheckpointBucket {
    name: string;
    namespace: string;
    serviceAccounts: string[];
    project: string;
    location: string;
    workloadIdentityPool: string;
    bucketPrefix: string;
    client: string;
    softDeleteDays: number;
    noncurrentVersionDays: number;
    labels: Record<string, string>;
    allowDataLoss: boolean;
}

export function resolveGcsCheckpointBucketArgs(name: string, args: GcsCheckpointBucketArgs): ResolvedGcsCheckpointBucket {
    return {
        name,
        namespace: args.namespace,
        serviceAccounts: args.serviceAccounts ?? [],
        project: args.project,
        location: args.location,
        workloadIdentityPool: args.workloadIdentityPool ?? `${args.project}.svc.id.goog`,
        bucketPrefix: args.bucketPrefix ?? "flink-checkpoints",
        client: args.client ?? "flink",
        softDeleteDays: args.softDeleteDays ?? 7,
        noncurrentVersionDays: args.noncurrentVersionDays ?? 7,
        labels: args.labels ?? {},
        allowDataLoss: args.allowDataLoss ?? false,
    };
}

/** The start of the id of the client's Google service account. */
export function serviceAccountPrefix(client: string): string {
    return client === "flink" ? "flink-ckpt" : client;
}

export const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A client's name, so that `<client>-<8 hex digits>` is a service account id (6 to 30 characters, starting with a letter). */
const GCS_CLIENT = /^[a-z][-a-z0-9]{0,18}[a-z0-9]$/;
const GCS_PREFIX = /^[a-z0-9][a-z0-9_-]*$/;

/** Every problem of the arguments, by argument path. */
export function gcsCheckpointBucketProblems(name: string, args: GcsCheckpointBucketArgs): Problem[] {
    const b = resolveGcsCheckpointBucketArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(b.namespace ?? ""), "namespace", dnsLabelMessage(b.namespace))
        .check(b.serviceAccounts.length > 0, "serviceAccounts", "must name at least one ServiceAccount (those of the Flink clusters)")
        // The account's id is 6 to 30 characters: the client, "-" and the 8-hex-digit suffix.
        .check(GCS_CLIENT.test(b.client), "client", `must be 2 to 20 lower-case letters, digits and "-", starting with a letter, got ${JSON.stringify(b.client)}`);
    b.serviceAccounts.forEach((sa, i) => problems.check(isDnsLabel(sa), `serviceAccounts[${i}]`, dnsLabelMessage(sa)));
    return problems
        .check(GCP_PROJECT.test(b.project ?? ""), "project", `must be a GCP project ID (6 to 30 lower-case letters, digits and "-"), got ${JSON.stringify(b.project)}`)
        .check(/^[A-Za-z0-9-]+$/.test(b.location ?? ""), "location", `must be a GCS location such as "europe-west1" or "EU", got ${JSON.stringify(b.location)}`)
        .check(/^[a-z0-9.-]+\.svc\.id\.goog$/.test(b.workloadIdentityPool), "workloadIdentityPool", `must be "<project>.svc.id.goog", got ${JSON.stringify(b.workloadIdentityPool)}`)
        .check(
            GCS_PREFIX.test(b.bucketPrefix) && b.bucketPrefix.length >= 2 && b.bucketPrefix.length <= MAX_BUCKET_PREFIX && !b.bucketPrefix.startsWith("goog") && !b.bucketPrefix.includes("google"),
            "bucketPrefix",
            `must be 2 to ${MAX_BUCKET_PREFIX} lower-case letters, digits, "-" and "_", starting with a letter or digit, without "goog" at the start or "google" (a random suffix follows), got ${JSON.stringify(b.bucketPrefix)}`,
        )
        .check(
            b.softDeleteDays === 0 || (Number.isInteger(b.softDeleteDays) && b.softDeleteDays >= 7 && b.softDeleteDays <= 90),
            "softDeleteDays",
            `must be 0 (off) or a whole number from 7 to 90, got ${JSON.stringify(b.softDeleteDays)}`,
        )
        .check(Number.isInteger(b.noncurrentVersionDays) && b.noncurrentVersionDays >= 1, "noncurrentVersionDays", `must be a whole number, 1 or more, got ${JSON.stringify(b.noncurrentVersionDays)}`).list;
}

/** Roles on the bucket itself: its objects (read, write, delete, multipart), and the bucket's metadata, which the GCS connector reads. */
export const BUCKET_ROLES = ["roles/storage.objectUser", "roles/storage.legacyBucketReader"];
export const WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";
export const GKE_SERVICE_ACCOUNT_ANNOTATION = "iam.gke.io/gcp-service-account";

/** The Workload Identity principal of a Kubernetes ServiceAccount: `serviceAccount:<pool>[<namespace>/<name>]`. */
export function workloadIdentityMember(pool: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${pool}[${namespace}/${serviceAccount}]`;
}

/** Old versions are deleted after `noncurrentVersionDays`; abandoned multipart uploads after a day. */
export function gcsLifecycleRules(noncurrentVersionDays: number): gcp.types.input.storage.BucketLifecycleRule[] {
    return [
        { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: noncurrentVersionDays, withState: "ARCHIVED" } },
        { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } },
    ];
}

/**
 * What Flink needs to use a GCS bucket on GKE: gs:// URIs, Flink's GCS file system (which takes
 * Application Default Credentials: with Workload Identity, the GKE metadata server's token for the
 * Google service account), and that service account on the Kubernetes ServiceAccount. No keys.
 */
export function gcsFlinkStorage(bucket: string, googleServiceAccountEmail: string): FlinkStorage {
    return {
        ...checkpointLayout(`gs://${bucket}`),
        flinkConfiguration: {},
        plugins: [`flink-gs-fs-hadoop-${FLINK_VERSION}.jar`],
        serviceAccountAnnotations: { [GKE_SERVICE_ACCOUNT_ANNOTATION]: googleServiceAccountEmail },
    };
}

/**
 * A private GCS bucket for Flink's checkpoints, savepoints and HA metadata, and the access of the Flink
 * pods to it through GKE Workload Identity (no keys): a Google service account with roles on this
 * bucket only, which exactly the Flink Kubernetes ServiceAccounts may impersonate. The bucket has a
 * unique generated name, uniform bucket-level access, public access prevention enforced, versioning,
 * soft delete and lifecycle rules, and is protected from `pulumi destroy` and replacement unless
 * `allowDataLoss`.
 */
export class GcsCheckpointBucket extends pulumi.ComponentResource {
    /** The contract the Flink components take; its URIs resolve once the bucket and the access to it exist. */
    public readonly flinkStorage: pulumi.Output<FlinkStorage>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketUrl: pulumi.Output<string>;
    /** The Google service account the Flink pods act as. */
    public readonly serviceAccountEmail: pulumi.Output<string>;

    constructor(name: string, args: GcsCheckpointBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("GcsCheckpointBucket", name, gcsCheckpointBucketProblems(name, args));
        super("streaming-platform:index:GcsCheckpointBucket", name, {}, opts);
        const resolved = resolveGcsCheckpointBucketArgs(name, args);
        const { project, allowDataLoss } = resolved;
        const child = { parent: this };

        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: BUCKET_SUFFIX_BYTES }, child);
        const bucket = new gcp.storage.Bucket(
            name,
            {
                name: pulumi.interpolate`${resolved.bucketPrefix}-${suffix.hex}`,
                project,
                location: resolved.location,
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                softDeletePolicy: { retentionDurationSeconds: resolved.softDeleteDays * 86400 },
                lifecycleRules: gcsLifecycleRules(resolved.noncurrentVersionDays),
                labels: resolved.labels,
                forceDestroy: allowDataLoss,
            },
            // The bucket holds every checkpoint: neither destroy nor a replacement may take it by accident.
            { parent: this, protect: !allowDataLoss, retainOnDelete: !allowDataLoss },
        );
        const account = new gcp.serviceaccount.Account(
            `${name}-${resolved.client}`,
            {
                accountId: pulumi.interpolate`${serviceAccountPrefix(resolved.client)}-${suffix.hex}`,
                project,
                displayName: `${resolved.client} bucket`,
                description: pulumi.interpolate`${resolved.client} in ${resolved.namespace}: its bucket gs://${bucket.name}`,
            },
            child,
        );
        const bucketAccess = BUCKET_ROLES.map(
            (role) =>
                new gcp.storage.BucketIAMMember(`${name}-${role.split(".").pop()!.toLowerCase()}`, { bucket: bucket.name, role, member: pulumi.interpolate`serviceAccount:${account.email}` }, child),
        );
        // Authoritative for this role on this account: exactly the Flink ServiceAccounts, nobody else.
        const workloadIdentity = new gcp.serviceaccount.IAMBinding(
            `${name}-workload-identity`,
            {
                serviceAccountId: account.name,
                role: WORKLOAD_IDENTITY_USER,
                members: resolved.serviceAccounts.map((sa) => workloadIdentityMember(resolved.workloadIdentityPool, resolved.namespace, sa)),
            },
            child,
        );

        // The URIs resolve only once Flink's access is granted, so the Flink clusters start after that.
        this.flinkStorage = pulumi
            .all([bucket.name, account.email, workloadIdentity.id, ...bucketAccess.map((b) => b.id)])
            .apply(([bucketName, email]) => gcsFlinkStorage(bucketName, email));
        this.bucketName = bucket.name;
        this.bucketUrl = bucket.url;
        this.serviceAccountEmail = account.email;
        this.registerOutputs({ flinkStorage: this.flinkStorage, bucketName: this.bucketName, bucketUrl: this.bucketUrl, serviceAccountEmail: this.serviceAccountEmail });
    }
}
