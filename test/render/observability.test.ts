import assert from "node:assert/strict";
import { UNREADABLE_SECRET } from "../../components/core/problems";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import {
    ALERTMANAGER_SECRETS_DIR,
    ALLOY_CHART,
    KUBE_PROMETHEUS_STACK_CHART,
    KUBE_PROMETHEUS_STACK_VERSION,
    LOKI_CHART,
    lokiPushUrl,
    lokiUrl,
    NULL_RECEIVER,
    PLATFORM_RECEIVER,
    PROMETHEUS_OPERATOR_CRDS,
    RECEIVER_SECRET_KEYS,
    resolveLogsArgs,
} from "../../components/observability";
import { MASK } from "../../renderer/capture";
import { kubePrometheusStackRequests } from "../../renderer/estimators/kube-prometheus-stack";
import { alloyChart, lokiChart } from "../../renderer/estimators/logs";
import { mockOutputs } from "../../renderer/mock-outputs";
import type { HelmRelease } from "../../renderer/render";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { DEFAULT_NODE_EXPORTER_NAMESPACE, NODE_EXPORTER_MAX_NODES } from "../../stacks/observability";
import { LOGS_BUCKET_NAME, logsS3BucketArgs, lokiStorageArgs } from "../../stacks/logs-storage";
import { componentProblems } from "../../stacks/semantics";
import { EKS_POD_IDENTITY_AGENT, GKE_METADATA_SERVER } from "../../components/core/credential-endpoints";
import { cpuMillicores, memoryMiB } from "../../components/core/quantity";
import { stackConfigProblems } from "../support/config";
import { ref } from "../support/invariants";
import { K8sObject, PROJECT_DIR, readRendering, RenderedStack, runRender } from "../support/render";
import { scratchDir } from "../support/scratch";

/** A rendered stack, with the text of each Helm values file as written (to look for leaked secrets in). */
interface Rendered extends RenderedStack {
    helmFiles: Record<string, string>;
}

function render(stack: string, stackFile?: string): Rendered {
    const result = runRender(stack, [...(stackFile !== undefined ? ["--stack-file", stackFile] : []), "--quiet"]);
    assert.equal(result.status, 0, `render of ${stack}: ${result.stderr}`);
    const helmDir = path.join(result.outDir, "helm");
    const helmFiles = Object.fromEntries(fs.readdirSync(helmDir).map((f) => [f, fs.readFileSync(path.join(helmDir, f), "utf8")]));
    return { ...readRendering(result.outDir), helmFiles };
}

/** The dev stack file with `edit` applied to its config, as a candidate stack file. */
function devStackFile(name: string, edit: (config: Record<string, any>) => void): string {
    const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8"));
    edit(doc.config);
    const file = path.join(scratchDir("stack-"), `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
}

const OBSERVABILITY = "streaming-platform:observability";
/** A Slack webhook given in the clear, so that a copy of it anywhere in the output would be found. */
const SLACK_WEBHOOK = "https://hooks.slack.com/services/T0TEST/B0TEST/not-a-real-webhook-secret";

type LabelSelector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | null | undefined;

/** Whether a label selector selects `labels`. A null selector selects nothing, an empty one everything (the Prometheus CRD's rule). */
function selects(selector: LabelSelector, labels: Record<string, string> = {}): boolean {
    if (selector === undefined || selector === null) return false;
    const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
    const byExpressions = (selector.matchExpressions ?? []).every((e) => {
        if (e.operator === "In") return e.key in labels && (e.values ?? []).includes(labels[e.key]);
        if (e.operator === "NotIn") return !(e.key in labels) || !(e.values ?? []).includes(labels[e.key]);
        if (e.operator === "Exists") return e.key in labels;
        if (e.operator === "DoesNotExist") return !(e.key in labels);
        throw new Error(`unknown selector operator ${e.operator}`);
    });
    return byLabels && byExpressions;
}

/** A Namespace's labels as selectors see them: its own and the name label the API server adds. */
function namespaceLabels(objects: K8sObject[], name: string): Record<string, string> {
    const ns = objects.find((o) => o.kind === "Namespace" && o.metadata.name === name);
    assert.ok(ns, `Namespace ${name} is rendered`);
    return { ...ns.metadata.labels, "kubernetes.io/metadata.name": name };
}

/** summary.json's key for an object's type: `kubernetes:<group>/<version>:<Kind>`, core as `core/v1`. */
function resourceType(obj: Pick<K8sObject, "apiVersion" | "kind">): string {
    return `kubernetes:${obj.apiVersion.includes("/") ? obj.apiVersion : `core/${obj.apiVersion}`}:${obj.kind}`;
}

/** Every `datasource` value anywhere in a dashboard: panels, nested rows' panels, targets, template variables, annotations. */
function datasourceReferences(node: unknown, at = "$"): { at: string; ref: unknown }[] {
    if (Array.isArray(node)) return node.flatMap((item, i) => datasourceReferences(item, `${at}[${i}]`));
    if (typeof node !== "object" || node === null) return [];
    return Object.entries(node).flatMap(([key, value]) => [...(key === "datasource" ? [{ at: `${at}.${key}`, ref: value }] : []), ...datasourceReferences(value, `${at}.${key}`)]);
}

/** The Alloy config's `names` of discovery.kubernetes: the namespaces whose pods it finds. */
function alloyDiscoveryNamespaces(config: string): string[] {
    const blocks = [...config.matchAll(/discovery\.kubernetes "[^"]+" \{[^]*?names = \[([^\]]*)\]/g)];
    assert.equal(blocks.length, 1, `one discovery.kubernetes block with namespaces in:\n${config}`);
    return JSON.parse(`[${blocks[0][1]}]`);
}

const release = (r: Rendered, chart: string): HelmRelease => {
    const found = r.releases.filter((x) => x.chart === chart);
    assert.equal(found.length, 1, `one ${chart} release; releases: ${r.releases.map((x) => x.chart).join(", ")}`);
    return found[0];
};
const kinds = (r: Rendered, kind: string, namespace?: string): K8sObject[] => r.objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));
const find = (r: Rendered, kind: string, name: string): K8sObject | undefined => r.objects.find((o) => o.kind === kind && o.metadata.name === name);

describe("the dev stack's observability", () => {
    const dev = render("dev");
    const metrics = release(dev, KUBE_PROMETHEUS_STACK_CHART);
    const loki = release(dev, LOKI_CHART.chart);
    const alloy = release(dev, ALLOY_CHART.chart);
    const monitoring = metrics.namespace!;
    const dashboards = kinds(dev, "ConfigMap").filter((c) => c.metadata.name.startsWith("grafana-dashboard-"));

    it("runs kube-prometheus-stack, Loki and Alloy in the monitoring namespace, with the operator's CRDs applied by the program", () => {
        assert.equal(monitoring, "monitoring");
        assert.deepEqual(
            [metrics, loki, alloy].map((r) => ({ name: r.name, chart: r.chart, version: r.version, namespace: r.namespace })),
            [
                { name: "monitoring", chart: KUBE_PROMETHEUS_STACK_CHART, version: KUBE_PROMETHEUS_STACK_VERSION, namespace: monitoring },
                { name: "loki", chart: LOKI_CHART.chart, version: LOKI_CHART.version, namespace: monitoring },
                { name: "alloy", chart: ALLOY_CHART.chart, version: ALLOY_CHART.version, namespace: monitoring },
            ],
        );
        assert.equal(metrics.values.crds?.enabled, false, "the chart does not install the CRDs: the monitoring-crds ConfigGroup does");
        assert.deepEqual(dev.summary.crds.find((c) => c.name === "monitoring-crds")?.files, [...PROMETHEUS_OPERATOR_CRDS]);
    });

    it("makes the platform's PodMonitors, its PrometheusRule and its dashboards, in the monitoring namespace", () => {
        assert.deepEqual(kinds(dev, "PodMonitor").map(ref).sort(), [
            "PodMonitor monitoring/events-entity-operator",
            "PodMonitor monitoring/events-kafka",
            "PodMonitor monitoring/flink-clusters",
            "PodMonitor monitoring/flink-kubernetes-operator",
            "PodMonitor monitoring/fraud-actor",
            "PodMonitor monitoring/fraud-generator",
            "PodMonitor monitoring/strimzi-cluster-operator",
            "PodMonitor monitoring/zookeeper",
        ]);
        assert.deepEqual(kinds(dev, "PrometheusRule").map(ref), ["PrometheusRule monitoring/platform-alerts"]);
        assert.deepEqual(dashboards.map(ref).sort(), [
            "ConfigMap monitoring/grafana-dashboard-flink",
            "ConfigMap monitoring/grafana-dashboard-flink-logs",
            "ConfigMap monitoring/grafana-dashboard-kafka",
            "ConfigMap monitoring/grafana-dashboard-operators",
            "ConfigMap monitoring/grafana-dashboard-overview",
            "ConfigMap monitoring/grafana-dashboard-zookeeper",
        ]);
    });

    describe("in summary.json, against the dev stack without observability", () => {
        const without = render("noobservability", devStackFile("noobservability", (c) => (c[OBSERVABILITY] = { ...c[OBSERVABILITY], enabled: false })));
        const count = (r: Rendered, type: string) => r.summary.resources[type] ?? 0;

        it("counts the releases, the monitors, the rule, the dashboards, Grafana's admin Secret and its password", () => {
            assert.equal(count(dev, "kubernetes:helm.sh/v3:Release") - count(without, "kubernetes:helm.sh/v3:Release"), 3);
            const podMonitors = kinds(dev, "PodMonitor");
            assert.equal(count(dev, resourceType(podMonitors[0])), podMonitors.length);
            assert.equal(count(dev, "kubernetes:monitoring.coreos.com/v1:PrometheusRule"), 1);
            assert.equal(count(dev, "kubernetes:core/v1:ConfigMap") - count(without, "kubernetes:core/v1:ConfigMap"), dashboards.length);
            assert.equal(count(dev, "kubernetes:core/v1:Secret") - count(without, "kubernetes:core/v1:Secret"), 1);
            assert.equal(count(dev, "random:index/randomPassword:RandomPassword") - count(without, "random:index/randomPassword:RandomPassword"), 1);
            assert.equal(count(without, "kubernetes:monitoring.coreos.com/v1:PodMonitor") + count(without, "kubernetes:monitoring.coreos.com/v1:PrometheusRule"), 0);
            assert.deepEqual(without.summary.crds.map((c) => c.name).filter((n) => n === "monitoring-crds"), [], "no observability, no monitoring CRDs");
        });

        it("adds to the requests exactly what the three charts' values request", () => {
            const charts = [kubePrometheusStackRequests(metrics.values), lokiChart(loki.values), alloyChart(alloy.values)];
            const added = charts.reduce((sum, r) => ({ cpuMillicores: sum.cpuMillicores + r.cpuMillicores, memoryMiB: sum.memoryMiB + r.memoryMiB }));
            // Prometheus 100m/256Mi + Alertmanager 25m/64Mi, each with the config reloader's 10m/25Mi; Grafana 50m/128Mi with its
            // dashboard and datasource sidecars' 10m/48Mi each; the operator 50m/96Mi, kube-state-metrics and node-exporter 20m each
            // (64Mi, 32Mi); Loki 50m/160Mi; Alloy 25m/96Mi with its reloader's 10m/50Mi.
            assert.deepEqual(added, { cpuMillicores: 305 + 50 + 35, memoryMiB: 786 + 160 + 146 }, "the dev stack's sizes");
            assert.deepEqual(dev.summary.requests, {
                cpuMillicores: without.summary.requests.cpuMillicores + added.cpuMillicores,
                memoryMiB: without.summary.requests.memoryMiB + added.memoryMiB,
            });
            assert.deepEqual(dev.summary.unestimatedCharts, []);
        });
    });

    it("labels the PrometheusRule and every PodMonitor so that the rendered Prometheus selects them", () => {
        const spec = metrics.values.prometheus.prometheusSpec;
        assert.ok(Object.keys(spec.ruleSelector?.matchLabels ?? {}).length > 0, "Prometheus selects the platform's rules by a label, not every rule of the cluster");
        assert.ok(Object.keys(spec.podMonitorSelector?.matchLabels ?? {}).length > 0, "Prometheus selects the platform's PodMonitors by a label");
        for (const rule of kinds(dev, "PrometheusRule")) {
            assert.ok(selects(spec.ruleSelector, rule.metadata.labels), `${ref(rule)} labels ${JSON.stringify(rule.metadata.labels)} vs ruleSelector ${JSON.stringify(spec.ruleSelector)}`);
            assert.ok(selects(spec.ruleNamespaceSelector, namespaceLabels(dev.objects, rule.metadata.namespace!)), `ruleNamespaceSelector selects ${rule.metadata.namespace}`);
        }
        for (const monitor of kinds(dev, "PodMonitor")) {
            assert.ok(selects(spec.podMonitorSelector, monitor.metadata.labels), `${ref(monitor)} labels ${JSON.stringify(monitor.metadata.labels)} vs podMonitorSelector`);
            assert.ok(selects(spec.podMonitorNamespaceSelector, namespaceLabels(dev.objects, monitor.metadata.namespace!)), `podMonitorNamespaceSelector selects ${monitor.metadata.namespace}`);
        }
    });

    it("gives every dashboard the sidecar's label in the namespace it searches, and only the provisioned datasources, by uid and type", () => {
        const grafana = metrics.values.grafana;
        const { label, labelValue, searchNamespace } = grafana.sidecar.dashboards;
        assert.ok(label, "the sidecar looks for a label");
        assert.deepEqual(kinds(dev, "ConfigMap").filter((c) => c.metadata.labels?.[label] === labelValue).map(ref).sort(), dashboards.map(ref).sort(), "the dashboards, and only they, carry the label");
        const provisioned = new Map<string, string>(grafana.additionalDataSources.map((d: { uid: string; type: string }) => [d.uid, d.type]));
        assert.equal(provisioned.size, grafana.additionalDataSources.length, "datasource uids are unique");
        for (const cm of dashboards) {
            assert.equal(cm.metadata.labels?.[label], labelValue, ref(cm));
            assert.ok(searchNamespace === "ALL" || String(searchNamespace).split(",").includes(cm.metadata.namespace!), `the sidecar searches ${cm.metadata.namespace} (searchNamespace ${searchNamespace})`);
            assert.ok(Object.keys(cm.data ?? {}).length > 0, `${ref(cm)} has a dashboard`);
            for (const [key, text] of Object.entries<string>(cm.data)) {
                assert.match(key, /\.json$/, ref(cm));
                let model: unknown;
                assert.doesNotThrow(() => (model = JSON.parse(text)), `${ref(cm)} ${key} is JSON`);
                const refs = datasourceReferences(model);
                assert.ok(refs.length > 0, `${key} queries a datasource`);
                const wrong = refs.filter(({ ref: ds }: { ref: any }) => typeof ds !== "object" || ds === null || provisioned.get(ds.uid) === undefined || provisioned.get(ds.uid) !== ds.type);
                assert.deepEqual(wrong.map((w) => `${w.at}: ${JSON.stringify(w.ref)}`), [], `${key} names only datasources provisioned as ${JSON.stringify([...provisioned])}`);
            }
        }
    });

    it("points Grafana's Loki datasource and Alloy's push at the rendered Loki release's Service", () => {
        const lokiSource = metrics.values.grafana.additionalDataSources.filter((d: { type: string }) => d.type === "loki");
        assert.equal(lokiSource.length, 1);
        assert.equal(lokiSource[0].url, lokiUrl(loki.name, loki.namespace!));
        assert.equal(lokiUrl(loki.name, loki.namespace!), "http://loki.monitoring.svc.cluster.local:3100", "the monolithic Service, in the monitoring namespace");
        const config: string = alloy.values.alloy.configMap.content;
        const urls = [...config.matchAll(/\burl = ("[^"]*")/g)].map((m) => JSON.parse(m[1]));
        assert.deepEqual(urls, [lokiPushUrl(loki.name, loki.namespace!)]);
    });

    it("has Alloy collect the logs of exactly the platform's namespaces, and read pods only there", () => {
        const names = alloyDiscoveryNamespaces(alloy.values.alloy.configMap.content);
        assert.deepEqual([...names].sort(), ["monitoring", "operators", "streaming"]);
        assert.deepEqual([...alloy.values.rbac.namespaces].sort(), [...names].sort(), "a Role in each collected namespace, none elsewhere");
        assert.ok(!names.includes(DEFAULT_NODE_EXPORTER_NAMESPACE), "node-exporter's namespace is not the platform's");
    });

    it("keeps Grafana's admin password in a Secret of the monitoring namespace, never in Helm values", () => {
        const admin = metrics.values.grafana.admin;
        const secret = find(dev, "Secret", admin.existingSecret);
        assert.ok(secret, `Secret ${admin.existingSecret}`);
        assert.equal(secret.metadata.namespace, monitoring);
        assert.deepEqual(Object.keys(secret.stringData ?? secret.data).sort(), [admin.userKey, admin.passwordKey].sort());
        assert.equal(metrics.values.grafana.adminPassword, undefined, "the chart reads the password from the Secret only");
        // The render's password is the mock's result for the component's RandomPassword; in Helm values it would show
        // as that text, or as the mask if it went in as the secret Output it is.
        const random = dev.cloud.filter((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name.includes("grafana-admin"));
        assert.equal(random.length, 1, "Grafana's password is random");
        const password = String(mockOutputs({ type: random[0].type, name: random[0].name, inputs: random[0].inputs, custom: true }).result);
        assert.equal(password, "mock-monitoring-grafana-admin-password", "the mock's password");
        for (const [file, text] of Object.entries(dev.helmFiles)) {
            assert.ok(!text.includes(password), `${file} holds the password`);
            assert.ok(!text.includes(MASK), `${file} holds a secret value`);
        }
        assert.ok(Object.keys(dev.helmFiles).length >= 3);
    });

    it("enforces Restricted in the monitoring namespace and gives node-exporter a Privileged namespace with nothing else in it", () => {
        const labels = (name: string) => namespaceLabels(dev.objects, name);
        assert.equal(labels(monitoring)["pod-security.kubernetes.io/enforce"], "restricted");
        const nodeExporter = metrics.values["prometheus-node-exporter"].namespaceOverride;
        assert.equal(nodeExporter, DEFAULT_NODE_EXPORTER_NAMESPACE);
        assert.equal(metrics.values.nodeExporter.enabled, true);
        assert.equal(labels(nodeExporter)["pod-security.kubernetes.io/enforce"], "privileged");
        const privileged = kinds(dev, "Namespace").filter((n) => n.metadata.labels?.["pod-security.kubernetes.io/enforce"] === "privileged");
        assert.deepEqual(privileged.map((n) => n.metadata.name), [nodeExporter], "node-exporter's is the only Privileged namespace");
        // Every namespace's fence (default deny, DNS, egress to its own pods), its quota and limits, and Prometheus' way in.
        assert.deepEqual(dev.objects.filter((o) => o.metadata.namespace === nodeExporter).map(ref).sort(), [
            "LimitRange node-exporter/limits",
            "NetworkPolicy node-exporter/allow-dns-egress",
            "NetworkPolicy node-exporter/allow-same-namespace-egress",
            "NetworkPolicy node-exporter/default-deny",
            "NetworkPolicy node-exporter/monitoring-node-exporter-ingress",
            "ResourceQuota node-exporter/quota",
        ]);
        const ingress = find(dev, "NetworkPolicy", "monitoring-node-exporter-ingress")!.spec.ingress;
        assert.deepEqual(
            ingress.map((rule: any) => ({ from: rule.from.map((p: any) => [p.namespaceSelector.matchLabels, p.podSelector.matchLabels]), ports: rule.ports.map((p: any) => p.port) })),
            [{ from: [[{ "kubernetes.io/metadata.name": monitoring }, { "app.kubernetes.io/name": "prometheus", ...metrics.values.prometheus.prometheusSpec.podMetadata.labels }]], ports: [9100] }],
        );
    });

    it("makes room in node-exporter's quota for one of its pods on each of NODE_EXPORTER_MAX_NODES nodes", () => {
        const hard = dev.objects.find((o) => o.kind === "ResourceQuota" && o.metadata.namespace === DEFAULT_NODE_EXPORTER_NAMESPACE)!.spec.hard;
        const perNode = metrics.values["prometheus-node-exporter"].resources;
        assert.equal(Number(hard.pods), NODE_EXPORTER_MAX_NODES);
        assert.equal(cpuMillicores(hard["requests.cpu"]), NODE_EXPORTER_MAX_NODES * cpuMillicores(perNode.requests.cpu));
        assert.equal(memoryMiB(hard["requests.memory"]), NODE_EXPORTER_MAX_NODES * memoryMiB(perNode.requests.memory));
        assert.equal(cpuMillicores(hard["limits.cpu"]), NODE_EXPORTER_MAX_NODES * cpuMillicores(perNode.limits.cpu));
        assert.equal(memoryMiB(hard["limits.memory"]), NODE_EXPORTER_MAX_NODES * memoryMiB(perNode.limits.memory));
        assert.equal(Number(hard.persistentvolumeclaims), 0);
    });

    it("routes alerts to the null receiver and opens no way out for Alertmanager without receivers", () => {
        const am = metrics.values.alertmanager;
        assert.equal(am.config.route.receiver, NULL_RECEIVER);
        assert.deepEqual(am.alertmanagerSpec.secrets, []);
        assert.equal(find(dev, "NetworkPolicy", "monitoring-alertmanager-receivers-egress"), undefined);
        assert.equal(find(dev, "Secret", "monitoring-alertmanager-receivers"), undefined);
    });
});

describe("a dev stack with a Slack receiver and a tenant", () => {
    const slack = render(
        "slack",
        devStackFile("slack", (c) => {
            c[OBSERVABILITY] = { ...c[OBSERVABILITY], receivers: { slack: { webhookUrl: SLACK_WEBHOOK, channel: "#alerts" } } };
            c["streaming-platform:namespaces"] = { ...c["streaming-platform:namespaces"], tenants: { fraud: {} } };
        }),
    );
    const metrics = release(slack, KUBE_PROMETHEUS_STACK_CHART);
    const am = metrics.values.alertmanager;

    it("keeps the webhook in a receivers Secret that Alertmanager mounts, and out of every Helm values file", () => {
        const secretName = "monitoring-alertmanager-receivers";
        const secret = find(slack, "Secret", secretName);
        assert.ok(secret, `Secret ${secretName}`);
        assert.equal(secret.metadata.namespace, metrics.namespace);
        assert.deepEqual(Object.keys(secret.stringData), [RECEIVER_SECRET_KEYS.slackWebhookUrl]);
        assert.deepEqual(am.alertmanagerSpec.secrets, [secretName]);
        for (const [file, text] of Object.entries(slack.helmFiles)) {
            assert.ok(!text.includes(SLACK_WEBHOOK) && !text.includes("not-a-real-webhook-secret"), `${file} holds the webhook`);
            assert.ok(!text.includes(MASK), `${file} holds a secret value`);
        }
    });

    it("routes every alert to the platform receiver, which posts to Slack with the mounted webhook", () => {
        assert.equal(am.config.route.receiver, PLATFORM_RECEIVER);
        const platform = am.config.receivers.find((r: { name: string }) => r.name === PLATFORM_RECEIVER);
        assert.ok(platform, `receivers: ${JSON.stringify(am.config.receivers)}`);
        assert.deepEqual(platform.slack_configs, [
            { api_url_file: `${ALERTMANAGER_SECRETS_DIR}/monitoring-alertmanager-receivers/${RECEIVER_SECRET_KEYS.slackWebhookUrl}`, channel: "#alerts", send_resolved: true },
        ]);
    });

    it("lets only Alertmanager's pods out, on 443 only", () => {
        const policy = find(slack, "NetworkPolicy", "monitoring-alertmanager-receivers-egress");
        assert.ok(policy, "the receivers' egress policy");
        assert.equal(policy.metadata.namespace, metrics.namespace);
        assert.deepEqual(policy.spec.podSelector.matchLabels, am.alertmanagerSpec.podMetadata.labels);
        assert.deepEqual(policy.spec.policyTypes, ["Egress"]);
        assert.equal(policy.spec.ingress, undefined);
        assert.deepEqual(policy.spec.egress.flatMap((rule: any) => rule.ports.map((p: any) => `${p.protocol}/${p.port}`)), ["TCP/443"]);
    });

    it("collects the tenant's logs too", () => {
        const alloy = release(slack, ALLOY_CHART.chart);
        assert.deepEqual(alloyDiscoveryNamespaces(alloy.values.alloy.configMap.content).sort(), ["fraud", "monitoring", "operators", "streaming"]);
        assert.deepEqual([...alloy.values.rbac.namespaces].sort(), ["fraud", "monitoring", "operators", "streaming"]);
    });
});

describe("Loki's bucket on the cloud stacks", () => {
    const aws = render("aws");
    const gcp = render("gcp");
    const logsResources = (r: Rendered, type: string) => r.cloud.filter((c) => c.type === type && (c.name === LOGS_BUCKET_NAME || c.name.startsWith(`${LOGS_BUCKET_NAME}-`)));
    const one = (r: Rendered, type: string) => {
        const found = logsResources(r, type);
        assert.equal(found.length, 1, `one ${type} of Loki's`);
        return found[0];
    };
    const bucketEgress = (r: Rendered) => find(r, "NetworkPolicy", "allow-bucket-egress-loki");
    const egressTo = (policy: K8sObject | undefined) => (policy?.spec.egress ?? []).flatMap((rule: any) => rule.to.flatMap((to: any) => rule.ports.map((p: any) => `${to.ipBlock.cidr}:${p.port}`)));

    it("aws: makes a bucket of Loki's own, beside the checkpoints', that neither destroy nor a replacement can take", () => {
        const bucket = one(aws, "aws:s3/bucket:Bucket");
        assert.match(String(bucket.inputs.bucket), /^loki-logs-[0-9a-f]{8}$/);
        assert.deepEqual([bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy, bucket.inputs.region], [true, true, false, "eu-west-1"]);
        assert.equal(one(aws, "aws:s3/bucketVersioning:BucketVersioning").inputs.bucket, bucket.inputs.bucket);
        assert.ok(aws.summary.guarded.some((g) => g.name === LOGS_BUCKET_NAME && g.protect && g.retainOnDelete));
    });

    it("aws: lets only Loki's ServiceAccount assume a role that may use only that bucket, and gives Loki the bucket and the role", () => {
        const name = String(one(aws, "aws:s3/bucket:Bucket").inputs.bucket);
        const role = one(aws, "aws:iam/role:Role");
        const [trust] = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement;
        const condition = trust.Condition.StringEquals;
        assert.deepEqual(condition[Object.keys(condition).find((k) => k.endsWith(":sub"))!], ["system:serviceaccount:monitoring:loki"]);
        const statements = JSON.parse(String(one(aws, "aws:iam/rolePolicy:RolePolicy").inputs.policy)).Statement;
        assert.deepEqual([...new Set(statements.flatMap((st: any) => [st.Resource].flat()))], [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`]);
        const values = release(aws, LOKI_CHART.chart).values;
        assert.deepEqual(values.loki.storage, { type: "s3", bucketNames: { chunks: name, ruler: name, admin: name }, s3: { region: "eu-west-1" } });
        assert.deepEqual(values.serviceAccount.annotations, { "eks.amazonaws.com/role-arn": `arn:aws:iam::123456789012:role/${role.name}` });
    });

    it("aws: lets Loki out on 443 only, and to no credential endpoint under IRSA (it calls STS)", () => {
        assert.deepEqual(egressTo(bucketEgress(aws)), ["0.0.0.0/0:443"]);
    });

    it("gcp: makes a protected bucket and a service account that only Loki's ServiceAccount may act as, with roles on that bucket only", () => {
        const bucket = one(gcp, "gcp:storage/bucket:Bucket");
        const name = String(bucket.inputs.name);
        assert.match(name, /^loki-logs-[0-9a-f]{8}$/);
        assert.deepEqual([bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy], [true, true, false]);
        const account = one(gcp, "gcp:serviceaccount/account:Account");
        assert.match(String(account.inputs.accountId), /^loki-[0-9a-f]{8}$/);
        assert.deepEqual(one(gcp, "gcp:serviceaccount/iAMBinding:IAMBinding").inputs.members, ["serviceAccount:acme-streaming-prod.svc.id.goog[monitoring/loki]"]);
        const grants = logsResources(gcp, "gcp:storage/bucketIAMMember:BucketIAMMember");
        assert.ok(grants.length > 0 && grants.every((g) => g.inputs.bucket === name), JSON.stringify(grants));
        const email = `${String(account.inputs.accountId)}@acme-streaming-prod.iam.gserviceaccount.com`;
        const values = release(gcp, LOKI_CHART.chart).values;
        assert.deepEqual(values.loki.storage, { type: "gcs", bucketNames: { chunks: name, ruler: name, admin: name } });
        assert.deepEqual(values.serviceAccount.annotations, { "iam.gke.io/gcp-service-account": email });
    });

    it("gcp: lets Loki out on 443 and to the GKE metadata server, which hands out its tokens", () => {
        assert.deepEqual(egressTo(bucketEgress(gcp)), ["0.0.0.0/0:443", ...GKE_METADATA_SERVER.map((e) => `${e.cidr}:${e.port}`)]);
    });

    it("dev: keeps logs on Loki's volume, with no way out for Loki", () => {
        const dev = render("dev");
        assert.equal(release(dev, LOKI_CHART.chart).values.loki.storage.type, "filesystem");
        assert.equal(bucketEgress(dev), undefined);
    });

    it("under EKS Pod Identity, gives the role to Loki's ServiceAccount by association and opens the Pod Identity Agent", () => {
        const inputs = { ...parsePlatformConfig(rawStackConfig(readStackFile(PROJECT_DIR, "aws").config)) };
        inputs.storage = { ...inputs.storage, s3: { ...inputs.storage.s3!, access: "pod-identity", oidcProviderArn: undefined, clusterName: "acme-prod" } };
        assert.deepEqual(componentProblems(inputs), []);
        const args = logsS3BucketArgs(inputs);
        assert.deepEqual([args.podIdentityClusterName, args.oidcProviderArn, args.serviceAccounts], ["acme-prod", undefined, ["loki"]]);
        assert.deepEqual(resolveLogsArgs({ storage: lokiStorageArgs(inputs, { bucket: "loki-logs-0a1b2c3d" }) }).storage.credentialEndpoints, EKS_POD_IDENTITY_AGENT);
    });
});

describe("the observability section's problems, by stack key", () => {
    const dev = rawStackConfig(readStackFile(PROJECT_DIR, "dev").config);
    /** The dev stack's config with its observability section changed. */
    const devWith = (observability: Record<string, unknown>) => ({ ...dev, observability: { ...(dev.observability as object), ...observability } });
    /** Each problem as [path, message]; one StackConfigError holds them all. */
    const problemsOf = (raw: Record<string, unknown>) => stackConfigProblems(raw).map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)] as const);

    it("accepts the dev stack's section, and observability enabled with nothing else", () => {
        const config = parsePlatformConfig(dev);
        assert.equal(config.observability.enabled, true);
        assert.equal(config.observability.retention, "1d");
        assert.equal(config.observability.logs.enabled, true);
        assert.equal(parsePlatformConfig({ target: "minikube", observability: { enabled: true } }).observability.enabled, true);
    });

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
        ["a zero retention", { retention: "0d" }, "observability.retention", /^must be a Prometheus duration above zero/],
        ["a retention that is not a duration", { retention: "banana" }, "observability.retention", /^must be a Prometheus duration above zero .*"banana"/],
        ["a Slack webhook over http://", { receivers: { slack: { webhookUrl: "http://hooks.slack.com/services/T/B/x" } } }, "observability.receivers.slack.webhookUrl", /https:\/\//],
        ["a misspelt key", { retension: "1d" }, "observability.retension", /^unknown key; allowed: .*\bretention\b/],
        ["node-exporter in a namespace of the platform's", { nodeExporter: { namespace: "streaming" } }, "observability.nodeExporter.namespace", /namespace of its own/],
        ["a threshold of the wrong type", { thresholds: { flinkRestarts: "two" } }, "observability.thresholds.flinkRestarts", /expected number/],
        [
            "S3 log storage on a stack whose checkpoints stay in the cluster",
            { logs: { storage: { backend: "s3" } } },
            "observability.logs.storage.backend",
            /^"s3" makes Loki's bucket with storage\.s3's settings, and storage\.backend is "in-cluster"/,
        ],
        ["an existing bucket with a name S3 refuses", { logs: { storage: { backend: "s3", bucket: "Loki_Logs", region: "eu-west-1" } } }, "observability.logs.storage.bucket", /^must be a bucket name/],
        ["a bucket prefix where the stack makes no bucket", { logs: { storage: { bucketPrefix: "acme-logs" } } }, "observability.logs.storage.bucketPrefix", /only used when the stack makes Loki's bucket/],
    ];
    for (const [what, section, key, message] of cases) {
        it(`reports ${what} at ${key}`, () => {
            const problems = problemsOf(devWith(section));
            assert.deepEqual(problems.map(([p]) => p), [key], JSON.stringify(problems));
            assert.match(problems[0][1], message);
        });
    }

    it("on a cloud stack, takes Loki's bucket's settings from the storage section: its own region or role is refused, its prefix checked", () => {
        const aws = rawStackConfig(readStackFile(PROJECT_DIR, "aws").config);
        const awsWith = (storage: Record<string, unknown>) => ({ ...aws, observability: { ...(aws.observability as object), logs: { storage } } });
        assert.deepEqual(problemsOf(awsWith({ region: "us-east-1", roleArn: "arn:aws:iam::123456789012:role/loki" })), [
            ["observability.logs.storage.region", "must not be set: the stack makes Loki's bucket and its access from storage.s3"],
            ["observability.logs.storage.roleArn", "must not be set: the stack makes Loki's bucket and its access from storage.s3"],
        ]);
        const prefix = problemsOf(awsWith({ bucketPrefix: "Acme_Logs" }));
        assert.deepEqual(prefix.map(([p]) => p), ["observability.logs.storage.bucketPrefix"], JSON.stringify(prefix));
        assert.match(prefix[0][1], /lower-case letters, digits and "-".*"Acme_Logs"/);
        // An existing bucket, reached through its own role, is accepted.
        assert.equal(parsePlatformConfig(awsWith({ bucket: "acme-loki", roleArn: "arn:aws:iam::123456789012:role/loki" })).observability.logs.storage?.bucket, "acme-loki");
    });

    it("checks a secret webhook's shape when the program can read it, and leaves the render's stand-in for an unreadable one alone", () => {
        const slack = (webhookUrl: string) => devWith({ receivers: { slack: { webhookUrl } } });
        assert.equal(parsePlatformConfig(slack(UNREADABLE_SECRET)).observability.receivers?.slack?.webhookUrl, UNREADABLE_SECRET, "a secure: value the offline render cannot decrypt");
        assert.equal(parsePlatformConfig(slack(SLACK_WEBHOOK)).observability.receivers?.slack?.webhookUrl, SLACK_WEBHOOK);
        assert.deepEqual(problemsOf(slack("hooks.slack.com/services/T/B/x")).map(([p]) => p), ["observability.receivers.slack.webhookUrl"]);
    });

    it("names node-exporter's namespace once when it is one of the platform's", () => {
        for (const namespace of ["monitoring", "operators"]) {
            const problems = problemsOf(devWith({ nodeExporter: { namespace } }));
            assert.deepEqual(problems.map(([p]) => p), ["observability.nodeExporter.namespace"], `${namespace}: ${JSON.stringify(problems)}`);
        }
    });

    it("lists the section's problems together in one error: its schema's, and (once it parses) the components'", () => {
        // A section that fails its schema is not handed to the components, so the two kinds come in separate runs.
        assert.deepEqual(problemsOf(devWith({ retension: "1d", thresholds: { flinkRestarts: "two" } })).map(([p]) => p).sort(), ["observability.retension", "observability.thresholds.flinkRestarts"]);
        assert.deepEqual(
            problemsOf(
                devWith({
                    retention: "0d",
                    receivers: { slack: { webhookUrl: "http://hooks.slack.com/services/T/B/x" } },
                    nodeExporter: { namespace: "streaming" },
                    logs: { storage: { backend: "s3" } },
                }),
            )
                .map(([p]) => p)
                .sort(),
            ["observability.logs.storage.backend", "observability.nodeExporter.namespace", "observability.receivers.slack.webhookUrl", "observability.retention"],
        );
    });

    it("names the stack key of every argument the stack layer moves (its MOVED table)", () => {
        const tooMuch = { requestsCpu: "2", limitsCpu: "1" };
        const raw = devWith({
            retention: "0s",
            storage: { size: "0" },
            grafanaStorage: { size: "0" },
            scrapeInterval: "0",
            nodeExporter: { namespace: "monitoring" },
            receivers: { slack: { webhookUrl: "http://x" }, email: { to: "ops@example.com", from: "am@example.com", smarthost: "smtp" } },
            thresholds: { checkpointMaxAge: "soon" },
            resources: Object.fromEntries(["prometheus", "alertmanager", "grafana", "grafanaSidecar", "operator", "kubeStateMetrics", "nodeExporter"].map((k) => [k, tooMuch])),
            logs: { retention: "0h", lokiResources: tooMuch, alloyResources: tooMuch },
        });
        const paths = [...new Set(problemsOf(raw).map(([p]) => p))].sort();
        assert.deepEqual(paths, [
            "observability.grafanaStorage.size",
            "observability.logs.alloyResources.requestsCpu",
            "observability.logs.lokiResources.requestsCpu",
            "observability.logs.retention",
            "observability.nodeExporter.namespace",
            "observability.receivers.email.smarthost",
            "observability.receivers.slack.webhookUrl",
            "observability.resources.alertmanager.requestsCpu",
            "observability.resources.grafana.requestsCpu",
            "observability.resources.grafanaSidecar.requestsCpu",
            "observability.resources.kubeStateMetrics.requestsCpu",
            "observability.resources.nodeExporter.requestsCpu",
            "observability.resources.operator.requestsCpu",
            "observability.resources.prometheus.requestsCpu",
            "observability.retention",
            "observability.scrapeInterval",
            "observability.storage.size",
            "observability.thresholds.checkpointMaxAge",
        ]);
        // Each is a key the stack file set.
        const valueAt = (key: string) => key.split(".").reduce<any>((node, k) => node?.[k], raw);
        assert.deepEqual(paths.filter((p) => valueAt(p) === undefined), []);
    });
});
