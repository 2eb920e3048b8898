import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stackConfigProblems } from "../support/config";
import { describeProblems } from "../../components/core/problems";
import { clusterProblems } from "../../stacks/cluster-provider";
import { parsePlatformConfig } from "../../stacks/config";
import { gcsBucketArgs, s3BucketArgs } from "../../stacks/storage";

const problemsOf = stackConfigProblems;

const OIDC_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

describe("stack configuration: storage", () => {
    it("refuses a backend that does not fit the target, naming the key and what fits", () => {
        assert.deepEqual(problemsOf({ target: "eks", storage: { backend: "gcs", gcs: { project: "acme-prod", location: "EU" } } }), [
            'storage.backend: must fit target "eks" (allowed: s3, in-cluster), got "gcs"',
        ]);
        assert.deepEqual(problemsOf({ target: "minikube", storage: { backend: "s3" } }), ['storage.backend: must fit target "minikube" (allowed: in-cluster), got "s3"']);
        assert.deepEqual(problemsOf({ target: "gke", storage: { backend: "s3", s3: { region: "eu-west-1" } } }), ['storage.backend: must fit target "gke" (allowed: gcs, in-cluster), got "s3"']);
    });

    it("names the keys that S3 needs: the region, and the OIDC provider with IRSA or the cluster with Pod Identity", () => {
        assert.deepEqual(problemsOf({ target: "eks" }), [
            'storage.s3.region: is required with storage.backend "s3": the bucket\'s AWS region, e.g. "eu-west-1"',
            'storage.s3.oidcProviderArn: is required with storage.s3.access "irsa": the ARN of the EKS cluster\'s IAM OIDC provider',
        ]);
        assert.deepEqual(problemsOf({ target: "eks", storage: { s3: { region: "eu-west-1", access: "pod-identity", oidcProviderArn: OIDC_ARN } } }), [
            'storage.s3.clusterName: is required with storage.s3.access "pod-identity": the EKS cluster\'s name',
            'storage.s3.oidcProviderArn: is only used with storage.s3.access "irsa", and access is "pod-identity"',
        ]);
    });

    it("names the keys that GCS needs: the project and the location", () => {
        assert.deepEqual(problemsOf({ target: "gke", storage: { gcs: {} } }), [
            'storage.gcs.project: is required with storage.backend "gcs": the GCP project of the bucket',
            'storage.gcs.location: is required with storage.backend "gcs": the bucket\'s location, e.g. "europe-west1" or "EU"',
        ]);
    });

    it("reports the bucket's own checks under their keys, and a section the backend does not use", () => {
        assert.deepEqual(
            problemsOf({ target: "eks", storage: { s3: { region: "Ireland", oidcProviderArn: "arn:aws:iam::1:role/x", bucketPrefix: "UPPER", kmsKeyArn: "key" } } }),
            [
                'storage.s3.region: must be an AWS region such as "eu-west-1", got "Ireland"',
                'storage.s3.bucketPrefix: must be 2 to 54 lower-case letters, digits and "-", starting with a letter or digit (a random suffix follows), got "UPPER"',
                'storage.s3.oidcProviderArn: must be the ARN of an IAM OIDC provider (arn:aws:iam::<account>:oidc-provider/<issuer>), got "arn:aws:iam::1:role/x"',
                'storage.s3.kmsKeyArn: must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>; an alias does not grant use of the key), got "key"',
            ],
        );
        assert.deepEqual(problemsOf({ target: "gke", storage: { gcs: { project: "acme-prod", location: "EU", softDeleteDays: 100 } } }), [
            "storage.gcs.softDeleteDays: must be 0 (off) or a whole number from 7 to 90, got 100",
        ]);
        assert.deepEqual(problemsOf({ target: "minikube", storage: { inCluster: { bucket: "A" } } }), [
            'storage.inCluster.bucket: must be an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-"), got "A"',
        ]);
        assert.deepEqual(problemsOf({ target: "minikube", storage: { s3: { region: "eu-west-1" } } }), ['storage.s3: is only used with storage.backend "s3", and the backend is "in-cluster"']);
        assert.deepEqual(problemsOf({ target: "eks", storage: { s3: { regoin: "eu-west-1" } } }), [
            "storage.s3.regoin: unknown key; allowed: region, access, oidcProviderArn, clusterName, kmsKeyArn, bucketPrefix, noncurrentVersionDays",
        ]);
    });

    it("needs a Flink cluster to grant a bucket to, and nothing of the backend without Flink", () => {
        const s3 = { region: "eu-west-1", oidcProviderArn: OIDC_ARN };
        assert.deepEqual(problemsOf({ target: "eks", flink: { session: { enabled: false } }, storage: { s3 } }), [
            'storage.backend: "s3" grants access to the Flink clusters\' ServiceAccounts, and the stack has no Flink cluster: enable flink.session or add flink.applications',
        ]);
        assert.equal(parsePlatformConfig({ target: "eks", flink: { enabled: false } }).target, "eks");
    });

    it("hands the buckets the Flink clusters' ServiceAccounts and the stack's keys", () => {
        const eks = parsePlatformConfig({
            target: "eks",
            flink: { applications: { fraud: { job: { jarURI: "local:///f.jar" } } } },
            storage: { allowDataLoss: true, s3: { region: "eu-west-1", access: "pod-identity", clusterName: "prod" } },
        });
        const s3 = s3BucketArgs(eks, "streaming");
        assert.deepEqual(s3.serviceAccounts, ["flink-session-flink", "flink-session-flink-taskmanager", "fraud-flink", "fraud-flink-taskmanager"]);
        assert.deepEqual([s3.region, s3.podIdentityClusterName, s3.oidcProviderArn, s3.allowDataLoss], ["eu-west-1", "prod", undefined, true]);
        const gke = parsePlatformConfig({ target: "gke", storage: { gcs: { project: "acme-prod", location: "EU", softDeleteDays: 30 } } });
        const gcs = gcsBucketArgs(gke, "streaming");
        assert.deepEqual([gcs.project, gcs.location, gcs.softDeleteDays, gcs.allowDataLoss, gcs.serviceAccounts], ["acme-prod", "EU", 30, false, ["flink-session-flink", "flink-session-flink-taskmanager"]]);
    });
});

describe("stack configuration: cluster", () => {
    const base = parsePlatformConfig({ target: "minikube" });

    it("needs an existing cluster's kubeconfig on eks and gke, by secret or stack reference, not both", () => {
        assert.deepEqual(describeProblems(clusterProblems({ ...base, target: "eks" })), [
            'cluster: needs cluster.kubeconfig (a secret: pulumi config set --secret --path cluster.kubeconfig "$(cat kubeconfig)") or cluster.stackReference (the stack that made the cluster): target "eks" deploys onto an existing cluster',
        ]);
        assert.deepEqual(describeProblems(clusterProblems({ ...base, target: "gke", cluster: { kubeconfig: "apiVersion: v1", stackReference: "acme/gke/prod", kubeconfigOutput: "kc" } })), [
            "cluster.stackReference: must not be set together with cluster.kubeconfig: set one of them",
        ]);
        assert.deepEqual(describeProblems(clusterProblems({ ...base, target: "gke", cluster: { kubeconfig: "apiVersion: v1", kubeconfigOutput: "kc" } })), [
            "cluster.kubeconfigOutput: is only used with cluster.stackReference, which is not set",
        ]);
        assert.deepEqual(describeProblems(clusterProblems({ ...base, target: "eks", cluster: { stackReference: "acme/eks/prod" } })), []);
        assert.deepEqual(describeProblems(clusterProblems(base)), [], "minikube may use the local kubeconfig");
    });

    it("takes a stack reference only as organization/project/stack", () => {
        assert.deepEqual(problemsOf({ target: "minikube", cluster: { stackReference: "prod" } }), ['cluster.stackReference: must be "<organization>/<project>/<stack>", got "prod"']);
    });
});
