import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alloyConfig, alloyPodLabels, alloyValues } from "../../components/observability/alloy-config";
import { resolveLogsArgs } from "../../components/observability/logs-args";
import { LOKI_HTTP_PORT, lokiPodLabels, lokiPushUrl, lokiUrl, lokiValues } from "../../components/observability/logs-chart";
import { logsNetworkPolicies } from "../../components/observability/logs-network";
import { logsProblems } from "../../components/observability/logs-problems";
import { ALLOY_CHART, LOKI_CHART } from "../../components/observability/logs-versions";
import { alloyChart, charts, lokiChart } from "../../renderer/estimators/logs";

const RESTRICTED = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };

describe("lokiValues", () => {
    it("runs one monolithic pod, single tenant, without gateway, caches, canary, test or rules sidecar", () => {
        const v = lokiValues(resolveLogsArgs({}));
        assert.equal(v.deploymentMode, "Monolithic");
        assert.equal(v.singleBinary.replicas, 1);
        assert.deepEqual([v.read.replicas, v.write.replicas, v.backend.replicas], [0, 0, 0]);
        assert.equal(v.loki.auth_enabled, false);
        assert.equal(v.loki.commonConfig.replication_factor, 1);
        for (const off of [v.gateway, v.chunksCache, v.resultsCache, v.lokiCanary, v.test, v.sidecar.rules]) assert.equal(off.enabled, false);
        assert.deepEqual(v.singleBinary.resources, { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } });
    });

    it("keeps logs for the retention through the compactor", () => {
        const v = lokiValues(resolveLogsArgs({ retention: "30d" }));
        assert.equal(v.loki.limits_config.retention_period, "30d");
        assert.deepEqual(v.loki.compactor, { retention_enabled: true, delete_request_store: "filesystem" });
    });

    it("restricts every container it configures", () => {
        const v = lokiValues(resolveLogsArgs({}));
        assert.deepEqual(v.loki.containerSecurityContext, RESTRICTED);
        assert.deepEqual(v.sidecar.securityContext, RESTRICTED);
        assert.deepEqual(v.loki.podSecurityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" } });
    });

    it("stores on a volume with filesystem", () => {
        const v = lokiValues(resolveLogsArgs({ storage: { size: "20Gi", storageClass: "standard" } }));
        assert.deepEqual(v.loki.storage, { type: "filesystem" });
        assert.deepEqual(v.singleBinary.persistence, { enabled: true, size: "20Gi", storageClass: "standard" });
        assert.equal(v.loki.schemaConfig.configs[0].object_store, "filesystem");
        assert.deepEqual(v.serviceAccount.annotations, {});
    });

    it("stores in S3 with the role on Loki's ServiceAccount", () => {
        const v = lokiValues(resolveLogsArgs({ storage: { backend: "s3", bucket: "logs-b", region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/loki" } }));
        assert.deepEqual(v.loki.storage, { type: "s3", bucketNames: { chunks: "logs-b", ruler: "logs-b", admin: "logs-b" }, s3: { region: "eu-west-1" } });
        assert.deepEqual(v.serviceAccount.annotations, { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/loki" });
        assert.equal(v.loki.schemaConfig.configs[0].object_store, "s3");
        assert.equal(v.loki.compactor.delete_request_store, "s3");
    });

    it("stores in GCS with the Google service account on Loki's ServiceAccount", () => {
        const v = lokiValues(resolveLogsArgs({ storage: { backend: "gcs", bucket: "logs-g", gcpServiceAccount: "loki@proj-1.iam.gserviceaccount.com" } }));
        assert.deepEqual(v.loki.storage, { type: "gcs", bucketNames: { chunks: "logs-g", ruler: "logs-g", admin: "logs-g" } });
        assert.deepEqual(v.serviceAccount.annotations, { "iam.gke.io/gcp-service-account": "loki@proj-1.iam.gserviceaccount.com" });
    });

    it("puts the user's values over the platform's", () => {
        const v = lokiValues(resolveLogsArgs({ lokiValues: { singleBinary: { nodeSelector: { a: "b" } }, gateway: { enabled: true } } }));
        assert.equal(v.singleBinary.replicas, 1);
        assert.deepEqual(v.singleBinary.nodeSelector, { a: "b" });
        assert.equal(v.gateway.enabled, true);
    });

    it("names the Service as the chart's loki.fullname does", () => {
        assert.equal(lokiUrl("loki", "monitoring"), "http://loki.monitoring.svc.cluster.local:3100");
        assert.equal(lokiPushUrl("logs", "obs"), "http://logs-loki.obs.svc.cluster.local:3100/loki/api/v1/push");
        assert.deepEqual(lokiPodLabels("loki"), { "app.kubernetes.io/name": "loki", "app.kubernetes.io/instance": "loki", "app.kubernetes.io/component": "single-binary" });
    });
});

describe("alloyConfig", () => {
    const config = alloyConfig({ namespaces: ["streaming", "tenant-a"], lokiPushUrl: "http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push" });

    it("discovers pods of exactly the given namespaces and tails them through the API into Loki", () => {
        assert.match(config, /discovery\.kubernetes "pods" \{\n {2}role = "pod"\n {2}namespaces \{\n {4}names = \["streaming", "tenant-a"\]\n {2}\}\n\}/);
        assert.match(config, /loki\.source\.kubernetes "pods" \{\n {2}targets {4}= discovery\.relabel\.pods\.output\n {2}forward_to = \[loki\.write\.default\.receiver\]/);
        assert.match(config, /loki\.write "default" \{\n {2}endpoint \{\n {4}url = "http:\/\/loki\.monitoring\.svc\.cluster\.local:3100\/loki\/api\/v1\/push"/);
        assert.doesNotMatch(config, /loki\.source\.file|local\.file_match|\/var\/log/);
    });

    it("labels namespace, pod, container and app, and Flink's cluster and component", () => {
        const targets = [...config.matchAll(/target_label = "([a-z_]+)"/g)].map((m) => m[1]);
        assert.deepEqual(targets, ["namespace", "pod", "container", "app", "flink_cluster", "flink_component"]);
        assert.ok(config.includes('source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"]'));
        assert.ok(config.includes('source_labels = ["__meta_kubernetes_pod_label_type", "__meta_kubernetes_pod_label_component"]'));
        assert.ok(config.includes('regex = "flink-native-kubernetes;(.+)"'));
    });

    it("picks app.kubernetes.io/name, else app, the way the relabel regex matches the joined labels", () => {
        const re = /^;*([^;]+).*$/;
        assert.equal(re.exec("kafka;x")?.[1], "kafka");
        assert.equal(re.exec(";fraud-job")?.[1], "fraud-job");
        assert.equal(re.exec(";"), null);
    });
});

describe("alloyValues", () => {
    const v = alloyValues(resolveLogsArgs({ namespace: "monitoring", collectNamespaces: ["streaming"] }));

    it("runs one Deployment pod without clustering, its configuration in the chart's ConfigMap", () => {
        assert.deepEqual([v.controller.type, v.controller.replicas, v.alloy.clustering.enabled], ["deployment", 1, false]);
        assert.equal(v.alloy.configMap.create, true);
        assert.ok(v.alloy.configMap.content.includes('names = ["streaming"]'));
    });

    it("mounts nothing from the host", () => {
        assert.deepEqual([v.alloy.mounts.varlog, v.alloy.mounts.dockercontainers], [false, false]);
        for (const volume of v.controller.volumes.extra) assert.equal(volume.hostPath, undefined);
        assert.deepEqual(v.controller.volumes.extra, [{ name: "alloy-storage", emptyDir: {} }]);
    });

    it("may read pods and their logs in the collected namespaces only", () => {
        assert.deepEqual(v.rbac, { create: true, namespaces: ["streaming"], rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }] });
    });

    it("restricts both containers, with small requests", () => {
        assert.deepEqual(v.alloy.securityContext, RESTRICTED);
        assert.deepEqual(v.configReloader.securityContext, RESTRICTED);
        assert.equal(v.global.podSecurityContext.runAsUser, 473);
        assert.deepEqual(v.alloy.resources.requests, { cpu: "50m", memory: "128Mi" });
        assert.deepEqual(v.configReloader.resources.requests, { cpu: "10m", memory: "50Mi" });
    });
});

describe("logsNetworkPolicies", () => {
    const policies = logsNetworkPolicies(resolveLogsArgs({ namespace: "logs", grafanaNamespace: "monitoring" }));

    it("admits Alloy and Grafana into Loki on its HTTP port, and nothing else", () => {
        const loki = policies.find((p) => p.metadata.name === "loki-from-clients")!;
        const spec = loki.spec as any;
        assert.deepEqual(spec.podSelector, { matchLabels: lokiPodLabels("loki") });
        assert.deepEqual(spec.policyTypes, ["Ingress"]);
        assert.deepEqual(spec.ingress, [
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "logs" } }, podSelector: { matchLabels: alloyPodLabels("alloy") } }], ports: [{ protocol: "TCP", port: LOKI_HTTP_PORT }] },
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "grafana" } } }], ports: [{ protocol: "TCP", port: 3100 }] },
        ]);
    });

    it("lets Alloy reach the API server on the API ports only", () => {
        const api = policies.find((p) => p.metadata.name === "allow-kube-api-egress-alloy")!;
        const apiSpec = api.spec as any;
        assert.deepEqual(apiSpec.policyTypes, ["Egress"]);
        assert.deepEqual(apiSpec.podSelector, { matchLabels: { "app.kubernetes.io/name": "alloy", "app.kubernetes.io/instance": "alloy" } });
        assert.deepEqual(apiSpec.egress, [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [443, 6443, 8443].map((port) => ({ protocol: "TCP", port })) }]);
        assert.equal(policies.length, 2);
    });
});

describe("logsProblems", () => {
    it("accepts the defaults and a complete S3 setup", () => {
        assert.deepEqual(logsProblems({}), []);
        assert.deepEqual(logsProblems({ storage: { backend: "s3", bucket: "logs-b", region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/loki" } }), []);
    });

    it("names each bad key and what is allowed", () => {
        assert.deepEqual(logsProblems({ retention: "7 days", storage: { backend: "azure", size: "big" }, lokiResources: { requestsCpu: "2", limitsCpu: "1" } }), [
            { path: "retention", message: 'must be a positive Loki duration such as "168h", "30d" or "1w", got "7 days"' },
            { path: "storage.backend", message: 'must be one of "filesystem", "s3", "gcs", got "azure"' },
            { path: "storage.size", message: 'must be a quantity such as "10Gi", got "big"' },
            { path: "lokiResources.requestsCpu", message: 'must be at most limitsCpu (1), got "2"' },
        ]);
    });

    it("needs the bucket (and for S3 the region) of a bucket backend", () => {
        assert.deepEqual(logsProblems({ storage: { backend: "s3" } }), [
            { path: "storage.bucket", message: 'needs the bucket\'s name with backend "s3"' },
            { path: "storage.region", message: 'needs the bucket\'s AWS region (such as "eu-west-1") with backend "s3"' },
        ]);
        assert.deepEqual(logsProblems({ storage: { backend: "gcs", bucket: "Bad_Bucket", roleArn: "arn:aws:iam::123456789012:role/x" } }), [
            { path: "storage.bucket", message: 'must be a bucket name (3 to 63 lower-case letters, digits, "-" and "."), got "Bad_Bucket"' },
            { path: "storage.roleArn", message: 'must be set only with backend "s3"' },
        ]);
        assert.deepEqual(logsProblems({ retention: "0d", storage: { bucket: "b-1" }, collectNamespaces: [] }), [
            { path: "collectNamespaces", message: "must name at least one namespace, got []" },
            { path: "retention", message: 'must be a positive Loki duration such as "168h", "30d" or "1w", got "0d"' },
            { path: "storage.bucket", message: 'must not be set with backend "filesystem": it keeps logs on Loki\'s volume' },
        ]);
    });
});

describe("logs estimators", () => {
    it("count the requests of the pods the values describe", () => {
        const o = resolveLogsArgs({});
        assert.deepEqual(lokiChart(lokiValues(o)), { cpuMillicores: 100, memoryMiB: 256 });
        assert.deepEqual(alloyChart(alloyValues(o)), { cpuMillicores: 60, memoryMiB: 178 });
        assert.deepEqual(Object.keys(charts), [LOKI_CHART.chart, ALLOY_CHART.chart]);
        assert.deepEqual(lokiChart({ deploymentMode: "Monolithic", singleBinary: { replicas: 1, resources: { requests: { cpu: "1", memory: "1Gi" } } }, gateway: { replicas: 2, resources: { requests: { cpu: "50m", memory: "64Mi" } } } }), {
            cpuMillicores: 1100,
            memoryMiB: 1152,
        });
    });
});
