/** Every problem of the metrics stack's arguments, by argument path (pure). */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { networkPeerProblems } from "../core/network";
import { Problem, Problems, readableSecret } from "../core/problems";
import { isMemoryQuantity, memoryMiB } from "../core/quantity";
import { resourcesProblems } from "../core/resources";
import { MetricsStackArgs, MetricsStorageArgs, resolveMetricsStackArgs } from "./metrics-stack-args";
import { PROMETHEUS_DURATION } from "./pod-monitors";

/** The chart cuts its fullname (here the release name) at 26 characters, so every name it derives fits. */
export const METRICS_RELEASE_NAME_MAX = 26;
const HOST_PORT = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:[0-9]{1,5}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function storageProblems(storage: MetricsStorageArgs | undefined): Problem[] {
    if (storage === undefined) return [];
    const size = storage.size;
    return new Problems().check(isMemoryQuantity(size) && memoryMiB(size) > 0, "size", `must be a storage quantity such as "10Gi", got ${JSON.stringify(size)}`).list;
}

export function metricsStackProblems(name: string, args: MetricsStackArgs): Problem[] {
    const o = resolveMetricsStackArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(o.namespace), "namespace", dnsLabelMessage(o.namespace))
        .check(
            isDnsLabel(o.releaseName) && o.releaseName.length <= METRICS_RELEASE_NAME_MAX,
            "releaseName",
            `${dnsLabelMessage(o.releaseName, METRICS_RELEASE_NAME_MAX)} (the chart cuts its resource names there)`,
        )
        .check(o.retention !== "" && PROMETHEUS_DURATION.test(o.retention) && /[1-9]/.test(o.retention), "retention", `must be a Prometheus duration above zero such as "6h" or "15d", got ${JSON.stringify(o.retention)}`)
        .add("prometheusStorage", storageProblems(o.prometheusStorage))
        .add("grafanaStorage", storageProblems(o.grafanaStorage))
        .add("prometheusResources", resourcesProblems(o.prometheusResources))
        .add("configReloaderResources", resourcesProblems(o.configReloaderResources))
        .add("alertmanagerResources", resourcesProblems(o.alertmanagerResources))
        .add("grafanaResources", resourcesProblems(o.grafanaResources))
        .add("grafanaSidecarResources", resourcesProblems(o.grafanaSidecarResources))
        .add("operatorResources", resourcesProblems(o.operatorResources))
        .add("kubeStateMetricsResources", resourcesProblems(o.kubeStateMetricsResources))
        .add("nodeExporterResources", resourcesProblems(o.nodeExporterResources))
        .check(isDnsLabel(o.grafanaAdminSecret), "grafanaAdminSecret", dnsLabelMessage(o.grafanaAdminSecret))
        .check(o.lokiUrl === undefined || /^https?:\/\/[^\s/]+/.test(o.lokiUrl), "lokiUrl", `must be an http:// or https:// URL such as "http://loki.monitoring:3100", got ${JSON.stringify(o.lokiUrl)}`);

    if (o.slack !== undefined) {
        const url = o.slack.webhookUrl;
        problems
            .check(url !== undefined, "slack.webhookUrl", "is required: a Slack receiver needs its incoming webhook's URL")
            .check(url === undefined || !readableSecret(url) || url.startsWith("https://"), "slack.webhookUrl", "must be an https:// URL (Slack's incoming webhook)")
            .check(o.slack.channel === undefined || /^[#@]\S+$/.test(o.slack.channel), "slack.channel", `must be a channel such as "#alerts" or a user such as "@someone", got ${JSON.stringify(o.slack.channel)}`);
    }
    if (o.email !== undefined) {
        const e = o.email;
        problems
            .check(e.to !== undefined && EMAIL.test(e.to), "email.to", `must be an email address, got ${JSON.stringify(e.to)}`)
            .check(e.from !== undefined && EMAIL.test(e.from), "email.from", `must be an email address, got ${JSON.stringify(e.from)}`)
            .check(e.smarthost !== undefined && HOST_PORT.test(e.smarthost), "email.smarthost", `must be the SMTP server as host:port such as "smtp.example.com:587", got ${JSON.stringify(e.smarthost)}`)
            .check(e.password === undefined || e.username !== undefined, "email.password", "needs email.username: the SMTP server authenticates the user with it");
    }
    if (o.nodeExporter) {
        const ns = o.nodeExporterNamespace;
        problems
            .check(ns !== "", "nodeExporterNamespace", "is required with nodeExporter: node-exporter needs a namespace of its own that allows privileged pods")
            .check(ns === "" || isDnsLabel(ns), "nodeExporterNamespace", dnsLabelMessage(ns))
            .check(ns !== o.namespace, "nodeExporterNamespace", `must not be the monitoring namespace (it enforces the Restricted standard), got ${JSON.stringify(ns)}`);
    }
    o.kubeApiCidrs.forEach((cidr, i) => problems.add(`kubeApiCidrs[${i}]`, networkPeerProblems({ cidr }).map((p) => ({ ...p, path: "" }))));
    o.nodeCidrs.forEach((cidr, i) => problems.add(`nodeCidrs[${i}]`, networkPeerProblems({ cidr }).map((p) => ({ ...p, path: "" }))));
    return problems.list;
}
