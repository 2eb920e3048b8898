import { z } from "zod";
import { ALERT_THRESHOLD_DEFAULTS, AlertThresholdsArgs } from "../components/observability/alert-thresholds";
import { LOGS_STORAGE_BACKENDS } from "../components/observability/logs-args";
import { memory, resources, section } from "./schema-helpers";

/** A persistent volume: its size and class. */
const volume = section({
    size: memory,
    storageClass: z.string().optional(),
});

/**
 * `thresholds`: one key per AlertThresholdsArgs key, a number where its default is one and a Prometheus
 * duration otherwise; the alerts' own check (alertThresholdsProblems) says what each allows.
 */
const thresholds = section(
    Object.fromEntries(Object.entries(ALERT_THRESHOLD_DEFAULTS).map(([key, value]) => [key, (typeof value === "number" ? z.number() : z.string()).optional()])) as unknown as {
        [K in keyof AlertThresholdsArgs]-?: z.ZodOptional<z.ZodType<NonNullable<AlertThresholdsArgs[K]>>>;
    },
);

/** Where Alertmanager sends alerts. Set the secrets with `pulumi config set --secret --path`. */
const receivers = section({
    slack: section({
        /** The incoming webhook's https:// URL: a secret. */
        webhookUrl: z.string().optional(),
        /** "#channel" or "@user". @default the webhook's */
        channel: z.string().optional(),
    }).optional(),
    email: section({
        to: z.string().optional(),
        from: z.string().optional(),
        /** host:port */
        smarthost: z.string().optional(),
        username: z.string().optional(),
        /** A secret. */
        password: z.string().optional(),
        /** @default true */
        requireTls: z.boolean().optional(),
    }).optional(),
});

const logs = section({
    /** @default true */
    enabled: z.boolean().default(true),
    /** Loki's retention, such as "168h". @default "168h" */
    retention: z.string().optional(),
    storage: section({
        /**
         * "filesystem" (Loki's volume), "s3" or "gcs".
         * @default the checkpoints' cloud ("s3" or "gcs") where storage.backend is one, else "filesystem"
         */
        backend: z.enum(LOGS_STORAGE_BACKENDS).optional(),
        /** Loki's volume (all logs with "filesystem"; its write-ahead log and caches with a bucket). @default "10Gi" */
        size: memory.optional(),
        storageClass: z.string().optional(),
        /** The start of the name of the bucket the stack makes for Loki. @default "loki-logs" (a random suffix follows) */
        bucketPrefix: z.string().optional(),
        /** An existing bucket instead of one the stack makes; then region, roleArn or gcpServiceAccount give Loki access. */
        bucket: z.string().optional(),
        region: z.string().optional(),
        roleArn: z.string().optional(),
        gcpServiceAccount: z.string().optional(),
    }).optional(),
    lokiResources: resources.optional(),
    alloyResources: resources.optional(),
});

/**
 * `streaming-platform:observability`: Prometheus, Alertmanager and Grafana (kube-prometheus-stack), Loki
 * and Alloy, the platform's scrape monitors, alerts and dashboards, in the monitoring namespace.
 */
export const observabilitySchema = section({
    /** @default false */
    enabled: z.boolean().default(false),
    /** How long Prometheus keeps samples, such as "1d" or "15d". @default "1d" */
    retention: z.string().optional(),
    /** Prometheus' persistent volume. @default none: an emptyDir (dev); set it on eks and gke */
    storage: volume.optional(),
    /** How often the platform's targets are scraped. @default "30s" */
    scrapeInterval: z.string().optional(),
    /**
     * node-exporter (host metrics), in a namespace of its own that allows privileged pods, so the
     * monitoring namespace stays Restricted. @default enabled, namespace "node-exporter"
     */
    nodeExporter: section({
        enabled: z.boolean().default(true),
        namespace: z.string().optional(),
    }).optional(),
    receivers: receivers.optional(),
    thresholds: thresholds.optional(),
    resources: section({
        prometheus: resources.optional(),
        alertmanager: resources.optional(),
        grafana: resources.optional(),
        grafanaSidecar: resources.optional(),
        operator: resources.optional(),
        kubeStateMetrics: resources.optional(),
        nodeExporter: resources.optional(),
    }).optional(),
    /** Grafana's persistent volume (it keeps users' own changes; the platform's dashboards are provisioned). @default none */
    grafanaStorage: volume.optional(),
    logs: logs.default({ enabled: true }),
});
export type ObservabilityConfig = z.infer<typeof observabilitySchema>;
