import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NetworkPeerArgs } from "../../components/core/network";
import { InClusterObjectStore, inClusterObjectStoreProblems } from "../../components/storage/in-cluster-object-store";
import { objectStoreUsersJson } from "../../components/storage/object-store-access";
import { admissions, outsidersOnEveryPort } from "../support/network-policy";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

describe("InClusterObjectStore", () => {
    it("hands Flink its storage, as one plain value, once the store's objects exist", async () => {
        let store: InClusterObjectStore | undefined;
        const registered = await registeredBy(() => (store = new InClusterObjectStore("ckpt", { namespace: "streaming", bucket: "state" })));
        const objects = objectsByKindAndName(registered);
        assert.ok(objects.has("Deployment/ckpt") && objects.has("Service/ckpt") && objects.has("Secret/ckpt-credentials"));
        assert.deepEqual(await promiseOf(store!.flinkStorage), {
            checkpointsUri: "s3://state/checkpoints",
            savepointsUri: "s3://state/savepoints",
            haStorageUri: "s3://state/ha",
            flinkConfiguration: { "s3.endpoint": "http://ckpt.streaming.svc:7070", "s3.path.style.access": "true" },
            plugins: ["flink-s3-fs-presto-2.2.1.jar"],
            secretEnv: { secretName: "ckpt-credentials", keys: { AWS_ACCESS_KEY_ID: "accessKey", AWS_SECRET_ACCESS_KEY: "secretKey" } },
        });
        assert.equal(objects.get("Deployment/ckpt")!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, true);
    });

    it("keeps root's keys in a Secret only the gateway reads, and gives Flink a user of its own, seeded from a Secret", async () => {
        let store: InClusterObjectStore | undefined;
        const registered = await registeredBy(() => (store = new InClusterObjectStore("ckpt", { namespace: "streaming", bucket: "state" })));
        const objects = objectsByKindAndName(registered);
        const pod = objects.get("Deployment/ckpt")!.spec.template.spec;
        const refs = (c: any) => (c.env ?? []).map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`);
        assert.deepEqual(refs(pod.containers[0]), ["ROOT_ACCESS_KEY_ID=ckpt-root-credentials/accessKey", "ROOT_SECRET_ACCESS_KEY=ckpt-root-credentials/secretKey"]);
        // The init container names the bucket's owner: the Flink user's access key, not its secret.
        assert.deepEqual(refs(pod.initContainers[0]), ["BUCKET_OWNER=ckpt-credentials/accessKey"]);
        assert.deepEqual(pod.containers[0].args.slice(0, 4), ["--port", ":7070", "--iam-dir", "/iam"]);
        assert.deepEqual(pod.volumes.find((v: any) => v.name === "iam").secret, { secretName: "ckpt-iam", defaultMode: 0o440, items: [{ key: "users.json", path: "users.json" }] });

        // The keys are secrets (the recording shows them as such); the seed's shape is objectStoreUsersJson's.
        assert.deepEqual(Object.keys(objects.get("Secret/ckpt-iam")!.stringData), ["users.json"]);
        assert.deepEqual(Object.keys(objects.get("Secret/ckpt-credentials")!.stringData), ["accessKey", "secretKey"]);
        assert.deepEqual(JSON.parse(objectStoreUsersJson("FLINKKEY", "s3cr3t")), {
            accessAccounts: { FLINKKEY: { access: "FLINKKEY", secret: "s3cr3t", role: "user", userID: 0, groupID: 0, projectID: 0 } },
        });
        assert.ok(store);
    });

    it("lists every problem of its arguments by path", () => {
        assert.deepEqual(inClusterObjectStoreProblems("Store", { namespace: "streaming", bucket: "a", storageSize: "lots", resources: { requestsCpu: "2" } }), [
            { path: "name", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Store"' },
            { path: "bucket", message: 'must be an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-"), got "a"' },
            { path: "storageSize", message: 'must be a quantity such as "10Gi", got "lots"' },
            { path: "resources.requestsCpu", message: 'must be at most limitsCpu (1), got "2"' },
        ]);
    });

    it("admits only its clients, on the S3 port: by default the Flink pods of its namespace", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new InClusterObjectStore("guarded", { namespace: "streaming" })));
        const policy = objects.get("NetworkPolicy/guarded")!;
        assert.deepEqual(policy.spec.podSelector, objects.get("Deployment/guarded")!.spec.selector, "the store's pods");
        assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
        assert.deepEqual(admissions(policy), [{ from: [{ podSelector: { matchLabels: { type: "flink-native-kubernetes" } } }], ports: [7070] }]);
        assert.deepEqual(outsidersOnEveryPort(policy), []);

        const clients: NetworkPeerArgs[] = [
            { namespace: "streaming", podLabels: { type: "flink-native-kubernetes" } },
            { namespace: "tenant-a", podLabels: { type: "flink-native-kubernetes" } },
        ];
        const tenants = objectsByKindAndName(await registeredBy(() => new InClusterObjectStore("shared-store", { namespace: "streaming", clients }))).get("NetworkPolicy/shared-store")!;
        assert.deepEqual(
            admissions(tenants).map((a) => [a.from[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"], a.ports]),
            [
                ["streaming", [7070]],
                ["tenant-a", [7070]],
            ],
        );
        const closed = objectsByKindAndName(await registeredBy(() => new InClusterObjectStore("closed", { namespace: "streaming", clients: [] }))).get("NetworkPolicy/closed")!;
        assert.deepEqual(closed.spec.ingress, [], "[] admits nobody");
    });

    it("refuses a client that names ports", () => {
        assert.deepEqual(inClusterObjectStoreProblems("store", { namespace: "streaming", clients: [{ podLabels: { app: "backup" }, ports: [7070] }] }), [
            { path: "clients[0].ports", message: "must not be set: clients reach only the S3 port 7070, got [7070]" },
        ]);
    });
});
