/** The logs stack's arguments (Loki and Grafana Alloy), their defaults, and the resolved form the pure builders take. */
import type * as pulumi from "@pulumi/pulumi";
import { CredentialEndpoint, EKS_POD_IDENTITY_AGENT, GKE_METADATA_SERVER } from "../core/credential-endpoints";
import type { HelmValues } from "../core/helm-values";
import { ANY_ADDRESS, DEFAULT_MONITORING_NAMESPACE } from "../core/network";
import { ResolvedResources, resolveResources, ResourcesArgs } from "../core/resources";

/** Where Loki keeps chunks and indexes. */
export const LOGS_STORAGE_BACKENDS = ["filesystem", "s3", "gcs"] as const;
export type LogsStorageBackend = (typeof LOGS_STORAGE_BACKENDS)[number];

/**
 * Loki's storage. `filesystem` (minikube) keeps everything on the pod's volume; `s3` and `gcs` keep
 * chunks and indexes in a bucket, with credentials from pod identity (no static keys). Plain values,
 * except where typed `pulumi.Input` (a bucket the same stack makes): they are checked before anything is made.
 */
export interface LogsStorageArgs {
    /** "filesystem", "s3" or "gcs". @default "filesystem" */
    backend?: string;
    /** Size of Loki's volume (all data with filesystem; the WAL and index cache with a bucket). @default "10Gi" */
    size?: string;
    /** Storage class of that volume. @default the cluster's default class */
    storageClass?: string;
    /** The bucket, with backend "s3" or "gcs". */
    bucket?: pulumi.Input<string>;
    /** The bucket's AWS region, with backend "s3". */
    region?: string;
    /** IAM role for Loki's ServiceAccount (IRSA: eks.amazonaws.com/role-arn), with backend "s3". @default none (EKS Pod Identity) */
    roleArn?: pulumi.Input<string>;
    /** Google service account for Loki's ServiceAccount (Workload Identity: iam.gke.io/gcp-service-account), with backend "gcs". @default none */
    gcpServiceAccount?: pulumi.Input<string>;
    /**
     * The node-local endpoints Loki fetches its credentials from, beside the bucket's and STS's port 443.
     * @default with "s3", the EKS Pod Identity Agent unless `roleArn` is set (IRSA calls STS); with "gcs", the GKE metadata server; otherwise none
     */
    credentialEndpoints?: CredentialEndpoint[];
}

/** The logs stack: Loki (one monolithic pod) and one Alloy pod that tails pods through the Kubernetes API. */
/** The logs stack's settings that do not place it: what ObservabilityStack takes as `logs`. */
export interface LogsSettings {
    /** Helm release name of Loki. @default "loki" */
    lokiReleaseName?: string;
    /** Helm release name of Alloy. @default "alloy" */
    alloyReleaseName?: string;
    /** Namespaces whose pods' logs Alloy collects. @default [namespace] */
    collectNamespaces?: string[];
    /** How long Loki keeps logs, in Loki's duration syntax ("168h", "30d"). @default "168h" */
    retention?: string;
    /** @default filesystem, 10Gi */
    storage?: LogsStorageArgs;
    /** The API server's addresses, for Alloy's egress. @default ["0.0.0.0/0"] (on the API ports only) */
    apiServerCidrs?: string[];
    /** @default 100m / 256Mi requests, 1 CPU / 512Mi limits */
    lokiResources?: ResourcesArgs;
    /** @default 50m / 128Mi requests, 500m / 256Mi limits */
    alloyResources?: ResourcesArgs;
    /** Loki chart values over the platform's. @default {} */
    lokiValues?: HelmValues;
    /** Alloy chart values over the platform's. @default {} */
    alloyValues?: HelmValues;
}

/** The logs stack: Loki (one monolithic pod) and one Alloy pod that tails pods through the Kubernetes API. */
export interface LogsArgs extends LogsSettings {
    /** Namespace of Loki and Alloy. @default "monitoring" */
    namespace?: string;
    /** Namespace of the Grafana that queries Loki. @default "monitoring" */
    grafanaNamespace?: string;
}

export const DEFAULT_LOKI_RESOURCES: ResolvedResources = { requestsCpu: "100m", requestsMemory: "256Mi", limitsCpu: "1", limitsMemory: "512Mi" };
export const DEFAULT_ALLOY_RESOURCES: ResolvedResources = { requestsCpu: "50m", requestsMemory: "128Mi", limitsCpu: "500m", limitsMemory: "256Mi" };
/** The Alloy chart's config reloader sidecar, at the chart's own requests (values.yaml: 10m / 50Mi). */
export const DEFAULT_CONFIG_RELOADER_RESOURCES: ResolvedResources = { requestsCpu: "10m", requestsMemory: "50Mi", limitsCpu: "50m", limitsMemory: "64Mi" };

export interface ResolvedLogsStorage {
    backend: string;
    size: string;
    storageClass?: string;
    bucket?: pulumi.Input<string>;
    region?: string;
    roleArn?: pulumi.Input<string>;
    gcpServiceAccount?: pulumi.Input<string>;
    credentialEndpoints: CredentialEndpoint[];
}

/** Where Loki's credentials come from when the args name no endpoints. */
function defaultCredentialEndpoints(storage: LogsStorageArgs): readonly CredentialEndpoint[] {
    if (storage.backend === "s3") return storage.roleArn === undefined ? EKS_POD_IDENTITY_AGENT : [];
    if (storage.backend === "gcs") return GKE_METADATA_SERVER;
    return [];
}

export interface ResolvedLogs {
    namespace: string;
    lokiReleaseName: string;
    alloyReleaseName: string;
    collectNamespaces: string[];
    retention: string;
    storage: ResolvedLogsStorage;
    grafanaNamespace: string;
    apiServerCidrs: string[];
    lokiResources: ResolvedResources;
    alloyResources: ResolvedResources;
    lokiValues: HelmValues;
    alloyValues: HelmValues;
}

export function resolveLogsArgs(args: LogsArgs = {}): ResolvedLogs {
    const namespace = args.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    const s = args.storage ?? {};
    return {
        namespace,
        lokiReleaseName: args.lokiReleaseName ?? "loki",
        alloyReleaseName: args.alloyReleaseName ?? "alloy",
        collectNamespaces: [...(args.collectNamespaces ?? [namespace])],
        retention: args.retention ?? "168h",
        storage: { ...s, backend: s.backend ?? "filesystem", size: s.size ?? "10Gi", credentialEndpoints: [...(s.credentialEndpoints ?? defaultCredentialEndpoints(s))] },
        grafanaNamespace: args.grafanaNamespace ?? DEFAULT_MONITORING_NAMESPACE,
        apiServerCidrs: [...(args.apiServerCidrs ?? [ANY_ADDRESS])],
        lokiResources: resolveResources(args.lokiResources, DEFAULT_LOKI_RESOURCES),
        alloyResources: resolveResources(args.alloyResources, DEFAULT_ALLOY_RESOURCES),
        lokiValues: args.lokiValues ?? {},
        alloyValues: args.alloyValues ?? {},
    };
}
