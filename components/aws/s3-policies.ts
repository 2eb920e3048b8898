/**
 * The IAM documents of a checkpoint bucket, as pure functions of ARNs and names: the bucket policy,
 * the policy of the role Flink runs as, and that role's trust policy (IRSA or EKS Pod Identity).
 */

export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, string | string[]>;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** Every request that does not come over TLS is refused, whoever makes it. */
export function bucketPolicy(bucketArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}

/** What Flink's S3 file system does with its bucket: list it, and read, write and delete objects (multipart included). */
export const BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"];
export const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
/** With SSE-KMS, writing an object needs a data key and reading it needs the key to decrypt. */
export const KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/** The Flink role's permissions: that bucket and its objects, and the bucket's KMS key if it has one; nothing else. */
export function flinkBucketAccessPolicy(bucketArn: string, kmsKeyArn?: string): PolicyDocument {
    const statements: PolicyStatement[] = [
        { Sid: "ListCheckpointBucket", Effect: "Allow", Action: BUCKET_ACTIONS, Resource: bucketArn },
        { Sid: "ReadWriteCheckpoints", Effect: "Allow", Action: OBJECT_ACTIONS, Resource: `${bucketArn}/*` },
    ];
    if (kmsKeyArn !== undefined) statements.push({ Sid: "UseBucketKey", Effect: "Allow", Action: KMS_ACTIONS, Resource: kmsKeyArn });
    return { Version: "2012-10-17", Statement: statements };
}

/** The Kubernetes identity of a ServiceAccount, as it appears in the `sub` claim of its tokens. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
    return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** The issuer of an EKS cluster's OIDC provider (its URL without the scheme), read off the provider's ARN. */
export function oidcIssuer(oidcProviderArn: string): string {
    const match = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/.exec(oidcProviderArn);
    if (match === null) throw new Error(`not the ARN of an IAM OIDC provider: "${oidcProviderArn}"`);
    return match[1];
}

/**
 * IRSA: tokens that the cluster's OIDC provider issues to exactly these ServiceAccounts, for STS, may
 * assume the role; no other ServiceAccount of the cluster can.
 */
export function irsaTrustPolicy(oidcProviderArn: string, namespace: string, serviceAccounts: string[]): PolicyDocument {
    const issuer = oidcIssuer(oidcProviderArn);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "BucketClients",
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                        [`${issuer}:sub`]: serviceAccounts.map((sa) => serviceAccountSubject(namespace, sa)),
                    },
                },
            },
        ],
    };
}

/**
 * EKS Pod Identity: the EKS service assumes the role for pods, which ServiceAccounts it does so for is
 * set by PodIdentityAssociations (one per ServiceAccount), and the session tags that EKS passes limit
 * the role to these ServiceAccounts of this cluster, so no association made elsewhere can use it.
 */
export function podIdentityTrustPolicy(clusterName: string, namespace: string, serviceAccounts: string[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "BucketClients",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-name": clusterName,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccounts,
                    },
                },
            },
        ],
    };
}
