/**
 * Loki's chart values (grafana-community/helm-charts charts/loki, see ./logs-versions), as plain data:
 * one monolithic pod, single tenant, compactor retention, filesystem or bucket storage. Pure: no Pulumi.
 */
import type * as pulumi from "@pulumi/pulumi";
import { HelmValues, mergeValues } from "../core/helm-values";
import { containerResources } from "../core/resources";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import type { ResolvedLogs } from "./logs-args";

/** Loki's HTTP port (values.yaml `loki.server.http_listen_port`): push, query and readiness. */
export const LOKI_HTTP_PORT = 3100;
/** The user and group of the Loki image (values.yaml `loki.podSecurityContext`). */
export const LOKI_UID = 10001;

/** The chart's `loki.fullname` (_helpers.tpl): the release name if it contains "loki", else `<release>-loki`. */
export function lokiFullname(releaseName: string): string {
    return (releaseName.includes("loki") ? releaseName : `${releaseName}-loki`).slice(0, 63).replace(/-+$/, "");
}

/**
 * The labels of the monolithic pod: the chart's `loki.selectorLabels` and `app.kubernetes.io/component:
 * single-binary` (templates/monolithic/_helpers.tpl, _workload.tpl).
 */
export function lokiPodLabels(releaseName: string): Record<string, string> {
    return { "app.kubernetes.io/name": "loki", "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": "single-binary" };
}

/** Loki's in-cluster base URL: the monolithic Service (templates/monolithic/service.yaml names it `loki.fullname`). */
export function lokiUrl(releaseName: string, namespace: string): string {
    return `http://${lokiFullname(releaseName)}.${namespace}.svc.cluster.local:${LOKI_HTTP_PORT}`;
}

/** Where Alloy pushes (Loki's push API). */
export function lokiPushUrl(releaseName: string, namespace: string): string {
    return `${lokiUrl(releaseName, namespace)}/loki/api/v1/push`;
}

/** The ServiceAccount annotation that gives Loki its cloud identity, if any. */
function identityAnnotations(o: ResolvedLogs): Record<string, pulumi.Input<string>> {
    const s = o.storage;
    if (s.backend === "s3" && s.roleArn !== undefined) return { "eks.amazonaws.com/role-arn": s.roleArn };
    if (s.backend === "gcs" && s.gcpServiceAccount !== undefined) return { "iam.gke.io/gcp-service-account": s.gcpServiceAccount };
    return {};
}

/** `loki.storage`: the chart fills common.storage from it (loki.commonStorageConfig in _helpers.tpl). */
function storageValues(o: ResolvedLogs): HelmValues {
    const s = o.storage;
    if (s.backend === "filesystem") return { type: "filesystem" };
    // Chunks, ruler and admin in the one bucket: the chart requires bucketNames.chunks (and .ruler when the ruler is on).
    const bucketNames = { chunks: s.bucket, ruler: s.bucket, admin: s.bucket };
    if (s.backend === "s3") return { type: "s3", bucketNames, s3: { region: s.region } };
    return { type: "gcs", bucketNames };
}

/**
 * The chart's values. Monolithic mode with one replica, the simple scalable targets at zero (the
 * chart's validate.yaml refuses both at once), no gateway, caches, canary, Helm test or rules sidecar;
 * authentication off (one tenant); retention by the compactor; every container restricted.
 */
export function lokiValues(o: ResolvedLogs): HelmValues {
    const backend = o.storage.backend;
    const restricted = restrictedContainerSecurity();
    return mergeValues(
        {
            deploymentMode: "Monolithic",
            loki: {
                auth_enabled: false,
                commonConfig: { replication_factor: 1 },
                storage: storageValues(o),
                schemaConfig: {
                    configs: [{ from: "2024-04-01", store: "tsdb", object_store: backend, schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
                },
                compactor: { retention_enabled: true, delete_request_store: backend },
                limits_config: { retention_period: o.retention },
                podSecurityContext: restrictedPodSecurity(LOKI_UID),
                containerSecurityContext: restricted,
            },
            singleBinary: {
                replicas: 1,
                resources: containerResources(o.lokiResources),
                persistence: { enabled: true, size: o.storage.size, ...(o.storage.storageClass !== undefined ? { storageClass: o.storage.storageClass } : {}) },
            },
            read: { replicas: 0 },
            write: { replicas: 0 },
            backend: { replicas: 0 },
            gateway: { enabled: false },
            chunksCache: { enabled: false },
            resultsCache: { enabled: false },
            lokiCanary: { enabled: false },
            test: { enabled: false },
            sidecar: { rules: { enabled: false }, securityContext: restricted },
            monitoring: { dashboards: { enabled: false }, rules: { enabled: false }, serviceMonitor: { enabled: false } },
            serviceAccount: { create: true, annotations: identityAnnotations(o) },
        },
        o.lokiValues,
    );
}
