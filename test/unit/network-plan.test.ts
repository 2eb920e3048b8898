import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NamespacePeerArgs } from "../../components/namespace/args";
import { parsePlatformConfig } from "../../stacks/config";
import type { NetworkPlan } from "../../stacks/namespaces";
import { networkPlan } from "../../stacks/network";

function planOf(raw: Record<string, unknown>): NetworkPlan {
    return networkPlan(parsePlatformConfig(raw));
}

/** Each policy name of the rules, with the pods it is for, as "name {labels}". */
function policies(rules: NamespacePeerArgs[]): string[] {
    return [...new Set(rules.map((r) => `${r.policyName} ${JSON.stringify(r.localPodLabels ?? {})}`))];
}

const API = (rule: NamespacePeerArgs) => rule.policyName?.startsWith("allow-kube-api-egress-") ?? false;
const JOBMANAGERS = { type: "flink-native-kubernetes", component: "jobmanager" };
const FLINK = { type: "flink-native-kubernetes" };
const s3 = { region: "eu-west-1", oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/x" };

describe("the stack's network plan", () => {
    it("gives API egress to the Flink JobManagers only under ZooKeeper HA, to every Flink pod under Kubernetes HA", () => {
        const zookeeper = planOf({ target: "minikube", zookeeper: { enabled: true }, flink: { ha: "zookeeper" } });
        assert.deepEqual(policies(zookeeper.streaming.egress.filter(API)), [
            `allow-kube-api-egress-flink ${JSON.stringify(JOBMANAGERS)}`,
            'allow-kube-api-egress-kafka-entity-operator {"strimzi.io/name":"events-entity-operator"}',
        ]);
        const kubernetes = planOf({ target: "minikube", flink: { ha: "kubernetes" } });
        assert.deepEqual(policies(kubernetes.streaming.egress.filter(API))[0], `allow-kube-api-egress-flink ${JSON.stringify(FLINK)}`);
        assert.deepEqual(policies(kubernetes.tenants.egress.filter(API)), [`allow-kube-api-egress-flink ${JSON.stringify(FLINK)}`], "tenants' Flink clusters too");
    });

    it("gives API egress to the Kafka brokers only where Strimzi's init container reads the node's zone, and to each operator and Prometheus", () => {
        const eks = planOf({ target: "eks", storage: { s3 } });
        assert.ok(policies(eks.streaming.egress).includes('allow-kube-api-egress-kafka-brokers {"strimzi.io/name":"events-kafka","strimzi.io/broker-role":"true"}'));
        const minikube = planOf({ target: "minikube" });
        assert.equal(minikube.streaming.egress.some((r) => r.policyName === "allow-kube-api-egress-kafka-brokers"), false, "no rack awareness on minikube");
        assert.deepEqual(policies(minikube.operators.egress.filter(API)), [
            'allow-kube-api-egress-flink-operator {"app.kubernetes.io/name":"flink-kubernetes-operator"}',
            'allow-kube-api-egress-strimzi {"strimzi.io/kind":"cluster-operator"}',
        ]);
        assert.deepEqual(policies(minikube.monitoring.egress.filter(API)), ['allow-kube-api-egress-prometheus {"app.kubernetes.io/name":"prometheus"}']);
    });

    it("gives no API rule to a part the stack does not run", () => {
        const plan = planOf({ target: "minikube", flink: { enabled: false }, kafka: { enabled: false } });
        assert.deepEqual([...plan.streaming.egress, ...plan.tenants.egress, ...plan.operators.egress.filter(API)], []);
        assert.deepEqual(plan.operators.ingress, []);
    });

    it("names the API server's CIDRs when the stack gives them, on the API ports, and any address otherwise", () => {
        const given = planOf({ target: "minikube", cluster: { apiServerCidrs: ["192.168.49.2/32", "10.0.0.0/24"] } });
        const flinkApi = given.streaming.egress.filter((r) => r.policyName === "allow-kube-api-egress-flink");
        assert.deepEqual(
            flinkApi.map((r) => [r.cidr, r.ports]),
            [
                ["192.168.49.2/32", [443, 6443, 8443]],
                ["10.0.0.0/24", [443, 6443, 8443]],
            ],
        );
        const any = planOf({ target: "minikube" }).streaming.egress.filter((r) => r.policyName === "allow-kube-api-egress-flink");
        assert.deepEqual(any.map((r) => r.cidr), ["0.0.0.0/0"]);
    });

    it("opens cloud storage (443) only to the Flink pods, and only for a cloud bucket", () => {
        const storage = (raw: Record<string, unknown>) => planOf(raw).streaming.egress.filter((r) => r.policyName === "allow-cloud-storage-egress");
        const s3Rules = storage({ target: "eks", storage: { s3 } });
        assert.deepEqual(s3Rules, [{ cidr: "0.0.0.0/0", ports: [443], localPodLabels: FLINK, policyName: "allow-cloud-storage-egress" }]);
        assert.equal(storage({ target: "gke", storage: { gcs: { project: "acme-streaming", location: "EU" } } }).length, 1);
        assert.deepEqual(
            storage({ target: "eks", storage: { s3 }, cluster: { apiServerCidrs: ["10.0.0.0/24"] } }).map((r) => r.except),
            [["10.0.0.0/24"]],
            "the bucket's rule leaves out the API server where the stack knows its addresses",
        );
        assert.deepEqual(storage({ target: "minikube" }), [], "the in-cluster store is in the namespace");
        assert.deepEqual(storage({ target: "eks", storage: { backend: "in-cluster" } }), []);
        const everyRule = Object.values(planOf({ target: "eks", storage: { s3 } })).flatMap((peers) => [...peers.ingress, ...peers.egress]);
        const wide = everyRule.filter((r) => r.cidr === "0.0.0.0/0" && Object.keys(r.localPodLabels ?? {}).length === 0);
        assert.deepEqual(wide, [], "no rule opens any address to every pod of a namespace");
    });

    it("lets tenants' Flink pods reach exactly the streaming namespace's Kafka listeners, ZooKeeper client port and object store port", () => {
        const plan = planOf({ target: "minikube", zookeeper: { enabled: true }, flink: { ha: "zookeeper" }, namespaces: { tenants: { fraud: {} } } });
        const services = plan.tenants.egress.filter((r) => r.policyName === "allow-platform-services-egress");
        assert.deepEqual(
            services.map((r) => [r.namespace, r.ports, r.localPodLabels]),
            [
                ["streaming", [9092], FLINK],
                ["streaming", [2181], FLINK],
                ["streaming", [7070], FLINK],
            ],
        );
        assert.deepEqual(services[1].podLabels, { "app.kubernetes.io/name": "zookeeper", "app.kubernetes.io/instance": "zookeeper" });
    });

    it("lets Prometheus out to exactly the metrics ports, and into the operators on theirs only", () => {
        const plan = planOf({ target: "minikube", zookeeper: { enabled: true }, flink: { ha: "zookeeper" }, namespaces: { tenants: { fraud: {} } } });
        const scrape = plan.monitoring.egress.filter((r) => r.policyName === "allow-metrics-scrape-egress");
        assert.deepEqual(
            scrape.map((r) => `${r.namespace}:${r.ports?.join(",")}`),
            ["streaming:9249", "fraud:9249", "operators:9999", "streaming:9404", "streaming:8080,8081", "operators:8080", "streaming:7000"],
        );
        for (const rule of scrape) assert.deepEqual(rule.localPodLabels, { "app.kubernetes.io/name": "prometheus" });
        assert.deepEqual(
            plan.operators.ingress.map((r) => [r.policyName, r.namespace, r.podLabels, r.ports]),
            [
                ["allow-metrics-scrape-flink-operator", "monitoring", { "app.kubernetes.io/name": "prometheus" }, [9999]],
                ["allow-metrics-scrape-strimzi", "monitoring", { "app.kubernetes.io/name": "prometheus" }, [8080]],
            ],
        );
    });

    it("lets the Flink operator fetch session jobs' jars only when the session cluster has jobs", () => {
        const fetch = (raw: Record<string, unknown>) => planOf(raw).operators.egress.filter((r) => r.policyName === "allow-artifact-fetch-egress");
        assert.deepEqual(fetch({ target: "minikube" }), []);
        const job = { name: "a", jarURI: "https://artifacts.example.com/a.jar" };
        assert.deepEqual(fetch({ target: "minikube", flink: { session: { jobs: [job] } } }).map((r) => r.ports), [[443]]);
        assert.deepEqual(fetch({ target: "minikube", flink: { operator: { allowedArtifactSchemes: ["https", "http"] }, session: { jobs: [job] } } }).map((r) => r.ports), [[80, 443]]);
    });
});
