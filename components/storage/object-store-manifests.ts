/** The store's objects and what Flink is told of it (pure): Deployment, Service, NetworkPolicy, FlinkStorage. */
import { componentLabels, selectorLabels } from "../core/labels";
import { networkPolicy, onPorts } from "../core/network";
import type { Deployment, NetworkPolicy, Service } from "../core/objects";
import { containerResources } from "../core/resources";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { FLINK_VERSION } from "../flink/config";
import { checkpointLayout, FlinkStorage } from "../flink/storage";
import { bucketSetupCommand, credentialsSecretName, IAM_DIR, IAM_FILE, iamSecretName, OWNER_ENV, rootCredentialsSecretName } from "./object-store-access";
import { ResolvedObjectStore, VERSITYGW_PORT } from "./object-store-args";

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
