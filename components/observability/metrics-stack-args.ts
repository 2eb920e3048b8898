/** The metrics stack's arguments, their documented defaults, and the resolved form the pure builders take. */
import type * as pulumi from "@pulumi/pulumi";
import type { HelmValues } from "../core/helm-values";
import { ANY_ADDRESS, KUBE_API_PORTS } from "../core/network";
import { resolveResources, ResolvedResources, ResourcesArgs } from "../core/resources";

/** Persistent storage of one StatefulSet (a volumeClaimTemplate). */
export interface MetricsStorageArgs {
    /** Size of the volume, such as "10Gi". Required. */
    size: string;
    /** StorageClass of the claim. @default the cluster's default StorageClass */
    storageClass?: pulumi.Input<string>;
}

/** Alerts to Slack through an incoming webhook. */
export interface SlackReceiverArgs {
    /** The webhook URL: a secret, so it goes into the receivers' Secret, never into Helm values. Required. */
    webhookUrl?: pulumi.Input<string>;
    /** Channel that overrides the webhook's own, such as "#alerts". @default the webhook's channel */
    channel?: string;
}

/** Alerts by email through an SMTP server. */
export interface EmailReceiverArgs {
    /** Recipient address. Required. */
    to?: string;
    /** Sender address. Required. */
    from?: string;
    /** SMTP server as host:port, such as "smtp.example.com:587". Required. */
    smarthost?: string;
    /** SMTP user. @default no authentication */
    username?: string;
    /** SMTP password: a secret, so it goes into the receivers' Secret. Needs `username`. @default none */
    password?: pulumi.Input<string>;
    /** Require STARTTLS. @default true */
    requireTls?: boolean;
}

/**
 * The metrics stack: kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager, Grafana,
 * kube-state-metrics, node-exporter). Plain values, not Outputs, where they are checked or shape what is
 * made; only storage classes and secrets (placed into objects) may be Inputs.
 */
export interface MetricsStackSettings {
    /** Name of the Helm release, also the prefix of every object the chart makes (its fullnameOverride). @default the component's name */
    releaseName?: string;
    /** How long Prometheus keeps samples, a Prometheus duration such as "6h" or "15d". @default "1d" */
    retention?: string;
    /** Prometheus' persistent volume. @default none: an emptyDir, lost with the pod */
    prometheusStorage?: MetricsStorageArgs;
    /** Requests and limits of Prometheus. @default requests 150m / 400Mi, limits 1 CPU / 768Mi */
    prometheusResources?: ResourcesArgs;
    /** The config reloader beside Prometheus and Alertmanager. @default requests 10m / 25Mi, limits 50m / 50Mi */
    configReloaderResources?: ResourcesArgs;
    /** Requests and limits of Alertmanager. @default requests 25m / 64Mi, limits 200m / 128Mi */
    alertmanagerResources?: ResourcesArgs;
    /** Alerts to Slack. @default none */
    slack?: SlackReceiverArgs;
    /** Alerts by email. @default none; with neither, alerts are only seen in Alertmanager */
    email?: EmailReceiverArgs;
    /** An existing Secret of the namespace with Grafana's admin user and password. @default `${releaseName}-grafana-admin` */
    grafanaAdminSecret?: string;
    /** Its key holding the user name. @default "admin-user" */
    grafanaAdminUserKey?: string;
    /** Its key holding the password. @default "admin-password" */
    grafanaAdminPasswordKey?: string;
    /** Grafana's persistent volume (dashboards are provisioned, so it only keeps users' changes). @default none */
    grafanaStorage?: MetricsStorageArgs;
    /** Requests and limits of Grafana. @default requests 100m / 192Mi, limits 500m / 384Mi */
    grafanaResources?: ResourcesArgs;
    /** Each of Grafana's two sidecars (dashboards, datasources). @default requests 10m / 64Mi, limits 100m / 128Mi */
    grafanaSidecarResources?: ResourcesArgs;
    /** Requests and limits of the Prometheus Operator. @default requests 50m / 96Mi, limits 200m / 192Mi */
    operatorResources?: ResourcesArgs;
    /** Requests and limits of kube-state-metrics. @default requests 20m / 64Mi, limits 100m / 128Mi */
    kubeStateMetricsResources?: ResourcesArgs;
    /** Run node-exporter (a DaemonSet that needs the host's network, PIDs and file system). @default true */
    nodeExporter?: boolean;
    /** node-exporter's own namespace, which must allow privileged pods, so the monitoring namespace can enforce Restricted. Required with nodeExporter. */
    nodeExporterNamespace?: string;
    /** Requests and limits of node-exporter, per node. @default requests 20m / 32Mi, limits 100m / 64Mi */
    nodeExporterResources?: ResourcesArgs;
    /** Where the Kubernetes API server is, for the operator's, kube-state-metrics' and Grafana's egress. @default ["0.0.0.0/0"] */
    kubeApiCidrs?: string[];
    /** The nodes' addresses, for Prometheus' egress to the kubelets (10250) and a host-network node-exporter (9100). @default ["0.0.0.0/0"] */
    nodeCidrs?: string[];
    /** Scrape the kubelets and their cAdvisor (container CPU, memory, network). @default true */
    scrapeKubelet?: boolean;
    /** Further chart values, merged over the component's as Helm merges values files (see StrimziOperatorArgs.values). @default {} */
    values?: HelmValues;
}

/** The metrics stack, placed: its namespace and the Loki its Grafana queries. */
export interface MetricsStackArgs extends MetricsStackSettings {
    /** The monitoring namespace: the release's, where PodMonitors and dashboards live. Required. */
    namespace: string;
    /** Loki's URL for Grafana's Loki datasource, such as "http://loki.monitoring:3100". @default no Loki datasource */
    lokiUrl?: string;
}


export interface ResolvedMetricsStack {
    instance: string;
    namespace: string;
    releaseName: string;
    retention: string;
    prometheusStorage?: MetricsStorageArgs;
    prometheusResources: ResolvedResources;
    configReloaderResources: ResolvedResources;
    alertmanagerResources: ResolvedResources;
    slack?: SlackReceiverArgs;
    email?: EmailReceiverArgs;
    grafanaAdminSecret: string;
    grafanaAdminUserKey: string;
    grafanaAdminPasswordKey: string;
    grafanaStorage?: MetricsStorageArgs;
    grafanaResources: ResolvedResources;
    grafanaSidecarResources: ResolvedResources;
    lokiUrl?: string;
    operatorResources: ResolvedResources;
    kubeStateMetricsResources: ResolvedResources;
    nodeExporter: boolean;
    nodeExporterNamespace: string;
    nodeExporterResources: ResolvedResources;
    kubeApiCidrs: string[];
    kubeApiPorts: number[];
    nodeCidrs: string[];
    scrapeKubelet: boolean;
    values: HelmValues;
}

const r = (requestsCpu: string, requestsMemory: string, limitsCpu: string, limitsMemory: string): ResolvedResources => ({ requestsCpu, requestsMemory, limitsCpu, limitsMemory });

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveMetricsStackArgs(name: string, args: MetricsStackArgs): ResolvedMetricsStack {
    const releaseName = args.releaseName ?? name;
    return {
        instance: name,
        namespace: args.namespace,
        releaseName,
        retention: args.retention ?? "1d",
        prometheusStorage: args.prometheusStorage,
        prometheusResources: resolveResources(args.prometheusResources, r("150m", "400Mi", "1", "768Mi")),
        configReloaderResources: resolveResources(args.configReloaderResources, r("10m", "25Mi", "50m", "50Mi")),
        alertmanagerResources: resolveResources(args.alertmanagerResources, r("25m", "64Mi", "200m", "128Mi")),
        slack: args.slack,
        email: args.email,
        grafanaAdminSecret: args.grafanaAdminSecret ?? `${releaseName}-grafana-admin`,
        grafanaAdminUserKey: args.grafanaAdminUserKey ?? "admin-user",
        grafanaAdminPasswordKey: args.grafanaAdminPasswordKey ?? "admin-password",
        grafanaStorage: args.grafanaStorage,
        grafanaResources: resolveResources(args.grafanaResources, r("100m", "192Mi", "500m", "384Mi")),
        grafanaSidecarResources: resolveResources(args.grafanaSidecarResources, r("10m", "64Mi", "100m", "128Mi")),
        lokiUrl: args.lokiUrl,
        operatorResources: resolveResources(args.operatorResources, r("50m", "96Mi", "200m", "192Mi")),
        kubeStateMetricsResources: resolveResources(args.kubeStateMetricsResources, r("20m", "64Mi", "100m", "128Mi")),
        nodeExporter: args.nodeExporter ?? true,
        nodeExporterNamespace: args.nodeExporterNamespace ?? "",
        nodeExporterResources: resolveResources(args.nodeExporterResources, r("20m", "32Mi", "100m", "64Mi")),
        kubeApiCidrs: args.kubeApiCidrs ?? [ANY_ADDRESS],
        kubeApiPorts: [...KUBE_API_PORTS],
        nodeCidrs: args.nodeCidrs ?? [ANY_ADDRESS],
        scrapeKubelet: args.scrapeKubelet ?? true,
        values: args.values ?? {},
    };
}
