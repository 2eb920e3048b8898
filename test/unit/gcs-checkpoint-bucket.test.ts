import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GcsCheckpointBucket, workloadIdentityMember } from "../../components/gcp/gcs-checkpoint-bucket";
import type { CapturedResource } from "../../renderer/capture";
import { promiseOf, registeredBy } from "../support/pulumi";

function byType(registered: CapturedResource[], type: string): Record<string, any>[] {
    return registered.filter((r) => r.type === type).map((r) => r.inputs as Record<string, any>);
}

const args = { namespace: "streaming", serviceAccounts: ["flink-session-flink", "fraud-flink"], project: "acme-prod", location: "europe-west1" };
const EMAIL = "flink-ckpt-0a1b2c3d@acme-prod.iam.gserviceaccount.com";

describe("GcsCheckpointBucket", () => {
    it("makes a private, versioned bucket with soft delete, lifecycle rules and a unique name, protected from deletion", async () => {
        const registered = await registeredBy(() => new GcsCheckpointBucket("ckpt", args));
        const [bucket] = registered.filter((r) => r.type === "gcp:storage/bucket:Bucket");
        assert.deepEqual([bucket.protect, bucket.retainOnDelete], [true, true]);
        const inputs = bucket.inputs as Record<string, any>;
        assert.equal(inputs.name, "flink-checkpoints-0a1b2c3d");
        assert.equal(inputs.project, "acme-prod");
        assert.equal(inputs.location, "europe-west1");
        assert.equal(inputs.uniformBucketLevelAccess, true);
        assert.equal(inputs.publicAccessPrevention, "enforced");
        assert.deepEqual(inputs.versioning, { enabled: true });
        assert.deepEqual(inputs.softDeletePolicy, { retentionDurationSeconds: 7 * 86400 });
        assert.equal(inputs.forceDestroy, false);
        assert.deepEqual(inputs.lifecycleRules, [
            { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" } },
            { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } },
        ]);
    });

    it("grants a Google service account this bucket only, and lets exactly the Flink ServiceAccounts act as it", async () => {
        let component: GcsCheckpointBucket | undefined;
        const registered = await registeredBy(() => (component = new GcsCheckpointBucket("wi", args)));
        const [account] = byType(registered, "gcp:serviceaccount/account:Account");
        assert.equal(account.accountId, "flink-ckpt-0a1b2c3d");
        assert.equal(account.project, "acme-prod");

        const grants = byType(registered, "gcp:storage/bucketIAMMember:BucketIAMMember");
        assert.deepEqual(
            grants.map((g) => [g.bucket, g.role, g.member]),
            [
                ["flink-checkpoints-0a1b2c3d", "roles/storage.objectUser", `serviceAccount:${EMAIL}`],
                ["flink-checkpoints-0a1b2c3d", "roles/storage.legacyBucketReader", `serviceAccount:${EMAIL}`],
            ],
        );
        assert.equal(registered.filter((r) => r.type.startsWith("gcp:projects/")).length, 0, "no project-wide grant");

        const bindings = byType(registered, "gcp:serviceaccount/iAMBinding:IAMBinding");
        assert.equal(bindings.length, 1);
        assert.equal(bindings[0].role, "roles/iam.workloadIdentityUser");
        assert.equal(bindings[0].serviceAccountId, `projects/acme-prod/serviceAccounts/${EMAIL}`);
        assert.deepEqual(bindings[0].members, [
            "serviceAccount:acme-prod.svc.id.goog[streaming/flink-session-flink]",
            "serviceAccount:acme-prod.svc.id.goog[streaming/fraud-flink]",
        ]);

        assert.deepEqual(await promiseOf(component!.flinkStorage), {
            checkpointsUri: "gs://flink-checkpoints-0a1b2c3d/checkpoints",
            savepointsUri: "gs://flink-checkpoints-0a1b2c3d/savepoints",
            haStorageUri: "gs://flink-checkpoints-0a1b2c3d/ha",
            flinkConfiguration: {},
            plugins: ["flink-gs-fs-hadoop-2.2.1.jar"],
            serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": EMAIL },
        });
    });

    it("gives another client (Loki) a bucket and an account of its own name", async () => {
        const registered = await registeredBy(() => new GcsCheckpointBucket("logs", { ...args, serviceAccounts: ["loki"], namespace: "monitoring", bucketPrefix: "loki-logs", client: "loki" }));
        const [account] = registered.filter((r) => r.type === "gcp:serviceaccount/account:Account");
        assert.equal(account.name, "logs-loki");
        assert.equal((account.inputs as Record<string, any>).accountId, "loki-0a1b2c3d");
        assert.deepEqual(byType(registered, "gcp:serviceaccount/iAMBinding:IAMBinding")[0].members, ["serviceAccount:acme-prod.svc.id.goog[monitoring/loki]"]);
    });

    it("takes another cluster's Workload Identity pool, and lets the bucket go only when data loss is allowed", async () => {
        assert.equal(workloadIdentityMember("gke-prod.svc.id.goog", "ns", "sa"), "serviceAccount:gke-prod.svc.id.goog[ns/sa]");
        const registered = await registeredBy(
            () => new GcsCheckpointBucket("disposable", { ...args, workloadIdentityPool: "gke-prod.svc.id.goog", softDeleteDays: 0, allowDataLoss: true }),
        );
        const [bucket] = registered.filter((r) => r.type === "gcp:storage/bucket:Bucket");
        assert.deepEqual([bucket.protect, bucket.retainOnDelete, (bucket.inputs as any).forceDestroy], [false, false, true]);
        assert.deepEqual((bucket.inputs as any).softDeletePolicy, { retentionDurationSeconds: 0 });
        assert.match(byType(registered, "gcp:serviceaccount/iAMBinding:IAMBinding")[0].members[0], /^serviceAccount:gke-prod\.svc\.id\.goog\[/);
    });

    it("names every bad argument at once, before anything exists", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () =>
                    new GcsCheckpointBucket("bad", {
                        namespace: "streaming",
                        serviceAccounts: ["Flink"],
                        project: "1acme",
                        location: "europe west",
                        bucketPrefix: "google-flink",
                        softDeleteDays: 3,
                        client: "9loki",
                    }),
                {
                    name: "ArgumentError",
                    message: [
                        'GcsCheckpointBucket "bad" has invalid arguments:',
                        '  - client: must be 2 to 20 lower-case letters, digits and "-", starting with a letter, got "9loki"',
                        '  - serviceAccounts[0]: must be a DNS label (lower-case letters, digits and "-", at most 63), got "Flink"',
                        '  - project: must be a GCP project ID (6 to 30 lower-case letters, digits and "-"), got "1acme"',
                        '  - location: must be a GCS location such as "europe-west1" or "EU", got "europe west"',
                        '  - bucketPrefix: must be 2 to 54 lower-case letters, digits, "-" and "_", starting with a letter or digit, without "goog" at the start or "google" (a random suffix follows), got "google-flink"',
                        "  - softDeleteDays: must be 0 (off) or a whole number from 7 to 90, got 3",
                    ].join("\n"),
                },
            ),
        );
        assert.deepEqual(registered, []);
    });
});
