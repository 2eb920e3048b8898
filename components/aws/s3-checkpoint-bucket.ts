import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { known, Problem, Problems, throwIfProblems } from "../core/problems";
import { FLINK_VERSION } from "../flink/config";
import { checkpointLayout, FlinkStorage } from "../flink/storage";
import { BUCKET_SUFFIX_BYTES, MAX_BUCKET_PREFIX } from "../storage/bucket-name";
import { bucketPolicy, flinkBucketAccessPolicy, irsaTrustPolicy, podIdentityTrustPolicy } from "./s3-policies";

/**
 * An S3 checkpoint bucket. Plain values, except where typed `pulumi.Input`: they are checked, and the
 * bucket's name and access derived from them, before anything is created.
 */
export interface S3CheckpointBucketArgs {
    /** Namespace of the Flink ServiceAccounts. */
    namespace: string;
    /** The ServiceAccounts the Flink clusters run as (`<cluster>-flink`): they, and no one else, get the bucket. */
    serviceAccounts: string[];
    /** AWS region of the bucket, e.g. "eu-west-1"; Flink uses that region's S3 endpoint. Required. */
    region: string;
    /** Start of the bucket's name; a random suffix of 8 hex digits makes it unique. @default "flink-checkpoints" */
    bucketPrefix?: string;
    /**
     * Who uses the bucket, in the name of the role they run as (`<name>-<client>`) and in its
     * description: another workload (Loki's logs) gets a bucket and a role of its own the same way.
     * @default "flink"
     */
    client?: string;
    /**
     * IRSA: the ARN of the cluster's IAM OIDC provider; the Flink ServiceAccounts are annotated with the
     * role. Set exactly one of `oidcProviderArn` and `podIdentityClusterName`.
     */
    oidcProviderArn?: pulumi.Input<string>;
    /**
     * EKS Pod Identity: the cluster's name; one PodIdentityAssociation per Flink ServiceAccount (the
     * cluster needs the EKS Pod Identity Agent). Set exactly one of `oidcProviderArn` and `podIdentityClusterName`.
     */
    podIdentityClusterName?: pulumi.Input<string>;
    /** Encrypt with SSE-KMS under this key (a key ARN; the role may use it). @default SSE-S3 */
    kmsKeyArn?: pulumi.Input<string>;
    /** Days an overwritten or deleted object's old version is kept before it expires. @default 7 */
    noncurrentVersionDays?: number;
    /** Tags of the bucket and the role. @default {} */
    tags?: Record<string, string>;
    /**
     * Let `pulumi destroy` (or a replacement) delete the bucket, and with it every checkpoint and
     * savepoint; the bucket is then emptied first (`forceDestroy`). Off by default: the bucket is
     * protected and kept.
     * @default false
     */
    allowDataLoss?: boolean;
}

export interface ResolvedS3CheckpointBucket {
    name: string;
    namespace: string;
    serviceAccounts: string[];
    region: string;
    bucketPrefix: string;
    client: string;
    oidcProviderArn?: pulumi.Input<string>;
    podIdentityClusterName?: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    noncurrentVersionDays: number;
    tags: Record<string, string>;
    allowDataLoss: boolean;
}


export function resolveS3CheckpointBucketArgs(name: string, args: S3CheckpointBucketArgs): ResolvedS3CheckpointBucket {
    return {
        name,
        namespace: args.namespace,
        serviceAccounts: args.serviceAccounts ?? [],
        region: args.region,
        bucketPrefix: args.bucketPrefix ?? "flink-checkpoints",
        client: args.client ?? "flink",
        oidcProviderArn: args.oidcProviderArn,
        podIdentityClusterName: args.podIdentityClusterName,
        kmsKeyArn: args.kmsKeyArn,
        noncurrentVersionDays: args.noncurrentVersionDays ?? 7,
        tags: args.tags ?? {},
        allowDataLoss: args.allowDataLoss ?? false,
    };
}

export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const S3_PREFIX = /^[a-z0-9][a-z0-9-]*$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/;

/** Every problem of the arguments, by argument path. */
export function s3CheckpointBucketProblems(name: string, args: S3CheckpointBucketArgs): Problem[] {
    const b = resolveS3CheckpointBucketArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(b.namespace ?? ""), "namespace", dnsLabelMessage(b.namespace))
        .check(b.serviceAccounts.length > 0, "serviceAccounts", "must name at least one ServiceAccount (those of the Flink clusters)")
        .check(isDnsLabel(b.client) && b.client.length <= 40, "client", dnsLabelMessage(b.client, 40));
    b.serviceAccounts.forEach((sa, i) => problems.check(isDnsLabel(sa), `serviceAccounts[${i}]`, dnsLabelMessage(sa)));
    const irsa = b.oidcProviderArn !== undefined;
    const podIdentity = b.podIdentityClusterName !== undefined;
    // ARNs that are Outputs (from another stack) are checked by AWS instead.
    const oidc = known(b.oidcProviderArn) ? b.oidcProviderArn : undefined;
    const kms = known(b.kmsKeyArn) ? b.kmsKeyArn : undefined;
    return problems
        .check(AWS_REGION.test(b.region ?? ""), "region", `must be an AWS region such as "eu-west-1", got ${JSON.stringify(b.region)}`)
        .check(
            S3_PREFIX.test(b.bucketPrefix) && b.bucketPrefix.length >= 2 && b.bucketPrefix.length <= MAX_BUCKET_PREFIX && !/^(xn--|sthree-|amzn-s3-demo-)/.test(b.bucketPrefix),
            "bucketPrefix",
            `must be 2 to ${MAX_BUCKET_PREFIX} lower-case letters, digits and "-", starting with a letter or digit (a random suffix follows), got ${JSON.stringify(b.bucketPrefix)}`,
        )
        .check(irsa || podIdentity, "oidcProviderArn", "needs a value, or podIdentityClusterName instead: IRSA or EKS Pod Identity grants Flink the bucket")
        .check(!(irsa && podIdentity), "podIdentityClusterName", "must not be set together with oidcProviderArn: IRSA and EKS Pod Identity are mutually exclusive")
        .check(oidc === undefined || OIDC_PROVIDER_ARN.test(oidc), "oidcProviderArn", `must be the ARN of an IAM OIDC provider (arn:aws:iam::<account>:oidc-provider/<issuer>), got ${JSON.stringify(oidc)}`)
        .check(
            kms === undefined || KMS_KEY_ARN.test(kms),
            "kmsKeyArn",
            `must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>; an alias does not grant use of the key), got ${JSON.stringify(kms)}`,
        )
        .check(Number.isInteger(b.noncurrentVersionDays) && b.noncurrentVersionDays >= 1, "noncurrentVersionDays", `must be a whole number, 1 or more, got ${JSON.stringify(b.noncurrentVersionDays)}`).list;
}

/** The regional S3 endpoint Flink talks to (AWS China has its own domain). */
export function s3Endpoint(region: string): string {
    return `https://s3.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/**
 * What Flink needs to use an S3 bucket on AWS: s3:// URIs, the regional endpoint, the Presto S3 file
 * system (which takes credentials from the AWS SDK's default chain: IRSA's web identity token or EKS
 * Pod Identity's container credentials; no static keys), and with IRSA the role on the ServiceAccount.
 */
export function s3FlinkStorage(bucket: string, region: string, irsaRoleArn?: string): FlinkStorage {
    return {
        ...checkpointLayout(`s3://${bucket}`),
        flinkConfiguration: { "s3.endpoint": s3Endpoint(region) },
        plugins: [`flink-s3-fs-presto-${FLINK_VERSION}.jar`],
        serviceAccountAnnotations: irsaRoleArn !== undefined ? { [IRSA_ROLE_ANNOTATION]: irsaRoleArn } : {},
    };
}

/** The bucket's lifecycle: old versions expire, then their delete markers; abandoned multipart uploads are aborted. */
export function s3LifecycleRules(noncurrentVersionDays: number): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    return [
        {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: noncurrentVersionDays },
            expiration: { expiredObjectDeleteMarker: true },
        },
        { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
    ];
}

/**
 * A private S3 bucket for Flink's checkpoints, savepoints and HA metadata, and the IAM role the Flink
 * pods use for it (IRSA or EKS Pod Identity: no static keys). The bucket has a unique generated name,
 * versioning, default encryption (SSE-S3, or SSE-KMS with `kmsKeyArn`), public access blocked,
 * ACLs disabled, TLS-only access, and lifecycle rules; the role may use only this bucket. The bucket
 * is protected from `pulumi destroy` and replacement unless `allowDataLoss`.
 */
export class S3CheckpointBucket extends pulumi.ComponentResource {
    /** The contract the Flink components take; its URIs resolve once the bucket and the access to it exist. */
    public readonly flinkStorage: pulumi.Output<FlinkStorage>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** The role the Flink pods run as. */
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: S3CheckpointBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("S3CheckpointBucket", name, s3CheckpointBucketProblems(name, args));
        super("streaming-platform:index:S3CheckpointBucket", name, {}, opts);
        const resolved = resolveS3CheckpointBucketArgs(name, args);
        const { region, tags, allowDataLoss, namespace, serviceAccounts } = resolved;

        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: BUCKET_SUFFIX_BYTES }, { parent: this });
        const bucket = new aws.s3.Bucket(
            name,
            { bucket: pulumi.interpolate`${resolved.bucketPrefix}-${suffix.hex}`, region, forceDestroy: allowDataLoss, tags },
            // The bucket holds every checkpoint: neither destroy nor a replacement may take it by accident.
            { parent: this, protect: !allowDataLoss, retainOnDelete: !allowDataLoss },
        );
        const child = { parent: this };
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.bucket, region, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucket.bucket, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.bucket, region, versioningConfiguration: { status: "Enabled" } }, child);
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.bucket,
                region,
                rules: [
                    resolved.kmsKeyArn !== undefined
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: resolved.kmsKeyArn }, bucketKeyEnabled: true }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            child,
        );
        // S3 takes one change to a bucket's configuration at a time: the policy after the public access block.
        const policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: bucket.bucket, region, policy: bucket.arn.apply((arn) => JSON.stringify(bucketPolicy(arn))) },
            { parent: this, dependsOn: [publicAccess] },
        );
        const lifecycle = new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            { bucket: bucket.bucket, region, rules: s3LifecycleRules(resolved.noncurrentVersionDays) },
            { parent: this, dependsOn: [versioning] },
        );

        const irsa = resolved.oidcProviderArn !== undefined;
        const trust = irsa
            ? pulumi.output(resolved.oidcProviderArn!).apply((arn) => JSON.stringify(irsaTrustPolicy(arn, namespace, serviceAccounts)))
            : pulumi.output(resolved.podIdentityClusterName!).apply((cluster) => JSON.stringify(podIdentityTrustPolicy(cluster, namespace, serviceAccounts)));
        const role = new aws.iam.Role(
            `${name}-${resolved.client}`,
            { assumeRolePolicy: trust, description: pulumi.interpolate`${resolved.client} in ${namespace}: its bucket ${bucket.bucket}`, tags },
            child,
        );
        const access = new aws.iam.RolePolicy(
            `${name}-${resolved.client}-access`,
            {
                role: role.name,
                policy: pulumi.all([bucket.arn, pulumi.output(resolved.kmsKeyArn)]).apply(([arn, key]) => JSON.stringify(flinkBucketAccessPolicy(arn, key))),
            },
            child,
        );
        const associations = irsa
            ? []
            : serviceAccounts.map(
                  (serviceAccount) =>
                      new aws.eks.PodIdentityAssociation(
                          `${name}-${serviceAccount}`,
                          { clusterName: resolved.podIdentityClusterName!, namespace, serviceAccount, roleArn: role.arn, region, tags },
                          child,
                      ),
              );

        // The URIs resolve only once the bucket is configured and Flink's access granted, so the Flink
        // clusters that use them start after that.
        this.flinkStorage = pulumi
            .all([bucket.bucket, role.arn, ownership.id, publicAccess.id, versioning.id, encryption.id, policy.id, lifecycle.id, access.id, ...associations.map((a) => a.id)])
            .apply(([bucketName, roleArn]) => s3FlinkStorage(bucketName, region, irsa ? roleArn : undefined));
        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.roleArn = role.arn;
        this.registerOutputs({ flinkStorage: this.flinkStorage, bucketName: this.bucketName, bucketArn: this.bucketArn, roleArn: this.roleArn });
    }
}
