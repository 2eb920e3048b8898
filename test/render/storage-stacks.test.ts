import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import type { CloudResource } from "../../renderer/render";
import { LOGS_BUCKET_NAME } from "../../stacks/logs-storage";
import { K8sObject, PROJECT_DIR, renderStackFiles, RenderedStack, runRender } from "../support/render";
import { scratchDir } from "../support/scratch";

function flinkDeployments(objects: K8sObject[]): K8sObject[] {
    const found = objects.filter((o) => o.kind === "FlinkDeployment");
    assert.ok(found.length > 0, "the stack runs Flink");
    return found;
}

/** The stack's cloud resources but those of Loki's bucket (test/render/observability.test.ts has those). */
function checkpointResources(rendered: RenderedStack): CloudResource[] {
    return rendered.cloud.filter((r) => r.name !== LOGS_BUCKET_NAME && !r.name.startsWith(`${LOGS_BUCKET_NAME}-`));
}

function cloud(rendered: RenderedStack, type: string): CloudResource[] {
    return checkpointResources(rendered).filter((r) => r.type === type);
}

function single(rendered: RenderedStack, type: string): CloudResource {
    const found = cloud(rendered, type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
}

function env(deployment: K8sObject): { name: string; value?: string; valueFrom?: any }[] {
    return deployment.spec.podTemplate.spec.containers[0].env;
}

/** The ServiceAccounts a FlinkDeployment's pods run as: the JobManager's, then the TaskManagers' (Flink's own setting). */
function podAccounts(deployment: K8sObject): string[] {
    return [deployment.spec.serviceAccount, deployment.spec.flinkConfiguration["kubernetes.taskmanager.service-account"] ?? deployment.spec.serviceAccount];
}

/** Every ServiceAccount a FlinkDeployment's pods run as, each of which reads and writes checkpoints. */
function serviceAccountsOf(objects: K8sObject[], deployment: K8sObject): K8sObject[] {
    return podAccounts(deployment).map((name) => {
        const account = objects.find((o) => o.kind === "ServiceAccount" && o.metadata.name === name && o.metadata.namespace === deployment.metadata.namespace);
        assert.ok(account, `ServiceAccount ${name} exists`);
        return account;
    });
}

/** Flink's state goes to the bucket: checkpoints, savepoints and HA metadata under one base URI. */
function assertStateIn(deployment: K8sObject, base: string): void {
    const conf = deployment.spec.flinkConfiguration;
    assert.equal(conf["execution.checkpointing.dir"], `${base}/checkpoints`);
    assert.equal(conf["execution.checkpointing.savepoint-dir"], `${base}/savepoints`);
    assert.equal(conf["high-availability.storageDir"], `${base}/ha`);
}

describe("checkpoint storage in the rendered stacks", () => {
    describe("dev (minikube): the in-cluster store", () => {
        const { objects, cloud: resources, summary } = renderStackFiles("dev");

        it("gives the Flink pods the store's keys from its Secret, the S3 plugin and the store's endpoint", () => {
            for (const deployment of flinkDeployments(objects)) {
                const vars = env(deployment);
                assert.deepEqual(vars.find((v) => v.name === "ENABLE_BUILT_IN_PLUGINS")?.value, "flink-s3-fs-presto-2.2.1.jar");
                assert.deepEqual(vars.find((v) => v.name === "AWS_ACCESS_KEY_ID")?.valueFrom, { secretKeyRef: { name: "checkpoints-credentials", key: "accessKey" } });
                assert.deepEqual(vars.find((v) => v.name === "AWS_SECRET_ACCESS_KEY")?.valueFrom, { secretKeyRef: { name: "checkpoints-credentials", key: "secretKey" } });
                assertStateIn(deployment, "s3://flink");
                assert.equal(deployment.spec.flinkConfiguration["s3.endpoint"], "http://checkpoints.streaming.svc:7070");
                for (const account of serviceAccountsOf(objects, deployment)) assert.deepEqual(account.metadata.annotations ?? {}, {});
            }
            assert.ok(objects.some((o) => o.kind === "Secret" && o.metadata.name === "checkpoints-credentials"));
            assert.equal(resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("gcp:")).length, 0, "no cloud resources");
        });

        it("protects the store's volume", () => {
            assert.ok(summary.guarded.some((g) => g.type === "kubernetes:core/v1:PersistentVolumeClaim" && g.name === "checkpoints-data" && g.protect && g.retainOnDelete));
        });
    });

    describe("aws (EKS): an S3 bucket through IRSA", () => {
        const rendered = renderStackFiles("aws");
        const { objects, summary } = rendered;
        const bucket = single(rendered, "aws:s3/bucket:Bucket");
        const name = bucket.inputs.bucket as string;
        const arn = `arn:aws:s3:::${name}`;
        const role = single(rendered, "aws:iam/role:Role");

        it("makes a uniquely named bucket that neither destroy nor a replacement can take", () => {
            assert.match(name, /^acme-flink-checkpoints-[0-9a-f]{8}$/);
            assert.deepEqual([bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy, bucket.inputs.region], [true, true, false, "eu-west-1"]);
            assert.ok(summary.guarded.some((g) => g.type === "aws:s3/bucket:Bucket" && g.protect && g.retainOnDelete));
        });

        it("versions, encrypts and closes the bucket, and refuses plain HTTP", () => {
            const config = (type: string) => single(rendered, type).inputs as Record<string, any>;
            for (const r of checkpointResources(rendered).filter((r) => r.type.startsWith("aws:s3/bucket") && r.type !== "aws:s3/bucket:Bucket")) assert.equal(r.inputs.bucket, name, r.type);
            assert.equal(config("aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration.status, "Enabled");
            assert.equal(config("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
            const block = config("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
            assert.ok(block.blockPublicAcls && block.blockPublicPolicy && block.ignorePublicAcls && block.restrictPublicBuckets);
            assert.equal(config("aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule.objectOwnership, "BucketOwnerEnforced");
            const [deny] = JSON.parse(config("aws:s3/bucketPolicy:BucketPolicy").policy).Statement;
            assert.deepEqual([deny.Effect, deny.Principal, deny.Condition], ["Deny", "*", { Bool: { "aws:SecureTransport": "false" } }]);
            assert.deepEqual(deny.Resource, [arn, `${arn}/*`]);
            const rules = config("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules;
            assert.ok(rules.some((r: any) => r.noncurrentVersionExpiration?.noncurrentDays > 0));
            assert.ok(rules.some((r: any) => r.abortIncompleteMultipartUpload?.daysAfterInitiation > 0));
        });

        it("lets only the Flink ServiceAccounts assume a role that may use only this bucket", () => {
            const accounts = flinkDeployments(objects).flatMap((d) => podAccounts(d).map((a) => `system:serviceaccount:${d.metadata.namespace}:${a}`));
            const [trust] = JSON.parse(role.inputs.assumeRolePolicy as string).Statement;
            assert.equal(trust.Action, "sts:AssumeRoleWithWebIdentity");
            const condition = trust.Condition.StringEquals;
            assert.deepEqual(condition[Object.keys(condition).find((k) => k.endsWith(":sub"))!], accounts);
            const statements = JSON.parse(single(rendered, "aws:iam/rolePolicy:RolePolicy").inputs.policy as string).Statement;
            assert.deepEqual([...new Set(statements.flatMap((s: any) => [s.Resource].flat()))], [arn, `${arn}/*`]);
        });

        it("annotates the Flink ServiceAccounts with the role, enables the S3 plugin and points Flink's state at the bucket", () => {
            for (const deployment of flinkDeployments(objects)) {
                for (const account of serviceAccountsOf(objects, deployment)) {
                    assert.deepEqual(account.metadata.annotations, { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/checkpoints-flink" });
                }
                assert.deepEqual(env(deployment), [{ name: "ENABLE_BUILT_IN_PLUGINS", value: "flink-s3-fs-presto-2.2.1.jar" }], "no static keys");
                assertStateIn(deployment, `s3://${name}`);
                assert.equal(deployment.spec.flinkConfiguration["s3.endpoint"], "https://s3.eu-west-1.amazonaws.com");
            }
            assert.ok(!objects.some((o) => o.kind === "Secret" && o.metadata.name === "checkpoints-credentials"));
        });

        it("deploys onto the cluster of the referenced stack", () => {
            assert.equal(single(rendered, "pulumi:pulumi:StackReference").inputs.name, "acme/eks-cluster/prod");
        });
    });

    describe("gcp (GKE): a GCS bucket through Workload Identity", () => {
        const rendered = renderStackFiles("gcp");
        const { objects, summary } = rendered;
        const bucket = single(rendered, "gcp:storage/bucket:Bucket");
        const name = bucket.inputs.name as string;
        const email = `${String(single(rendered, "gcp:serviceaccount/account:Account").inputs.accountId)}@acme-streaming-prod.iam.gserviceaccount.com`;

        it("makes a uniquely named, private, versioned bucket with soft delete that neither destroy nor a replacement can take", () => {
            assert.match(name, /^acme-flink-checkpoints-[0-9a-f]{8}$/);
            const i = bucket.inputs as Record<string, any>;
            assert.deepEqual([i.uniformBucketLevelAccess, i.publicAccessPrevention, i.versioning.enabled, i.forceDestroy], [true, "enforced", true, false]);
            assert.ok(i.softDeletePolicy.retentionDurationSeconds >= 7 * 86400);
            assert.ok(i.lifecycleRules.some((r: any) => r.condition.daysSinceNoncurrentTime > 0));
            assert.deepEqual([bucket.protect, bucket.retainOnDelete], [true, true]);
            assert.ok(summary.guarded.some((g) => g.type === "gcp:storage/bucket:Bucket" && g.protect && g.retainOnDelete));
        });

        it("grants roles on that bucket only, to a service account that exactly the Flink ServiceAccounts may act as", () => {
            for (const grant of cloud(rendered, "gcp:storage/bucketIAMMember:BucketIAMMember")) {
                assert.deepEqual([grant.inputs.bucket, grant.inputs.member], [name, `serviceAccount:${email}`]);
            }
            assert.equal(rendered.cloud.filter((r) => /IAM(Member|Binding|Policy)$/.test(r.type) && r.type.startsWith("gcp:projects/")).length, 0, "nothing project-wide");
            const binding = single(rendered, "gcp:serviceaccount/iAMBinding:IAMBinding").inputs as Record<string, any>;
            assert.equal(binding.role, "roles/iam.workloadIdentityUser");
            const accounts = flinkDeployments(objects).flatMap((d) => podAccounts(d).map((a) => `serviceAccount:acme-streaming-prod.svc.id.goog[${d.metadata.namespace}/${a}]`));
            assert.deepEqual(binding.members, accounts);
        });

        it("annotates the Flink ServiceAccounts with that service account, enables the GCS plugin and points Flink's state at the bucket", () => {
            for (const deployment of flinkDeployments(objects)) {
                for (const account of serviceAccountsOf(objects, deployment)) assert.deepEqual(account.metadata.annotations, { "iam.gke.io/gcp-service-account": email });
                assert.deepEqual(env(deployment), [{ name: "ENABLE_BUILT_IN_PLUGINS", value: "flink-gs-fs-hadoop-2.2.1.jar" }], "no static keys");
                assertStateIn(deployment, `gs://${name}`);
            }
        });

        it("lets the Flink pods reach the GKE metadata server for their tokens through the namespace's default deny", () => {
            const policy = objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "allow-flink-credentials-egress")!;
            assert.deepEqual(policy.spec.podSelector, { matchLabels: { type: "flink-native-kubernetes" } }, "every Flink pod, by the label Flink itself puts on them");
            assert.ok(policy.spec.egress.some((e: any) => e.to[0].ipBlock.cidr === "169.254.169.254/32" && e.ports[0].port === 80));
        });
    });

    describe("a stack whose storage or cluster settings are wrong", () => {
        function candidate(edit: (config: Record<string, any>) => void): string {
            const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.aws.yaml"), "utf8"));
            edit(doc.config);
            const file = path.join(scratchDir("storage-stack-"), "Pulumi.candidate.yaml");
            fs.writeFileSync(file, stringify(doc));
            return file;
        }

        it("fails the render, naming the key, when the backend does not fit the target or a required key is missing", () => {
            const file = candidate((config) => {
                config["streaming-platform:storage"] = { backend: "gcs", gcs: { location: "EU" } };
            });
            const result = runRender("candidate", ["--stack-file", file]);
            assert.equal(result.status, 1);
            assert.match(result.stderr, /storage\.backend: must fit target "eks" \(allowed: s3, in-cluster\), got "gcs"/);
            assert.equal(fs.existsSync(result.outDir), false);
        });

        it("fails the render, naming the key, when an EKS stack does not say which cluster", () => {
            const file = candidate((config) => {
                delete config["streaming-platform:cluster"];
            });
            const result = runRender("candidate", ["--stack-file", file]);
            assert.equal(result.status, 1);
            assert.match(result.stderr, /cluster: needs cluster\.kubeconfig .* or cluster\.stackReference .*: target "eks" deploys onto an existing cluster/);
            assert.equal(fs.existsSync(result.outDir), false);
        });
    });
});
