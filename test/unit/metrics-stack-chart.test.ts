import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROMETHEUS_POD_LABELS } from "../../components/core/network";
import { DATASOURCE_UIDS, GRAFANA_DASHBOARD_LABEL } from "../../components/observability/datasources";
import { alertmanagerConfig, RECEIVER_SECRET_KEYS, receiversSecretManifest } from "../../components/observability/metrics-stack-alertmanager";
import { MetricsStackArgs, resolveMetricsStackArgs } from "../../components/observability/metrics-stack-args";
import { METRICS_STACK_PORTS, metricsStackPodLabels, metricsStackValues, PLATFORM_RULE_LABELS, RULE_LABEL } from "../../components/observability/metrics-stack-chart";
import { metricsStackNetworkPolicies } from "../../components/observability/metrics-stack-network";
import { metricsStackProblems } from "../../components/observability/metrics-stack-problems";
import { platformPodMonitors, SCRAPE_LABEL } from "../../components/observability/pod-monitors";
import { KUBE_PROMETHEUS_STACK_CHART, KUBE_PROMETHEUS_STACK_VERSION, PROMETHEUS_OPERATOR_CRDS, PROMETHEUS_OPERATOR_VERSION } from "../../components/observability/versions";
import { charts, kubePrometheusStackRequests } from "../../renderer/estimators/kube-prometheus-stack";
import { cpuMillicores, memoryMiB } from "../../components/core/quantity";
import type { Obj } from "../../renderer/pod-requests";

const DEV: MetricsStackArgs = { namespace: "monitoring", retention: "6h", nodeExporterNamespace: "node-exporter" };
const resolved = (extra: Partial<MetricsStackArgs> = {}) => resolveMetricsStackArgs("metrics", { ...DEV, ...extra });
const values = (extra: Partial<MetricsStackArgs> = {}): Obj => metricsStackValues(resolved(extra));

describe("metrics stack versions", () => {
    it("pins the chart and the CRD bundle of the operator version the chart runs", () => {
        assert.match(KUBE_PROMETHEUS_STACK_VERSION, /^\d+\.\d+\.\d+$/);
        assert.deepEqual(PROMETHEUS_OPERATOR_CRDS, [`https://github.com/prometheus-operator/prometheus-operator/releases/download/${PROMETHEUS_OPERATOR_VERSION}/stripped-down-crds.yaml`]);
    });
});

describe("metricsStackValues", () => {
    it("selects the platform's PodMonitors and PrometheusRules by label in every namespace, not by the release label", () => {
        const spec = values().prometheus.prometheusSpec;
        assert.deepEqual(spec.podMonitorSelector, { matchLabels: { [SCRAPE_LABEL]: "true" } });
        assert.deepEqual(spec.podMonitorNamespaceSelector, {});
        assert.equal(spec.podMonitorSelectorNilUsesHelmValues, false);
        assert.deepEqual(spec.ruleSelector, { matchLabels: { [RULE_LABEL]: "true" } });
        assert.deepEqual(spec.ruleNamespaceSelector, {});
        assert.equal(spec.ruleSelectorNilUsesHelmValues, false);
        // The monitors the platform makes carry exactly what the selector asks for.
        const monitors = platformPodMonitors({ namespace: "monitoring", zookeeper: { name: "zookeeper", namespace: "streaming" } });
        for (const m of monitors) for (const [k, v] of Object.entries(spec.podMonitorSelector.matchLabels)) assert.equal(m.metadata.labels?.[k], v);
        assert.deepEqual(PLATFORM_RULE_LABELS, { "streaming-platform.io/rules": "true" });
    });

    it("keeps samples for the configured retention, on an emptyDir unless storage is given", () => {
        assert.equal(values().prometheus.prometheusSpec.retention, "6h");
        assert.deepEqual(values().prometheus.prometheusSpec.storageSpec, {});
        assert.deepEqual(values({ prometheusStorage: { size: "20Gi", storageClass: "fast" } }).prometheus.prometheusSpec.storageSpec, {
            volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "20Gi" } } } },
        });
    });

    it("turns off the CRDs, the admission webhooks, the default rules and the monitors of unreachable control-plane parts", () => {
        const v = values();
        assert.equal(v.crds.enabled, false);
        assert.equal(v.prometheusOperator.admissionWebhooks.enabled, false);
        assert.equal(v.prometheusOperator.admissionWebhooks.patch.enabled, false);
        assert.equal(v.prometheusOperator.tls.enabled, false);
        assert.equal(v.defaultRules.create, false);
        for (const key of ["kubeEtcd", "kubeScheduler", "kubeControllerManager", "kubeProxy", "coreDns"]) assert.equal(v[key].enabled, false, key);
        assert.equal(v.kubelet.enabled, true);
        assert.equal(v.kubeStateMetrics.enabled, true);
        assert.equal(v.nodeExporter.enabled, true);
        assert.equal(v["prometheus-node-exporter"].namespaceOverride, "node-exporter");
        assert.equal(values({ nodeExporter: false }).nodeExporter.enabled, false);
    });

    it("provisions Grafana's datasources under the platform's UIDs, with the chart's default datasource off", () => {
        const g = values({ lokiUrl: "http://loki.monitoring:3100" }).grafana;
        assert.equal(g.sidecar.datasources.defaultDatasourceEnabled, false);
        assert.equal(g.sidecar.datasources.alertmanager.enabled, false);
        assert.deepEqual(
            g.additionalDataSources.map((d: { uid: string; url: string }) => [d.uid, d.url]),
            [
                [DATASOURCE_UIDS.prometheus, "http://metrics-prometheus.monitoring:9090/"],
                [DATASOURCE_UIDS.alertmanager, "http://metrics-alertmanager.monitoring:9093"],
                [DATASOURCE_UIDS.loki, "http://loki.monitoring:3100"],
            ],
        );
        assert.equal(values().grafana.additionalDataSources.length, 2);
        const [[label, value]] = Object.entries(GRAFANA_DASHBOARD_LABEL);
        assert.deepEqual(g.sidecar.dashboards, { enabled: true, label, labelValue: value, searchNamespace: "monitoring" });
        assert.deepEqual(g.admin, { existingSecret: "metrics-grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        assert.equal(g.persistence.enabled, false);
    });

    it("puts no secret into the values: the receivers read files of a mounted Secret", () => {
        const args = {
            slack: { webhookUrl: "https://hooks.slack.com/services/T0/B0/very-secret", channel: "#alerts" },
            email: { to: "ops@example.com", from: "am@example.com", smarthost: "smtp.example.com:587", username: "am", password: "hunter2" },
        };
        const v = values(args);
        const text = JSON.stringify(v);
        assert.ok(!text.includes("very-secret"));
        assert.ok(!text.includes("hunter2"));
        assert.deepEqual(v.alertmanager.alertmanagerSpec.secrets, ["metrics-alertmanager-receivers"]);
        const platform = v.alertmanager.config.receivers.find((r: { name: string }) => r.name === "platform");
        assert.equal(platform.slack_configs[0].api_url_file, `/etc/alertmanager/secrets/metrics-alertmanager-receivers/${RECEIVER_SECRET_KEYS.slackWebhookUrl}`);
        assert.equal(platform.email_configs[0].auth_password_file, `/etc/alertmanager/secrets/metrics-alertmanager-receivers/${RECEIVER_SECRET_KEYS.smtpPassword}`);
        assert.equal(v.alertmanager.config.route.receiver, "platform");
        const secret = receiversSecretManifest(resolved(args), { slackWebhookUrl: args.slack.webhookUrl, smtpPassword: args.email.password });
        assert.deepEqual(secret.stringData, { "slack-webhook-url": args.slack.webhookUrl, "smtp-password": "hunter2" });
    });

    it("sends alerts nowhere but Alertmanager without receivers", () => {
        const config = alertmanagerConfig(resolved());
        assert.equal(config.route.receiver, "null");
        assert.deepEqual(config.route.routes, []);
        assert.deepEqual(config.receivers, [{ name: "null" }]);
        assert.deepEqual(values().alertmanager.alertmanagerSpec.secrets, []);
    });

    it("gives every container requests, limits and the Restricted security context", () => {
        const v = values();
        const restricted = (sc: Record<string, unknown>, where: string) => {
            assert.equal(sc.allowPrivilegeEscalation, false, where);
            assert.equal(sc.runAsNonRoot, true, where);
            assert.deepEqual(sc.capabilities, { drop: ["ALL"] }, where);
            assert.deepEqual(sc.seccompProfile, { type: "RuntimeDefault" }, where);
        };
        restricted(v.prometheusOperator.containerSecurityContext, "operator");
        restricted(v.grafana.containerSecurityContext, "grafana");
        restricted(v.grafana.sidecar.securityContext, "grafana sidecars");
        restricted(v["kube-state-metrics"].containerSecurityContext, "kube-state-metrics");
        restricted(v["prometheus-node-exporter"].containerSecurityContext, "node-exporter");
        // The operator sets its own restricted container contexts on Prometheus and Alertmanager; the pods are ours.
        for (const [where, pod] of [
            ["prometheus", v.prometheus.prometheusSpec.securityContext],
            ["alertmanager", v.alertmanager.alertmanagerSpec.securityContext],
            ["operator", v.prometheusOperator.securityContext],
            ["grafana", v.grafana.securityContext],
        ]) {
            assert.equal(pod.runAsNonRoot, true, where);
            assert.deepEqual(pod.seccompProfile, { type: "RuntimeDefault" }, where);
        }
        for (const res of [
            v.prometheus.prometheusSpec.resources,
            v.alertmanager.alertmanagerSpec.resources,
            v.prometheusOperator.resources,
            v.prometheusOperator.prometheusConfigReloader.resources,
            v.grafana.resources,
            v.grafana.sidecar.resources,
            v["kube-state-metrics"].resources,
            v["prometheus-node-exporter"].resources,
        ]) {
            assert.ok(res.requests.cpu && res.requests.memory && res.limits.cpu && res.limits.memory);
        }
        assert.equal(v.grafana.testFramework.enabled, false);
        assert.equal(v.grafana.initChownData.enabled, false);
    });

    it("merges the user's values over the component's, as Helm does", () => {
        const v = values({ values: { prometheus: { prometheusSpec: { retention: "2d" } }, grafana: { additionalDataSources: [] } } });
        assert.equal(v.prometheus.prometheusSpec.retention, "2d");
        assert.deepEqual(v.prometheus.prometheusSpec.ruleSelector, { matchLabels: { ...PLATFORM_RULE_LABELS } });
        assert.deepEqual(v.grafana.additionalDataSources, []);
    });
});

describe("kube-prometheus-stack estimator", () => {
    it("counts every pod the values describe: the sum of the resolved requests", () => {
        const o = resolved();
        const all = [
            o.prometheusResources,
            o.configReloaderResources, // beside Prometheus
            o.alertmanagerResources,
            o.configReloaderResources, // beside Alertmanager
            o.grafanaResources,
            o.grafanaSidecarResources, // dashboards
            o.grafanaSidecarResources, // datasources
            o.operatorResources,
            o.kubeStateMetricsResources,
            o.nodeExporterResources, // one node
        ];
        const expected = {
            cpuMillicores: all.reduce((sum, r) => sum + cpuMillicores(r.requestsCpu), 0),
            memoryMiB: all.reduce((sum, r) => sum + memoryMiB(r.requestsMemory), 0),
        };
        assert.deepEqual(charts[KUBE_PROMETHEUS_STACK_CHART](metricsStackValues(o)), expected);
        // The dev defaults fit a laptop: at most 600m CPU and 1.2 GiB.
        assert.deepEqual(expected, { cpuMillicores: 405, memoryMiB: 1026 });
        const withoutNodeExporter = kubePrometheusStackRequests(metricsStackValues(resolved({ nodeExporter: false })));
        assert.deepEqual(withoutNodeExporter, { cpuMillicores: 385, memoryMiB: 994 });
    });
});

describe("metricsStackNetworkPolicies", () => {
    it("admits exactly the stack's own pairs, each on its port", () => {
        const o = resolved();
        const pods = metricsStackPodLabels(o);
        const names = new Map<string, string>(Object.entries(pods).map(([name, labels]) => [JSON.stringify(labels), name]));
        const who = (labels: unknown) => names.get(JSON.stringify(labels)) ?? JSON.stringify(labels);
        const pairs: string[] = [];
        for (const p of metricsStackNetworkPolicies(o)) {
            const spec = p.spec as Obj;
            const local = `${p.metadata.namespace}/${who(spec.podSelector.matchLabels)}`;
            for (const rule of spec.ingress ?? []) {
                const peer = (rule.from as { podSelector?: { matchLabels?: unknown }; namespaceSelector?: { matchLabels?: Record<string, string> } }[])[0];
                const ns = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ?? p.metadata.namespace;
                const ports = (rule.ports as { port: number }[]).map((x) => x.port).join(",");
                pairs.push(`${ns}/${who(peer.podSelector?.matchLabels)} -> ${local}:${ports}`);
            }
            for (const rule of spec.egress ?? []) {
                const peer = (rule.to as { podSelector?: { matchLabels?: unknown }; namespaceSelector?: { matchLabels?: Record<string, string> }; ipBlock?: { cidr: string } }[])[0];
                const to = peer.ipBlock ? peer.ipBlock.cidr : `${peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"]}/${who(peer.podSelector?.matchLabels)}`;
                const ports = (rule.ports as { port: number }[]).map((x) => x.port).join(",");
                pairs.push(`${local} -> ${to}:${ports}`);
            }
        }
        assert.deepEqual(pairs.sort(), [
            "monitoring/grafana -> 0.0.0.0/0:443,6443,8443",
            "monitoring/grafana -> monitoring/alertmanager:9093",
            "monitoring/grafana -> monitoring/prometheus:9090",
            "monitoring/kubeStateMetrics -> 0.0.0.0/0:443,6443,8443",
            "monitoring/operator -> 0.0.0.0/0:443,6443,8443",
            "monitoring/prometheus -> 0.0.0.0/0:9100,10250",
            "monitoring/prometheus -> monitoring/alertmanager:9093,8080",
            "monitoring/prometheus -> monitoring/kubeStateMetrics:8080",
            "monitoring/prometheus -> node-exporter/nodeExporter:9100",
            "monitoring/prometheus -> node-exporter/nodeExporter:9100",
        ]);
        assert.deepEqual(pods.prometheus, { ...PROMETHEUS_POD_LABELS, "streaming-platform.io/metrics-stack": "metrics-prometheus" });
        assert.deepEqual(pods.operator, { app: "kube-prometheus-stack-operator", release: "metrics" });
        assert.equal(METRICS_STACK_PORTS.grafana, 3000);
    });

    it("opens nothing for node-exporter without it, and no node egress without it and the kubelets", () => {
        const policies = metricsStackNetworkPolicies(resolved({ nodeExporter: false, scrapeKubelet: false }));
        assert.deepEqual(
            policies.map((p) => p.metadata.name),
            ["metrics-prometheus-ingress", "metrics-alertmanager-ingress", "metrics-kube-state-metrics-ingress", "metrics-operator-kube-api-egress", "metrics-kube-state-metrics-kube-api-egress", "metrics-grafana-kube-api-egress"],
        );
    });
});

describe("metricsStackProblems", () => {
    it("accepts the dev stack", () => {
        assert.deepEqual(metricsStackProblems("metrics", DEV), []);
    });

    it("lists every bad key with what is allowed", () => {
        assert.deepEqual(
            metricsStackProblems("a-release-name-that-is-too-long", {
                namespace: "Monitoring",
                retention: "6 hours",
                prometheusStorage: { size: "lots" },
                prometheusResources: { requestsCpu: "2", limitsCpu: "1" },
                slack: { channel: "alerts" },
                email: { to: "ops", smarthost: "smtp.example.com", password: "x" },
                nodeExporterNamespace: "",
                nodeCidrs: ["10.0.0.0"],
            }),
            [
                { path: "namespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Monitoring"' },
                { path: "releaseName", message: 'must be a DNS label (lower-case letters, digits and "-", at most 26), got "a-release-name-that-is-too-long" (the chart cuts its resource names there)' },
                { path: "retention", message: 'must be a Prometheus duration above zero such as "6h" or "15d", got "6 hours"' },
                { path: "prometheusStorage.size", message: 'must be a storage quantity such as "10Gi", got "lots"' },
                { path: "prometheusResources.requestsCpu", message: 'must be at most limitsCpu (1), got "2"' },
                { path: "slack.webhookUrl", message: "is required: a Slack receiver needs its incoming webhook's URL" },
                { path: "slack.channel", message: 'must be a channel such as "#alerts" or a user such as "@someone", got "alerts"' },
                { path: "email.to", message: 'must be an email address, got "ops"' },
                { path: "email.from", message: "must be an email address, got undefined" },
                { path: "email.smarthost", message: 'must be the SMTP server as host:port such as "smtp.example.com:587", got "smtp.example.com"' },
                { path: "email.password", message: "needs email.username: the SMTP server authenticates the user with it" },
                { path: "nodeExporterNamespace", message: "is required with nodeExporter: node-exporter needs a namespace of its own that allows privileged pods" },
                { path: "nodeCidrs[0]", message: 'must be an IPv4 CIDR such as "10.0.0.0/8", got "10.0.0.0"' },
            ],
        );
    });

    it("rejects a zero retention, a plain-http webhook and node-exporter in the monitoring namespace", () => {
        assert.deepEqual(metricsStackProblems("metrics", { ...DEV, retention: "0s", slack: { webhookUrl: "http://hooks.example" }, nodeExporterNamespace: "monitoring" }), [
            { path: "retention", message: 'must be a Prometheus duration above zero such as "6h" or "15d", got "0s"' },
            { path: "slack.webhookUrl", message: "must be an https:// URL (Slack's incoming webhook)" },
            { path: "nodeExporterNamespace", message: 'must not be the monitoring namespace (it enforces the Restricted standard), got "monitoring"' },
        ]);
        assert.deepEqual(metricsStackProblems("metrics", { namespace: "monitoring", nodeExporter: false }), []);
    });
});
