import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { componentLabels, dnsLabelMessage, isDnsLabel, selectorLabels } from "../core/labels";
import { clientPeersProblems, flinkPodsPeer, NetworkPeerArgs, networkPolicy, onPorts } from "../core/network";
import { createObject, Deployment, NetworkPolicy, Service } from "../core/objects";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { isMemoryQuantity } from "../core/quantity";
import { containerResources, ResolvedResources, resolveResources, ResourcesArgs, resourcesProblems } from "../core/resources";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { FLINK_VERSION } from "../flink/config";
import { checkpointLayout, FlinkStorage } from "../flink/storage";
import {
    bucketSetupCommand,
    credentialsSecretName,
    IAM_DIR,
    IAM_FILE,
    iamSecretName,
    objectStoreUsersJson,
    OWNER_ENV,
    rootCredentialsSecretName,
} from "./object-store-access";

export { credentialsSecretName, rootCredentialsSecretName } from "./object-store-access";

/**
 * Versity S3 Gateway: an S3 API over a POSIX directory, Apache-2.0, one static Go binary in an
 * official image. (MinIO stopped publishing free images in 2025; see the README.) The same version
 * runs in the tests, from the Go module proxy.
 */
export const VERSITYGW_VERSION = "v1.8.0";
export const VERSITYGW_PORT = 7070;

/**
 * An S3-compatible store in the cluster. Plain values, except where typed `pulumi.Input`: they are
 * checked, and the store's names derived from them, before anything is created.
 */
export interface InClusterObjectStoreArgs {
    /** Namespace to run in; it must exist. */
    namespace: string;
    /** The bucket Flink writes to: a directory of the store's volume, created at deploy time. @default "flink" */
    bucket?: string;
    /** Size of the volume. @default "10Gi" */
    storageSize?: string;
    /** StorageClass of the volume. @default the cluster's default */
    storageClassName?: pulumi.Input<string>;
    /** @default `versity/versitygw:${VERSITYGW_VERSION}` */
    image?: pulumi.Input<string>;
    /** @default requests 100m / 128Mi, limits 1 / 512Mi */
    resources?: ResourcesArgs;
    /**
     * Let `pulumi destroy` (or a replacement) delete the volume, and with it every checkpoint and
     * savepoint. Off by default: the volume is protected.
     * @default false
     */
    allowDataLoss?: boolean;
    /**
     * Who may connect to the S3 port (7070), and to no other: the pods that keep checkpoints there. A
     * peer names no `ports`. `[]` admits no client. @default the Flink pods of the store's namespace
     * (`type: flink-native-kubernetes`)
     */
    clients?: NetworkPeerArgs[];
}

export interface ResolvedObjectStore {
    name: string;
    namespace: string;
    bucket: string;
    storageSize: string;
    storageClassName?: pulumi.Input<string>;
    image: pulumi.Input<string>;
    resources: ResolvedResources;
    allowDataLoss: boolean;
    clients: NetworkPeerArgs[];
}

export function resolveInClusterObjectStoreArgs(name: string, args: InClusterObjectStoreArgs): ResolvedObjectStore {
    return {
        name,
        namespace: args.namespace,
        bucket: args.bucket ?? "flink",
        storageSize: args.storageSize ?? "10Gi",
        storageClassName: args.storageClassName,
        image: args.image ?? `versity/versitygw:${VERSITYGW_VERSION}`,
        resources: resolveResources(args.resources, { requestsCpu: "100m", requestsMemory: "128Mi", limitsCpu: "1", limitsMemory: "512Mi" }),
        allowDataLoss: args.allowDataLoss ?? false,
        clients: args.clients ?? [flinkPodsPeer()],
    };
}

/** S3 bucket naming rules, as far as a directory name must follow them. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Every problem of the arguments, by argument path. */
export function inClusterObjectStoreProblems(name: string, args: InClusterObjectStoreArgs): Problem[] {
    const s = resolveInClusterObjectStoreArgs(name, args);
    return new Problems()
        .check(isDnsLabel(s.name), "name", dnsLabelMessage(s.name))
        .check(isDnsLabel(s.namespace), "namespace", dnsLabelMessage(s.namespace))
        .check(BUCKET.test(s.bucket), "bucket", `must be an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-"), got ${JSON.stringify(s.bucket)}`)
        .check(isMemoryQuantity(s.storageSize), "storageSize", `must be a quantity such as "10Gi", got ${JSON.stringify(s.storageSize)}`)
        .add("resources", resourcesProblems(s.resources))
        .add("clients", clientPeersProblems(s.clients, `the S3 port ${VERSITYGW_PORT}`)).list;
}

export function objectStoreEndpoint(s: ResolvedObjectStore): string {
    return `http://${s.name}.${s.namespace}.svc:${VERSITYGW_PORT}`;
}

/** What Flink needs to use the store: s3:// URIs, the endpoint, path-style access, its user's keys from their Secret. */
export function inClusterFlinkStorage(s: ResolvedObjectStore): FlinkStorage {
    return {
        ...checkpointLayout(`s3://${s.bucket}`),
        flinkConfiguration: { "s3.endpoint": objectStoreEndpoint(s), "s3.path.style.access": "true" },
        // Presto's S3 file system is the one Flink recommends for checkpoints.
        plugins: [`flink-s3-fs-presto-${FLINK_VERSION}.jar`],
        secretEnv: { secretName: credentialsSecretName(s), keys: { AWS_ACCESS_KEY_ID: "accessKey", AWS_SECRET_ACCESS_KEY: "secretKey" } },
    };
}

/**
 * The gateway's command line: its users from the internal IAM's users.json in `iamDir`; buckets are
 * the directories of /store/buckets; their metadata goes to /store/meta (a sidecar directory) rather
 * than extended attributes, which not every volume supports.
 */
export function objectStoreArgs(port: string = `:${VERSITYGW_PORT}`, root = "/store", iamDir = IAM_DIR): string[] {
    return ["--port", port, "--iam-dir", iamDir, "posix", "--sidecar", `${root}/meta`, `${root}/buckets`];
}

/** The labels of the store's pod: what its Service, and a client's egress policy, select. */
export function objectStorePodLabels(s: Pick<ResolvedObjectStore, "name">): Record<string, string> {
    return selectorLabels(s.name, "object-store");
}

/** Its clients, on the S3 port only: nothing else reaches the store's pods. */
export function objectStoreNetworkPolicy(s: ResolvedObjectStore): NetworkPolicy {
    return networkPolicy({
        name: s.name,
        namespace: s.namespace,
        labels: componentLabels(s.name, "object-store"),
        podLabels: objectStorePodLabels(s),
        ingress: onPorts(s.clients, [VERSITYGW_PORT]),
    });
}

/** The store's Deployment, Service and NetworkPolicy (pure); the volume claim and Secret are made by the component. */
export function objectStoreManifests(s: ResolvedObjectStore): [Deployment, Service, NetworkPolicy] {
    const labels = componentLabels(s.name, "object-store");
    const selector = objectStorePodLabels(s);
    const root = rootCredentialsSecretName(s);
    return [
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: s.name, namespace: s.namespace, labels },
            spec: {
                replicas: 1,
                // One writer of a ReadWriteOnce volume: the old pod goes before the new one starts.
                strategy: { type: "Recreate" },
                selector: { matchLabels: selector },
                template: {
                    metadata: { labels: { ...labels, ...selector } },
                    spec: {
                        securityContext: restrictedPodSecurity(10001),
                        automountServiceAccountToken: false,
                        initContainers: [
                            {
                                // The bucket, owned by the Flink user (see bucketSetupCommand).
                                name: "create-bucket",
                                image: s.image,
                                command: ["/bin/sh", "-c", bucketSetupCommand(s.bucket)],
                                env: [{ name: OWNER_ENV, valueFrom: { secretKeyRef: { name: credentialsSecretName(s), key: "accessKey" } } }],
                                resources: containerResources(s.resources),
                                securityContext: restrictedContainerSecurity(),
                                volumeMounts: [{ name: "data", mountPath: "/store" }],
                            },
                        ],
                        containers: [
                            {
                                name: "s3",
                                image: s.image,
                                args: objectStoreArgs(),
                                env: [
                                    { name: "ROOT_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: root, key: "accessKey" } } },
                                    { name: "ROOT_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: root, key: "secretKey" } } },
                                ],
                                ports: [{ name: "s3", containerPort: VERSITYGW_PORT }],
                                resources: containerResources(s.resources),
                                securityContext: restrictedContainerSecurity(),
                                readinessProbe: { tcpSocket: { port: "s3" }, periodSeconds: 10 },
                                livenessProbe: { tcpSocket: { port: "s3" }, initialDelaySeconds: 10, periodSeconds: 20 },
                                volumeMounts: [
                                    { name: "data", mountPath: "/store" },
                                    { name: "tmp", mountPath: "/tmp" },
                                    { name: "iam", mountPath: IAM_DIR, readOnly: true },
                                ],
                            },
                        ],
                        volumes: [
                            { name: "data", persistentVolumeClaim: { claimName: `${s.name}-data` } },
                            { name: "tmp", emptyDir: {} },
                            // Readable by the pod's group (fsGroup) only.
                            { name: "iam", secret: { secretName: iamSecretName(s), defaultMode: 0o440, items: [{ key: IAM_FILE, path: IAM_FILE }] } },
                        ],
                    },
                },
            },
        },
        {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: s.name, namespace: s.namespace, labels },
            spec: { selector, ports: [{ name: "s3", port: VERSITYGW_PORT, targetPort: "s3" }] },
        },
        objectStoreNetworkPolicy(s),
    ];
}

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
