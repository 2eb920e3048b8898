/**
 * The kube-prometheus-stack chart's values for the platform's metrics stack, and the pod labels and
 * ports of what it runs, as plain data (pure: no Pulumi). Every value path below was read in the
 * chart's values.yaml and templates (prometheus-community/helm-charts, charts/kube-prometheus-stack)
 * or its subcharts' values (grafana, kube-state-metrics, prometheus-node-exporter).
 */
import { HelmValues, mergeValues } from "../core/helm-values";
import { PROMETHEUS_POD_LABELS } from "../core/network";
import { containerResources } from "../core/resources";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { alertmanagerConfig, needsReceiversSecret, receiversSecretName } from "./metrics-stack-alertmanager";
import type { MetricsStorageArgs, ResolvedMetricsStack } from "./metrics-stack-args";
import { DATASOURCE_TYPES, DATASOURCE_UIDS, GRAFANA_DASHBOARD_LABEL } from "./datasources";
import { PLATFORM_SCRAPE_LABELS } from "./pod-monitors";

/**
 * The label every platform PrometheusRule carries: the platform's Prometheus selects rules by it
 * (`ruleSelector.matchLabels`) in every namespace. Pass it as the alerts' `labels`.
 */
export const RULE_LABEL = "streaming-platform.io/rules";
export const PLATFORM_RULE_LABELS: Readonly<Record<string, string>> = { [RULE_LABEL]: "true" };

/**
 * A label the values put on the Prometheus and Alertmanager pods (`prometheusSpec.podMetadata`,
 * `alertmanagerSpec.podMetadata`: "Labels and Annotations gets propagated to the pods"), so the
 * policies select them by a label of ours, not by the operator's internals.
 */
export const METRICS_STACK_LABEL = "streaming-platform.io/metrics-stack";

/** Ports, from the chart's values and templates. */
export const METRICS_STACK_PORTS = {
    /** prometheus.service.port / targetPort, container port `http-web`. */
    prometheus: 9090,
    /** The config reloader's web port in the Prometheus and Alertmanager pods (prometheus.service.reloaderWebPort). */
    configReloader: 8080,
    /** alertmanager.service.port / targetPort, container port `http-web`. */
    alertmanager: 9093,
    /** Grafana's container port (the grafana chart's probes: `port: 3000`; its Service's targetPort). */
    grafana: 3000,
    /** kube-state-metrics' `http` port (its chart's service.port). */
    kubeStateMetrics: 8080,
    /** node-exporter (its chart's service.port, the container's too). */
    nodeExporter: 9100,
    /** The kubelets' HTTPS port, which the chart's kubelet ServiceMonitor scrapes (kubelet.serviceMonitor.https). */
    kubelet: 10250,
    /** The operator's `http` port when prometheusOperator.tls is off (templates/prometheus-operator/deployment.yaml). */
    operator: 8080,
} as const;

/** The chart's `kube-prometheus-stack.name` (its Chart.Name, no nameOverride): the operator's `app` label is `<name>-operator`. */
const CHART_NAME = "kube-prometheus-stack";

/** The Prometheus CR and its Service: `<fullname>-prometheus` (_helpers.tpl `kube-prometheus-stack.prometheus.crname`). */
export function prometheusName(o: ResolvedMetricsStack): string {
    return `${o.releaseName}-prometheus`;
}

/** The Alertmanager CR and its Service: `<fullname>-alertmanager`. */
export function alertmanagerName(o: ResolvedMetricsStack): string {
    return `${o.releaseName}-alertmanager`;
}

/** The labels of each kind of pod the release runs, as its templates (and the values above) set them. */
export function metricsStackPodLabels(o: ResolvedMetricsStack) {
    const chart = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/instance": o.releaseName });
    return {
        prometheus: { ...PROMETHEUS_POD_LABELS, [METRICS_STACK_LABEL]: prometheusName(o) },
        alertmanager: { [METRICS_STACK_LABEL]: alertmanagerName(o) },
        // The operator Deployment's selector (templates/prometheus-operator/deployment.yaml).
        operator: { app: `${CHART_NAME}-operator`, release: o.releaseName },
        // The subcharts' selector labels: their chart name and the release.
        grafana: chart("grafana"),
        kubeStateMetrics: chart("kube-state-metrics"),
        nodeExporter: chart("prometheus-node-exporter"),
    };
}

function volumeClaimTemplate(storage: MetricsStorageArgs): HelmValues {
    return {
        spec: {
            accessModes: ["ReadWriteOnce"],
            ...(storage.storageClass !== undefined ? { storageClassName: storage.storageClass } : {}),
            resources: { requests: { storage: storage.size } },
        },
    };
}

function grafanaDatasources(o: ResolvedMetricsStack): HelmValues[] {
    const sources: HelmValues[] = [
        {
            name: "Prometheus",
            type: DATASOURCE_TYPES.prometheus,
            uid: DATASOURCE_UIDS.prometheus,
            url: `http://${prometheusName(o)}.${o.namespace}:${METRICS_STACK_PORTS.prometheus}/`,
            access: "proxy",
            isDefault: true,
        },
        {
            name: "Alertmanager",
            type: DATASOURCE_TYPES.alertmanager,
            uid: DATASOURCE_UIDS.alertmanager,
            url: `http://${alertmanagerName(o)}.${o.namespace}:${METRICS_STACK_PORTS.alertmanager}`,
            access: "proxy",
            jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
        },
    ];
    if (o.lokiUrl !== undefined) sources.push({ name: "Loki", type: DATASOURCE_TYPES.loki, uid: DATASOURCE_UIDS.loki, url: o.lokiUrl, access: "proxy" });
    return sources;
}

function prometheusValues(o: ResolvedMetricsStack): HelmValues {
    const labels = metricsStackPodLabels(o);
    return {
        prometheusSpec: {
            retention: o.retention,
            resources: containerResources(o.prometheusResources),
            // No storageSpec: the operator gives Prometheus an emptyDir.
            storageSpec: o.prometheusStorage !== undefined ? { volumeClaimTemplate: volumeClaimTemplate(o.prometheusStorage) } : {},
            podMetadata: { labels: { [METRICS_STACK_LABEL]: labels.prometheus[METRICS_STACK_LABEL] } },
            securityContext: restrictedPodSecurity(1000, 2000),
            // The platform's PodMonitors and rules, by their labels, wherever they are; not the chart's release label.
            podMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelector: { matchLabels: { ...PLATFORM_SCRAPE_LABELS } },
            podMonitorNamespaceSelector: {},
            ruleSelectorNilUsesHelmValues: false,
            ruleSelector: { matchLabels: { ...PLATFORM_RULE_LABELS } },
            ruleNamespaceSelector: {},
            // The chart's own ServiceMonitors (kubelet, kube-state-metrics, node-exporter, the API server,
            // Prometheus and Alertmanager) carry its release label: that selector keeps them and no others.
            serviceMonitorSelectorNilUsesHelmValues: true,
        },
    };
}

function alertmanagerValues(o: ResolvedMetricsStack): HelmValues {
    return {
        config: alertmanagerConfig(o),
        alertmanagerSpec: {
            replicas: 1,
            resources: containerResources(o.alertmanagerResources),
            secrets: needsReceiversSecret(o) ? [receiversSecretName(o)] : [],
            podMetadata: { labels: { ...metricsStackPodLabels(o).alertmanager } },
            securityContext: restrictedPodSecurity(1000, 2000),
        },
    };
}

function grafanaValues(o: ResolvedMetricsStack): HelmValues {
    const [[dashboardLabel, dashboardLabelValue]] = Object.entries(GRAFANA_DASHBOARD_LABEL);
    // Grafana and k8s-sidecar are not known to run with a read-only root file system: everything else is Restricted.
    const writable = restrictedContainerSecurity({ readOnlyRootFilesystem: false });
    return {
        admin: { existingSecret: o.grafanaAdminSecret, userKey: o.grafanaAdminUserKey, passwordKey: o.grafanaAdminPasswordKey },
        // The chart's dashboards query the recording rules of its default rules, which are off.
        defaultDashboardsEnabled: false,
        // A test pod (bats) and a root init container (chown) that the platform does not run.
        testFramework: { enabled: false },
        initChownData: { enabled: false },
        persistence:
            o.grafanaStorage !== undefined
                ? { enabled: true, type: "pvc", size: o.grafanaStorage.size, ...(o.grafanaStorage.storageClass !== undefined ? { storageClassName: o.grafanaStorage.storageClass } : {}) }
                : { enabled: false },
        resources: containerResources(o.grafanaResources),
        securityContext: restrictedPodSecurity(472),
        containerSecurityContext: writable,
        sidecar: {
            resources: containerResources(o.grafanaSidecarResources),
            securityContext: writable,
            dashboards: { enabled: true, label: dashboardLabel, labelValue: dashboardLabelValue, searchNamespace: o.namespace },
            // Ours, under the platform's UIDs, instead of the chart's default Prometheus and Alertmanager datasources.
            datasources: { enabled: true, defaultDatasourceEnabled: false, alertmanager: { enabled: false } },
        },
        additionalDataSources: grafanaDatasources(o),
        // Prometheus is not admitted to Grafana's port.
        serviceMonitor: { enabled: false },
    };
}

/**
 * The chart's values. Off: the CRDs (the program applies PROMETHEUS_OPERATOR_CRDS), the operator's
 * admission webhooks (their certificate Jobs; the operator then serves plain HTTP, as its TLS
 * certificate came from them), the chart's default rules and dashboards, and the ServiceMonitors of
 * what the NetworkPolicies do not let Prometheus reach: etcd, the scheduler, the controller manager and
 * kube-proxy (control-plane ports on the nodes; not even there on EKS or GKE) and CoreDNS (the namespace
 * reaches kube-dns on port 53 only). On: the API server (Prometheus reaches the API anyway),
 * kube-state-metrics, node-exporter and the kubelets' cAdvisor (egress to the nodes on 10250).
 */
export function metricsStackValues(o: ResolvedMetricsStack): HelmValues {
    const restricted = restrictedContainerSecurity();
    const nobody = restrictedPodSecurity(65534);
    return mergeValues(
        {
            fullnameOverride: o.releaseName,
            crds: { enabled: false },
            defaultRules: { create: false },
            kubeEtcd: { enabled: false },
            kubeScheduler: { enabled: false },
            kubeControllerManager: { enabled: false },
            kubeProxy: { enabled: false },
            coreDns: { enabled: false },
            kubelet: { enabled: o.scrapeKubelet },
            prometheusOperator: {
                admissionWebhooks: { enabled: false, patch: { enabled: false } },
                tls: { enabled: false },
                resources: containerResources(o.operatorResources),
                securityContext: nobody,
                containerSecurityContext: restricted,
                prometheusConfigReloader: { resources: containerResources(o.configReloaderResources) },
                // Prometheus is not admitted to the operator's port.
                serviceMonitor: { selfMonitor: false },
            },
            prometheus: prometheusValues(o),
            alertmanager: alertmanagerValues(o),
            grafana: grafanaValues(o),
            kubeStateMetrics: { enabled: true },
            "kube-state-metrics": {
                resources: containerResources(o.kubeStateMetricsResources),
                securityContext: { enabled: true, ...nobody },
                containerSecurityContext: restricted,
            },
            nodeExporter: { enabled: o.nodeExporter },
            "prometheus-node-exporter": {
                // Its own namespace: the host's network, PIDs and file system are beyond the Restricted (and Baseline) standard.
                ...(o.nodeExporter ? { namespaceOverride: o.nodeExporterNamespace } : {}),
                resources: containerResources(o.nodeExporterResources),
                securityContext: nobody,
                containerSecurityContext: restricted,
            },
        },
        o.values,
    );
}
