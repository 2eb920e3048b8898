import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { componentLabels } from "../core/labels";
import { createObject } from "../core/objects";
import { throwIfProblems } from "../core/problems";
import type { FlinkStorage } from "../flink/storage";
import { credentialsSecretName, IAM_FILE, iamSecretName, objectStoreUsersJson, rootCredentialsSecretName } from "./object-store-access";
import { InClusterObjectStoreArgs, inClusterObjectStoreProblems, resolveInClusterObjectStoreArgs } from "./object-store-args";
import { inClusterFlinkStorage, objectStoreEndpoint, objectStoreManifests } from "./object-store-manifests";

export { credentialsSecretName, rootCredentialsSecretName } from "./object-store-access";
export * from "./object-store-args";
export * from "./object-store-manifests";

/**
 * An S3-compatible object store inside the cluster, for Flink's checkpoints where there is no cloud
 * bucket (minikube): generated credentials (Pulumi secrets and a Kubernetes Secret), a persistent
 * volume protected from deletion, the bucket created at deploy time, and a NetworkPolicy that admits
 * only its clients.
 */
export class InClusterObjectStore extends pulumi.ComponentResource {
    /** The contract the Flink components take. */
    public readonly flinkStorage: pulumi.Output<FlinkStorage>;
    /** The S3 endpoint inside the cluster. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly bucket: pulumi.Output<string>;
    /** The Flink user's generated access key (a Pulumi secret): it reaches the bucket and nothing else. */
    public readonly accessKey: pulumi.Output<string>;
    /** The Flink user's generated secret key (a Pulumi secret). */
    public readonly secretKey: pulumi.Output<string>;

    constructor(name: string, args: InClusterObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("InClusterObjectStore", name, inClusterObjectStoreProblems(name, args));
        super("streaming-platform:index:InClusterObjectStore", name, {}, opts);
        const resolved = resolveInClusterObjectStoreArgs(name, args);
        const labels = componentLabels(name, "object-store");

        // Root's keys keep the names they had when they were the only ones, so an existing store keeps them.
        const rootAccessKey = new random.RandomPassword(`${name}-access-key`, { length: 20, special: false, lower: false }, { parent: this });
        const rootSecretKey = new random.RandomPassword(`${name}-secret-key`, { length: 40, special: false }, { parent: this });
        // Upper-case letters and digits: the init container writes the access key into JSON as it is.
        const accessKey = new random.RandomPassword(`${name}-flink-access-key`, { length: 20, special: false, lower: false }, { parent: this });
        const secretKey = new random.RandomPassword(`${name}-flink-secret-key`, { length: 40, special: false }, { parent: this });
        const secretOf = (secretName: string, stringData: Record<string, pulumi.Input<string>>) =>
            new k8s.core.v1.Secret(secretName, { metadata: { name: secretName, namespace: resolved.namespace, labels }, stringData }, { parent: this });
        const rootSecret = secretOf(rootCredentialsSecretName(resolved), { accessKey: rootAccessKey.result, secretKey: rootSecretKey.result });
        const secret = secretOf(credentialsSecretName(resolved), { accessKey: accessKey.result, secretKey: secretKey.result });
        const iamSecret = secretOf(iamSecretName(resolved), { [IAM_FILE]: pulumi.all([accessKey.result, secretKey.result]).apply(([a, k]) => objectStoreUsersJson(a, k)) });
        const claim = new k8s.core.v1.PersistentVolumeClaim(
            `${name}-data`,
            {
                metadata: { name: `${name}-data`, namespace: resolved.namespace, labels },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    resources: { requests: { storage: resolved.storageSize } },
                    ...(resolved.storageClassName !== undefined ? { storageClassName: resolved.storageClassName } : {}),
                },
            },
            // The volume holds every checkpoint: neither destroy nor a replacement may take it by accident.
            { parent: this, protect: !resolved.allowDataLoss, retainOnDelete: !resolved.allowDataLoss },
        );
        const [deployment, service, policy] = objectStoreManifests(resolved).map((manifest) => createObject(name, manifest, { parent: this, dependsOn: [rootSecret, secret, iamSecret, claim] }));

        // Known at once, but handed out only when the store serves, so that Flink starts after it.
        const ready = pulumi.all([deployment.urn, service.urn, policy.urn, secret.urn, iamSecret.urn, claim.urn]);
        this.flinkStorage = ready.apply(() => inClusterFlinkStorage(resolved));
        this.endpoint = ready.apply(() => objectStoreEndpoint(resolved));
        this.bucket = ready.apply(() => resolved.bucket);
        this.accessKey = pulumi.secret(accessKey.result);
        this.secretKey = pulumi.secret(secretKey.result);
        this.registerOutputs({ flinkStorage: this.flinkStorage, endpoint: this.endpoint, bucket: this.bucket, accessKey: this.accessKey, secretKey: this.secretKey });
    }
}
