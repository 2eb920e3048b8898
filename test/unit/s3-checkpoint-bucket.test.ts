import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { S3CheckpointBucket, s3CheckpointBucketProblems, s3Endpoint } from "../../components/aws/s3-checkpoint-bucket";
import { bucketPolicy, flinkBucketAccessPolicy, irsaTrustPolicy, oidcIssuer, PolicyStatement, podIdentityTrustPolicy } from "../../components/aws/s3-policies";
import type { CapturedResource } from "../../renderer/capture";
import { promiseOf, registeredBy } from "../support/pulumi";

const BUCKET_ARN = "arn:aws:s3:::flink-checkpoints-0a1b2c3d";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const OIDC_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;

/** Every resource a policy's statements name. */
function resources(statements: PolicyStatement[]): string[] {
    return statements.flatMap((s) => (s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

function byType(registered: CapturedResource[], type: string): CapturedResource[] {
    return registered.filter((r) => r.type === type);
}

function one(registered: CapturedResource[], type: string): Record<string, any> {
    const found = byType(registered, type);
    assert.equal(found.length, 1, `one ${type}, got ${found.length}`);
    return found[0].inputs as Record<string, any>;
}

describe("S3 policies", () => {
    it("deny every request to the bucket and its objects that does not come over TLS", () => {
        assert.deepEqual(bucketPolicy(BUCKET_ARN).Statement, [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
    });

    it("give Flink's role that bucket and its objects, and nothing else", () => {
        const policy = flinkBucketAccessPolicy(BUCKET_ARN);
        assert.deepEqual(resources(policy.Statement), [BUCKET_ARN, `${BUCKET_ARN}/*`]);
        assert.ok(policy.Statement.every((s) => s.Effect === "Allow"));
        const actions = policy.Statement.flatMap((s) => s.Action);
        assert.ok(actions.every((a) => /^s3:[A-Za-z]+$/.test(a)), `no wildcards: ${actions.join(", ")}`);
        assert.ok(actions.includes("s3:PutObject") && actions.includes("s3:ListBucket") && actions.includes("s3:DeleteObject"));
    });

    it("add the bucket's KMS key, and only that key, with SSE-KMS", () => {
        const policy = flinkBucketAccessPolicy(BUCKET_ARN, KEY_ARN);
        assert.deepEqual(resources(policy.Statement), [BUCKET_ARN, `${BUCKET_ARN}/*`, KEY_ARN]);
        assert.deepEqual(policy.Statement[2].Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
    });

    it("trust, with IRSA, tokens of exactly the Flink ServiceAccounts from the cluster's OIDC provider, for STS", () => {
        assert.equal(oidcIssuer(OIDC_ARN), ISSUER);
        const [statement] = irsaTrustPolicy(OIDC_ARN, "streaming", ["flink-session-flink", "fraud-flink"]).Statement;
        assert.deepEqual(statement.Principal, { Federated: OIDC_ARN });
        assert.equal(statement.Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepEqual(statement.Condition, {
            StringEquals: {
                [`${ISSUER}:aud`]: "sts.amazonaws.com",
                [`${ISSUER}:sub`]: ["system:serviceaccount:streaming:flink-session-flink", "system:serviceaccount:streaming:fraud-flink"],
            },
        });
        assert.throws(() => oidcIssuer("arn:aws:iam::123456789012:role/x"), { message: 'not the ARN of an IAM OIDC provider: "arn:aws:iam::123456789012:role/x"' });
    });

    it("trust, with EKS Pod Identity, the EKS service for exactly the Flink ServiceAccounts of the cluster", () => {
        const [statement] = podIdentityTrustPolicy("prod", "streaming", ["flink-session-flink"]).Statement;
        assert.deepEqual(statement.Principal, { Service: "pods.eks.amazonaws.com" });
        assert.deepEqual(statement.Action, ["sts:AssumeRole", "sts:TagSession"]);
        assert.deepEqual(statement.Condition, {
            StringEquals: {
                "aws:RequestTag/eks-cluster-name": "prod",
                "aws:RequestTag/kubernetes-namespace": "streaming",
                "aws:RequestTag/kubernetes-service-account": ["flink-session-flink"],
            },
        });
    });
});

describe("S3CheckpointBucket", () => {
    const irsa = { namespace: "streaming", serviceAccounts: ["flink-session-flink", "fraud-flink"], region: "eu-west-1", oidcProviderArn: OIDC_ARN };

    it("makes a private, versioned, encrypted bucket with a unique name, protected from deletion", async () => {
        let component: S3CheckpointBucket | undefined;
        const registered = await registeredBy(() => (component = new S3CheckpointBucket("ckpt", irsa)));
        const bucket = byType(registered, "aws:s3/bucket:Bucket")[0];
        assert.deepEqual([bucket.protect, bucket.retainOnDelete], [true, true]);
        const inputs = bucket.inputs as Record<string, any>;
        assert.equal(inputs.bucket, "flink-checkpoints-0a1b2c3d", "prefix and the RandomId's hex");
        assert.equal(inputs.forceDestroy, false);
        assert.equal(inputs.region, "eu-west-1");
        assert.equal(one(registered, "random:index/randomId:RandomId").byteLength, 4);
        assert.equal(await promiseOf(component!.bucketName), "flink-checkpoints-0a1b2c3d");

        assert.deepEqual(one(registered, "aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration, { status: "Enabled" });
        assert.deepEqual(one(registered, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        const block = one(registered, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        assert.deepEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        assert.deepEqual(one(registered, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule, { objectOwnership: "BucketOwnerEnforced" });
        assert.deepEqual(JSON.parse(one(registered, "aws:s3/bucketPolicy:BucketPolicy").policy), bucketPolicy("arn:aws:s3:::flink-checkpoints-0a1b2c3d"));
        const rules = one(registered, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules;
        assert.deepEqual(
            rules.map((r: any) => [r.id, r.status, r.noncurrentVersionExpiration?.noncurrentDays ?? r.abortIncompleteMultipartUpload?.daysAfterInitiation]),
            [
                ["expire-noncurrent-versions", "Enabled", 7],
                ["abort-incomplete-multipart-uploads", "Enabled", 1],
            ],
        );
        for (const r of registered.filter((r) => r.type.startsWith("aws:s3/bucket") && r.type !== "aws:s3/bucket:Bucket")) {
            assert.equal((r.inputs as any).bucket, "flink-checkpoints-0a1b2c3d", `${r.type} configures the bucket`);
        }
    });

    it("gives the Flink ServiceAccounts a role through IRSA, limited to the bucket, and annotates them with it", async () => {
        let component: S3CheckpointBucket | undefined;
        const registered = await registeredBy(() => (component = new S3CheckpointBucket("irsa", { ...irsa, kmsKeyArn: KEY_ARN })));
        const trust = JSON.parse(one(registered, "aws:iam/role:Role").assumeRolePolicy);
        assert.deepEqual(trust, irsaTrustPolicy(OIDC_ARN, "streaming", ["flink-session-flink", "fraud-flink"]));
        const access = JSON.parse(one(registered, "aws:iam/rolePolicy:RolePolicy").policy);
        assert.deepEqual(resources(access.Statement), ["arn:aws:s3:::flink-checkpoints-0a1b2c3d", "arn:aws:s3:::flink-checkpoints-0a1b2c3d/*", KEY_ARN]);
        assert.equal(byType(registered, "aws:eks/podIdentityAssociation:PodIdentityAssociation").length, 0);
        assert.deepEqual(one(registered, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true },
        ]);

        const storage = await promiseOf(component!.flinkStorage);
        assert.deepEqual(storage, {
            checkpointsUri: "s3://flink-checkpoints-0a1b2c3d/checkpoints",
            savepointsUri: "s3://flink-checkpoints-0a1b2c3d/savepoints",
            haStorageUri: "s3://flink-checkpoints-0a1b2c3d/ha",
            flinkConfiguration: { "s3.endpoint": "https://s3.eu-west-1.amazonaws.com" },
            plugins: ["flink-s3-fs-presto-2.2.1.jar"],
            serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/irsa-flink" },
        });
    });

    it("associates each Flink ServiceAccount with the role through EKS Pod Identity, without annotations", async () => {
        let component: S3CheckpointBucket | undefined;
        const podIdentity = { namespace: irsa.namespace, serviceAccounts: irsa.serviceAccounts, region: irsa.region, podIdentityClusterName: "prod" };
        const registered = await registeredBy(() => (component = new S3CheckpointBucket("podid", podIdentity)));
        const associations = byType(registered, "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((r) => r.inputs as Record<string, any>);
        assert.deepEqual(
            associations.map((a) => [a.clusterName, a.namespace, a.serviceAccount, a.roleArn]),
            [
                ["prod", "streaming", "flink-session-flink", "arn:aws:iam::123456789012:role/podid-flink"],
                ["prod", "streaming", "fraud-flink", "arn:aws:iam::123456789012:role/podid-flink"],
            ],
        );
        assert.deepEqual(JSON.parse(one(registered, "aws:iam/role:Role").assumeRolePolicy), podIdentityTrustPolicy("prod", "streaming", ["flink-session-flink", "fraud-flink"]));
        assert.deepEqual((await promiseOf(component!.flinkStorage)).serviceAccountAnnotations, {});
    });

    it("lets the bucket go, emptied, only when data loss is allowed", async () => {
        const registered = await registeredBy(() => new S3CheckpointBucket("disposable", { ...irsa, allowDataLoss: true }));
        const bucket = byType(registered, "aws:s3/bucket:Bucket")[0];
        assert.deepEqual([bucket.protect, bucket.retainOnDelete, (bucket.inputs as any).forceDestroy], [false, false, true]);
    });

    it("uses the region's own endpoint", () => {
        assert.equal(s3Endpoint("us-east-1"), "https://s3.us-east-1.amazonaws.com");
        assert.equal(s3Endpoint("cn-north-1"), "https://s3.cn-north-1.amazonaws.com.cn");
    });

    it("names every bad argument at once, before anything exists", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () =>
                    new S3CheckpointBucket("bad", {
                        namespace: "streaming",
                        serviceAccounts: [],
                        region: "Ireland",
                        bucketPrefix: "Flink.Checkpoints",
                        oidcProviderArn: "arn:aws:iam::123456789012:role/eks",
                        podIdentityClusterName: "prod",
                        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/flink",
                        noncurrentVersionDays: 0,
                    }),
                {
                    name: "ArgumentError",
                    message: [
                        'S3CheckpointBucket "bad" has invalid arguments:',
                        "  - serviceAccounts: must name at least one ServiceAccount (those of the Flink clusters)",
                        '  - region: must be an AWS region such as "eu-west-1", got "Ireland"',
                        '  - bucketPrefix: must be 2 to 54 lower-case letters, digits and "-", starting with a letter or digit (a random suffix follows), got "Flink.Checkpoints"',
                        "  - podIdentityClusterName: must not be set together with oidcProviderArn: IRSA and EKS Pod Identity are mutually exclusive",
                        '  - oidcProviderArn: must be the ARN of an IAM OIDC provider (arn:aws:iam::<account>:oidc-provider/<issuer>), got "arn:aws:iam::123456789012:role/eks"',
                        '  - kmsKeyArn: must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>; an alias does not grant use of the key), got "arn:aws:kms:eu-west-1:123456789012:alias/flink"',
                        "  - noncurrentVersionDays: must be a whole number, 1 or more, got 0",
                    ].join("\n"),
                },
            ),
        );
        assert.deepEqual(registered, []);
    });

    it("needs one way of granting the bucket: IRSA or EKS Pod Identity", () => {
        const args = { namespace: "streaming", serviceAccounts: ["flink-session-flink"], region: "eu-west-1" };
        assert.deepEqual(s3CheckpointBucketProblems("ckpt", args), [
            { path: "oidcProviderArn", message: "needs a value, or podIdentityClusterName instead: IRSA or EKS Pod Identity grants Flink the bucket" },
        ]);
        assert.deepEqual(s3CheckpointBucketProblems("ckpt", { ...args, podIdentityClusterName: "prod" }), []);
    });
});
