/**
 * Who can reach whom in the rendered dev, aws and gcp stacks, under their NetworkPolicies and those
 * Strimzi generates for the Kafka clusters, as a real policy engine (Cyclonus' matcher) decides:
 * one row per (from, to, port) the platform needs open or must keep closed.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { noPolicyOpensAnyAddressToEveryPod } from "../support/invariants";
import { evaluate, Verdict } from "../support/netpol-engine";
import { addPod, DEFAULT_API_SERVER_IP, networkWorld, NetworkWorld, podOf, WorldPod } from "../support/network-world";
import { PROJECT_DIR, readRendering, renderStackFiles, runRender } from "../support/render";
import { scratchDir } from "../support/scratch";

type Stack = "dev" | "aws" | "gcp";
const STACKS: Stack[] = ["dev", "aws", "gcp"];

/** The pods a row names by role, by the labels that tell them apart in every stack. */
const ROLES: Record<string, Record<string, string>> = {
    "flink-jobmanager": { type: "flink-native-kubernetes", component: "jobmanager" },
    "flink-taskmanager": { type: "flink-native-kubernetes", component: "taskmanager" },
    "kafka-broker": { "strimzi.io/kind": "Kafka", "strimzi.io/broker-role": "true" },
    "kafka-controller": { "strimzi.io/kind": "Kafka", "strimzi.io/controller-role": "true" },
    "entity-operator": { "strimzi.io/component-type": "entity-operator" },
    zookeeper: { "app.kubernetes.io/name": "zookeeper" },
    "object-store": { "app.kubernetes.io/name": "object-store" },
    "strimzi-operator": { "strimzi.io/kind": "cluster-operator" },
    "flink-operator": { "app.kubernetes.io/name": "flink-kubernetes-operator" },
    prometheus: { "app.kubernetes.io/name": "prometheus" },
    "fraud-generator": { "app.kubernetes.io/name": "fraud-generator" },
    "fraud-actor": { "app.kubernetes.io/name": "fraud-actor" },
    "fraud-artifacts": { "app.kubernetes.io/name": "fraud-job-artifacts" },
};

interface Row {
    from: string;
    to: string;
    port: number;
    protocol?: "UDP";
    expect: "allowed" | "denied";
    /** The stacks the row holds in. @default every stack */
    stacks?: Stack[];
    /** Expected differently in these stacks (the row's `expect` flipped), with the reason in `why`. */
    otherwiseIn?: Stack[];
    why: string;
}

const ZOOKEEPER_STACKS: Stack[] = ["dev", "gcp"];
const CLOUD_STORAGE_STACKS: Stack[] = ["aws", "gcp"];

const ROWS: Row[] = [
    // DNS, for every pod
    { from: "flink-taskmanager", to: "kube-dns", port: 53, protocol: "UDP", expect: "allowed", why: "every pod resolves names" },
    { from: "kafka-broker", to: "kube-dns", port: 53, protocol: "UDP", expect: "allowed", why: "every pod resolves names" },
    { from: "prometheus", to: "kube-dns", port: 53, expect: "allowed", why: "every pod resolves names (TCP too)" },
    { from: "flink-operator", to: "kube-dns", port: 53, protocol: "UDP", expect: "allowed", why: "every pod resolves names" },

    // Flink to Kafka, ZooKeeper and storage
    // A Flink cluster is a Kafka client only when it runs as a declared user: dev's session cluster runs
    // as fraud-job (flink.session.kafkaUser); aws and gcp declare no users, so Kafka admits no Flink pod.
    { from: "flink-jobmanager", to: "kafka-broker", port: 9092, expect: "allowed", otherwiseIn: ["aws", "gcp"], why: "only a Flink cluster that runs as a declared Kafka user" },
    { from: "flink-taskmanager", to: "kafka-broker", port: 9092, expect: "allowed", otherwiseIn: ["aws", "gcp"], why: "only a Flink cluster that runs as a declared Kafka user" },
    { from: "flink-jobmanager", to: "zookeeper", port: 2181, expect: "allowed", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper HA: leader election" },
    { from: "flink-taskmanager", to: "zookeeper", port: 2181, expect: "allowed", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper HA: leader retrieval" },
    { from: "flink-jobmanager", to: "object-store", port: 7070, expect: "allowed", stacks: ["dev"], why: "checkpoints and HA data in the in-cluster store" },
    { from: "flink-taskmanager", to: "object-store", port: 7070, expect: "allowed", stacks: ["dev"], why: "checkpoints in the in-cluster store" },
    { from: "flink-jobmanager", to: "internet", port: 443, expect: "allowed", stacks: CLOUD_STORAGE_STACKS, why: "S3 / GCS on 443" },
    { from: "flink-taskmanager", to: "internet", port: 443, expect: "allowed", stacks: CLOUD_STORAGE_STACKS, why: "S3 / GCS on 443" },
    { from: "flink-taskmanager", to: "metadata-server", port: 80, expect: "allowed", stacks: ["gcp"], why: "Workload Identity's credentials come from the metadata server" },

    // The fraud demo (dev): its apps reach Kafka as their users; Prometheus scrapes them; only the Flink operator fetches the jar
    { from: "fraud-generator", to: "kafka-broker", port: 9092, expect: "allowed", stacks: ["dev"], why: "the generator writes transactions as fraud-generator" },
    { from: "fraud-actor", to: "kafka-broker", port: 9092, expect: "allowed", stacks: ["dev"], why: "the actor reads detections as fraud-actor" },
    { from: "fraud-generator", to: "kafka-broker", port: 9091, expect: "denied", stacks: ["dev"], why: "clients use the plain listener only, never replication" },
    { from: "prometheus", to: "fraud-generator", port: 9464, expect: "allowed", stacks: ["dev"], why: "its PodMonitor" },
    { from: "prometheus", to: "fraud-actor", port: 9464, expect: "allowed", stacks: ["dev"], why: "its PodMonitor" },
    { from: "streaming-other", to: "fraud-actor", port: 9464, expect: "denied", stacks: ["dev"], why: "only Prometheus scrapes" },
    { from: "flink-operator", to: "fraud-artifacts", port: 8080, expect: "allowed", stacks: ["dev"], why: "the operator fetches the session job's jar" },
    { from: "flink-jobmanager", to: "fraud-artifacts", port: 8080, expect: "denied", stacks: ["dev"], why: "the operator uploads the jar to the cluster; user code may not fetch others" },
    { from: "streaming-other", to: "fraud-artifacts", port: 8080, expect: "denied", stacks: ["dev"], why: "only the operator" },
    { from: "fraud-generator", to: "internet", port: 443, expect: "denied", stacks: ["dev"], why: "the apps talk to Kafka only" },

    // Inside a Flink cluster
    { from: "flink-taskmanager", to: "flink-jobmanager", port: 6123, expect: "allowed", why: "JobManager RPC" },
    { from: "flink-taskmanager", to: "flink-jobmanager", port: 6124, expect: "allowed", why: "blob server" },
    { from: "flink-jobmanager", to: "flink-taskmanager", port: 6122, expect: "allowed", why: "TaskManager RPC" },

    // The operators to the API and to what they manage; who else calls the API
    { from: "flink-operator", to: "api-server", port: 443, expect: "allowed", why: "the operator watches and writes its resources" },
    { from: "strimzi-operator", to: "api-server", port: 443, expect: "allowed", why: "the operator watches and writes its resources" },
    // The merged plan gives the API to the operators' own pods, not to every pod of their namespace.
    { from: "operators-other", to: "api-server", port: 443, expect: "denied", why: "API egress only for the operator pods, not for whatever else runs beside them" },
    { from: "flink-operator", to: "flink-jobmanager", port: 8081, expect: "allowed", why: "the operator drives jobs through the REST API" },
    { from: "strimzi-operator", to: "kafka-broker", port: 9091, expect: "allowed", why: "the operator's admin client on the replication port" },
    { from: "strimzi-operator", to: "kafka-controller", port: 9090, expect: "allowed", why: "the control plane port during rolling updates" },
    { from: "strimzi-operator", to: "kafka-broker", port: 8443, expect: "allowed", why: "the Kafka agent's readiness" },
    { from: "entity-operator", to: "api-server", port: 443, expect: "allowed", why: "the topic and user operators watch KafkaTopics and KafkaUsers" },
    { from: "entity-operator", to: "kafka-broker", port: 9091, expect: "allowed", why: "the topic and user operators' admin clients" },
    { from: "flink-jobmanager", to: "api-server", port: 443, expect: "allowed", why: "the JobManager creates TaskManager pods" },
    {
        from: "flink-taskmanager",
        to: "api-server",
        port: 443,
        expect: "denied",
        // aws: Kubernetes HA makes TaskManagers read the API. gcp: ZooKeeper HA, but the bucket's rule
        // opens any address on 443 to the Flink pods (GCS has no narrower range), the API's included;
        // there only RBAC (the TaskManagers' ServiceAccount has no rights) keeps them out.
        otherwiseIn: ["aws", "gcp"],
        why: "TaskManagers run user code; only Kubernetes HA or the cloud bucket's any-address rule lets them reach the API",
    },
    {
        from: "kafka-broker",
        to: "api-server",
        port: 443,
        expect: "denied",
        otherwiseIn: ["aws", "gcp"],
        why: "only with rack awareness (aws, gcp) does Strimzi's init container read the node",
    },
    { from: "kafka-broker", to: "kafka-controller", port: 9090, expect: "allowed", why: "KRaft: brokers reach the controllers" },
    { from: "kafka-broker", to: "kafka-broker", port: 9091, expect: "allowed", why: "replication" },
    { from: "zookeeper", to: "zookeeper", port: 2888, expect: "allowed", stacks: ZOOKEEPER_STACKS, why: "quorum" },
    { from: "zookeeper", to: "zookeeper", port: 3888, expect: "allowed", stacks: ZOOKEEPER_STACKS, why: "leader election" },

    // Prometheus to each metrics port, and to the API for service discovery
    { from: "prometheus", to: "flink-jobmanager", port: 9249, expect: "allowed", why: "Flink metrics" },
    { from: "prometheus", to: "flink-taskmanager", port: 9249, expect: "allowed", why: "Flink metrics" },
    { from: "prometheus", to: "kafka-broker", port: 9404, expect: "allowed", why: "Kafka metrics" },
    { from: "prometheus", to: "kafka-controller", port: 9404, expect: "allowed", why: "Kafka metrics" },
    { from: "prometheus", to: "zookeeper", port: 7000, expect: "allowed", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper metrics" },
    { from: "prometheus", to: "flink-operator", port: 9999, expect: "allowed", why: "the Flink operator's metrics" },
    { from: "prometheus", to: "strimzi-operator", port: 8080, expect: "allowed", why: "the Strimzi operator's metrics" },
    { from: "prometheus", to: "entity-operator", port: 8080, expect: "allowed", why: "the Topic Operator's metrics" },
    { from: "prometheus", to: "entity-operator", port: 8081, expect: "allowed", why: "the User Operator's metrics" },
    { from: "prometheus", to: "api-server", port: 443, expect: "allowed", why: "service discovery" },

    // The observability stack's own traffic
    { from: "grafana", to: "prometheus", port: 9090, expect: "allowed", why: "Grafana's Prometheus datasource" },
    { from: "grafana", to: "alertmanager", port: 9093, expect: "allowed", why: "Grafana's Alertmanager datasource" },
    { from: "grafana", to: "loki", port: 3100, expect: "allowed", why: "Grafana's Loki datasource" },
    { from: "grafana", to: "api-server", port: 443, expect: "allowed", why: "the sidecars watch the dashboard and datasource ConfigMaps" },
    { from: "prometheus", to: "alertmanager", port: 9093, expect: "allowed", why: "Prometheus sends its alerts" },
    { from: "prometheus", to: "kube-state-metrics", port: 8080, expect: "allowed", why: "the pod and Deployment metrics the alerts read" },
    { from: "kube-state-metrics", to: "api-server", port: 443, expect: "allowed", why: "it lists the cluster's objects" },
    { from: "prometheus-operator", to: "api-server", port: 443, expect: "allowed", why: "the operator watches its resources" },
    { from: "alloy", to: "loki", port: 3100, expect: "allowed", why: "Alloy pushes the logs" },
    { from: "alloy", to: "api-server", port: 443, expect: "allowed", why: "Alloy discovers the pods and tails their logs through the API" },
    { from: "monitoring-other", to: "prometheus", port: 9090, expect: "denied", why: "only Grafana queries Prometheus" },
    { from: "streaming-other", to: "loki", port: 3100, expect: "denied", why: "only Alloy pushes and Grafana queries" },
    { from: "monitoring-other", to: "loki", port: 3100, expect: "denied", why: "only Alloy pushes and Grafana queries" },
    { from: "grafana", to: "kafka-broker", port: 9092, expect: "denied", why: "Grafana reads its datasources, nothing else" },
    { from: "alertmanager", to: "internet", port: 443, expect: "denied", why: "no receiver is configured, so Alertmanager sends nothing out" },
    // Alloy and Grafana may leave the namespace for the API only: on its ports at any address where the
    // stack names no cluster.apiServerCidrs (so 443 is open to them), and nothing on other ports.
    { from: "alloy", to: "internet", port: 80, expect: "denied", why: "logs go to Loki; the API's ports are the only way out" },
    { from: "grafana", to: "internet", port: 80, expect: "denied", why: "no plugin downloads or phoning home; the API's ports are the only way out" },
    { from: "loki", to: "internet", port: 443, expect: "denied", stacks: ["dev"], why: "dev's Loki keeps logs on its volume" },
    { from: "loki", to: "internet", port: 443, expect: "allowed", stacks: CLOUD_STORAGE_STACKS, why: "Loki's bucket (S3 / GCS) on 443" },
    { from: "loki", to: "internet", port: 80, expect: "denied", why: "only the bucket's port, and the credential endpoints" },
    { from: "monitoring-other", to: "kube-state-metrics", port: 8080, expect: "denied", why: "only Prometheus scrapes" },

    // Kept closed
    { from: "elsewhere-other", to: "kafka-broker", port: 9092, expect: "denied", why: "another namespace is no declared Kafka client" },
    { from: "monitoring-other", to: "kafka-broker", port: 9092, expect: "denied", why: "another namespace is no declared Kafka client" },
    { from: "streaming-other", to: "kafka-broker", port: 9092, expect: "denied", why: "a pod that is no declared client, even in Kafka's namespace" },
    { from: "elsewhere-other", to: "kafka-broker", port: 9091, expect: "denied", why: "the replication port is Strimzi's own" },
    { from: "streaming-other", to: "kafka-broker", port: 9091, expect: "denied", why: "the replication port is Strimzi's own" },
    { from: "prometheus", to: "flink-jobmanager", port: 8081, expect: "denied", why: "an unauthenticated job upload runs code with Flink's identity" },
    { from: "streaming-other", to: "flink-jobmanager", port: 8081, expect: "denied", why: "only the REST clients (the operator) reach the REST API" },
    { from: "elsewhere-other", to: "flink-jobmanager", port: 8081, expect: "denied", why: "only the REST clients (the operator) reach the REST API" },
    { from: "monitoring-other", to: "flink-jobmanager", port: 9249, expect: "denied", why: "only Prometheus scrapes" },
    { from: "flink-taskmanager", to: "internet", port: 443, expect: "denied", stacks: ["dev"], why: "user code may not leave the cluster (dev keeps its checkpoints inside)" },
    { from: "flink-taskmanager", to: "internet", port: 80, expect: "denied", why: "user code may not leave the cluster but for storage" },
    { from: "streaming-other", to: "internet", port: 443, expect: "denied", why: "default deny is no longer 'deny all but HTTPS'" },
    { from: "streaming-other", to: "api-server", port: 443, expect: "denied", why: "API egress only where it is needed" },
    { from: "monitoring-other", to: "api-server", port: 443, expect: "denied", why: "API egress only where it is needed (Prometheus)" },
    { from: "kafka-broker", to: "internet", port: 443, expect: "denied", stacks: ["dev"], why: "Kafka has no business outside the cluster" },
    { from: "streaming-other", to: "metadata-server", port: 80, expect: "denied", stacks: ["gcp"], why: "the cloud identity goes to the Flink pods only" },
    { from: "flink-operator", to: "internet", port: 80, expect: "denied", why: "the operators reach the API, not the internet" },
    { from: "streaming-other", to: "zookeeper", port: 2181, expect: "denied", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper only from the Flink pods that use it" },
    { from: "elsewhere-other", to: "zookeeper", port: 2181, expect: "denied", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper only from the Flink pods that use it" },
    { from: "kafka-broker", to: "zookeeper", port: 2181, expect: "denied", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper only from the Flink pods that use it" },
    { from: "flink-operator", to: "zookeeper", port: 2181, expect: "denied", stacks: ZOOKEEPER_STACKS, why: "ZooKeeper only from the Flink pods that use it" },
    { from: "prometheus", to: "zookeeper", port: 2181, expect: "denied", stacks: ZOOKEEPER_STACKS, why: "Prometheus on the metrics port only" },
    { from: "prometheus", to: "zookeeper", port: 8080, expect: "denied", stacks: ZOOKEEPER_STACKS, why: "the AdminServer is off and its port closed" },
    { from: "streaming-other", to: "object-store", port: 7070, expect: "denied", stacks: ["dev"], why: "the store admits its clients (Flink) only" },
    { from: "prometheus", to: "object-store", port: 7070, expect: "denied", stacks: ["dev"], why: "the store admits its clients (Flink) only" },
];

function rowName(row: Row): string {
    return `${row.from} → ${row.to}:${row.port}${row.protocol ? `/${row.protocol}` : ""}`;
}

function expectation(row: Row, stack: Stack): "allowed" | "denied" {
    if (!row.otherwiseIn?.includes(stack)) return row.expect;
    return row.expect === "allowed" ? "denied" : "allowed";
}

/** An address inside the stack's `cluster.apiServerCidrs`, where the stack names them. */
function apiServerIp(stack: Stack): string {
    const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8"));
    const cidr: string | undefined = doc.config?.["streaming-platform:cluster"]?.apiServerCidrs?.[0];
    if (!cidr) return DEFAULT_API_SERVER_IP;
    const [base, bits] = cidr.split("/");
    const octets = base.split(".").map(Number);
    if (Number(bits) < 32) octets[3] += 1;
    return octets.join(".");
}

function endpoint(world: NetworkWorld, name: string): WorldPod {
    return ROLES[name] ? podOf(world, name, ROLES[name]) : podOf(world, name);
}

function explain(verdict: Verdict): string {
    const side = (label: string, d: Verdict["egress"]): string =>
        `${label} ${d.allowed ? "allows" : "denies"}${d.allowedBy.length ? ` (allowed by ${d.allowedBy.join(", ")})` : ""}${d.notAllowedBy.length ? ` (selected but not allowed by ${d.notAllowedBy.join(", ")})` : ""}`;
    return `${side("egress at the source", verdict.egress)}; ${side("ingress at the destination", verdict.ingress)}`;
}

/** One assertion per row, each naming the row and, when it fails, the policies on both sides. */
function assertRows(label: string, world: NetworkWorld, rows: Row[], expected: (row: Row) => "allowed" | "denied"): void {
    const verdicts = evaluate(
        world.policies,
        rows.map((row) => ({ source: endpoint(world, row.from), destination: endpoint(world, row.to), port: row.port, protocol: row.protocol ?? "TCP" })),
    );
    rows.forEach((row, i) => {
        it(`${rowName(row)} is ${expected(row)}: ${row.why}`, () => {
            const verdict = verdicts[i];
            assert.equal(verdict.allowed ? "allowed" : "denied", expected(row), `${label}: ${rowName(row)} should be ${expected(row)} (${row.why}); ${explain(verdict)}`);
        });
    });
}

for (const stack of STACKS) {
    describe(`reachability in the ${stack} stack`, () => {
        const world = networkWorld(renderStackFiles(stack), apiServerIp(stack));
        assertRows(
            stack,
            world,
            ROWS.filter((row) => !row.stacks || row.stacks.includes(stack)),
            (row) => expectation(row, stack),
        );

        // Stricter than "on every port": a policy for every pod of a namespace names no 0.0.0.0/0 at all.
        it("has no NetworkPolicy, Strimzi's included, that opens 0.0.0.0/0 to every pod of a namespace", () => {
            assert.deepEqual(noPolicyOpensAnyAddressToEveryPod(world.policies), []);
        });
    });
}

/**
 * The dev stack with two tenant namespaces, each running a Flink cluster of its own (a FlinkDeployment
 * of the tenant's, so not in the render: its pods carry Flink's labels); only team-a declares a Kafka
 * user, for its cluster's pods.
 */
function devWithTenants(): string {
    const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8"));
    doc.config["streaming-platform:namespaces"].tenants = { "team-a": {}, "team-b": {} };
    doc.config["streaming-platform:kafka"].users["team-a-job"] = {
        topics: { transactions: "read" },
        groups: ["team-a-job"],
        namespace: "team-a",
        podLabels: { app: "team-a-job", type: "flink-native-kubernetes" },
    };
    const file = path.join(scratchDir("stack-"), "Pulumi.tenants.yaml");
    fs.writeFileSync(file, stringify(doc));
    return file;
}

const TENANT_ROWS: Row[] = [
    { from: "team-a-flink", to: "kafka-broker", port: 9092, expect: "allowed", why: "team-a's cluster runs as its declared Kafka user" },
    { from: "team-b-flink", to: "kafka-broker", port: 9092, expect: "denied", why: "team-b declares no Kafka user" },
    { from: "team-a-other", to: "kafka-broker", port: 9092, expect: "denied", why: "the user is for team-a's Flink pods, not every pod of team-a" },
    { from: "team-a-flink", to: "kafka-broker", port: 9091, expect: "denied", why: "the replication port is Strimzi's own" },
    { from: "team-a-flink", to: "zookeeper", port: 2181, expect: "allowed", why: "ZooKeeper admits the Flink pods of every tenant" },
    { from: "team-a-other", to: "zookeeper", port: 2181, expect: "denied", why: "ZooKeeper only from Flink pods" },
    { from: "team-a-flink", to: "object-store", port: 7070, expect: "allowed", why: "the store admits the Flink pods of every tenant" },
    { from: "team-a-other", to: "object-store", port: 7070, expect: "denied", why: "the store admits Flink pods only" },
    { from: "team-a-flink", to: "flink-jobmanager", port: 8081, expect: "denied", why: "another cluster's REST API is the operator's to call" },
    { from: "team-a-flink", to: "team-b-flink", port: 6122, expect: "denied", why: "a tenant's cluster is not another tenant's" },
    { from: "team-a-flink", to: "internet", port: 443, expect: "denied", why: "dev keeps checkpoints inside the cluster" },
    { from: "team-a-other", to: "kube-dns", port: 53, protocol: "UDP", expect: "allowed", why: "every pod resolves names" },
];

describe("reachability of tenants' Flink clusters (the dev stack with tenants team-a and team-b)", () => {
    const result = runRender("tenants", ["--stack-file", devWithTenants(), "--quiet"]);
    assert.equal(result.status, 0, result.stderr);
    const world = networkWorld(readRendering(result.outDir));
    for (const team of ["team-a", "team-b"]) {
        addPod(world, `${team}-flink`, team, { type: "flink-native-kubernetes", app: `${team}-job`, component: "taskmanager" });
    }
    assertRows("dev with tenants", world, TENANT_ROWS, (row) => row.expect);
});
