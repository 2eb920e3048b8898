/**
 * The platform's PodMonitors: their arguments' problems, and, against the rendered dev stack, that each
 * selects exactly the pods it is for, that its ports exist by name on them, and that the NetworkPolicies
 * (the rendered ones and Strimzi's) let Prometheus scrape those ports and none of the pods' others.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PodMonitor } from "../../components/core/objects";
import { describeProblems } from "../../components/core/problems";
import { PLATFORM_SCRAPE_LABELS, platformPodMonitors, platformPodMonitorsProblems } from "../../components/observability/pod-monitors";
import { readStackFile } from "../../renderer/stack-file";
import { parsePlatformConfig, rawStackConfig } from "../../stacks/config";
import { stackPodMonitors } from "../../stacks/pod-monitors";
import { evaluate } from "../support/netpol-engine";
import { networkWorld, podOf, WorldPod } from "../support/network-world";
import { podPorts } from "../support/pod-ports";
import { PROJECT_DIR, renderStackFiles } from "../support/render";

const ALL = {
    namespace: "monitoring",
    flink: { namespaces: ["streaming", "team-a"], operatorNamespace: "operators" },
    kafka: { cluster: "events", namespace: "streaming", operatorNamespace: "operators", metrics: true },
    zookeeper: { name: "zookeeper", namespace: "streaming" },
    apps: [
        { name: "fraud-generator", namespace: "streaming", podLabels: { "app.kubernetes.io/name": "fraud-generator" } },
        { name: "fraud-actor", namespace: "streaming", podLabels: { "app.kubernetes.io/name": "fraud-actor" }, port: "http-metrics" },
    ],
};

describe("platformPodMonitors", () => {
    it("makes one monitor per component kind, in the monitoring namespace, each with the label Prometheus selects", () => {
        const monitors = platformPodMonitors(ALL);
        assert.deepEqual(
            monitors.map((m) => m.metadata.name),
            ["flink-clusters", "flink-kubernetes-operator", "strimzi-cluster-operator", "events-kafka", "events-entity-operator", "zookeeper", "fraud-generator", "fraud-actor"],
        );
        for (const m of monitors) {
            assert.equal(m.metadata.namespace, "monitoring");
            assert.equal(m.metadata.labels?.["streaming-platform.io/scrape"], "true", m.metadata.name);
            assert.deepEqual(PLATFORM_SCRAPE_LABELS, { "streaming-platform.io/scrape": "true" });
        }
    });

    it("scrapes each app by its pods' labels on its named port, in its namespace", () => {
        const [generator, actor] = platformPodMonitors(ALL).slice(-2);
        assert.deepEqual(generator.spec.selector.matchLabels, { "app.kubernetes.io/name": "fraud-generator" });
        assert.deepEqual(generator.spec.namespaceSelector, { matchNames: ["streaming"] });
        assert.deepEqual([generator.spec.podMetricsEndpoints![0].port, actor.spec.podMetricsEndpoints![0].port], ["metrics", "http-metrics"]);
        assert.match(describeProblems(platformPodMonitorsProblems({ namespace: "monitoring", apps: [{ name: "x", namespace: "streaming", podLabels: {} }] })).join("\n"), /apps\[0\]\.podLabels: must select/);
    });

    it("scrapes the Flink clusters of every namespace it is given, labelled by cluster and component", () => {
        const flink = platformPodMonitors(ALL).find((m) => m.metadata.name === "flink-clusters")!;
        assert.deepEqual(flink.spec.namespaceSelector, { matchNames: ["streaming", "team-a"] });
        assert.deepEqual(flink.spec.selector, { matchLabels: { type: "flink-native-kubernetes" } });
        const relabel = flink.spec.podMetricsEndpoints![0].relabelings!;
        assert.deepEqual(
            relabel.map((r) => `${r.sourceLabels?.join()}→${r.targetLabel}`),
            ["__meta_kubernetes_pod_label_app→flink_cluster", "__meta_kubernetes_pod_label_component→flink_component"],
        );
    });

    it("labels Kafka's series with the cluster, the pool, the roles and the node", () => {
        const kafka = platformPodMonitors(ALL).find((m) => m.metadata.name === "events-kafka")!;
        assert.deepEqual(
            kafka.spec.podMetricsEndpoints![0].relabelings!.map((r) => r.targetLabel),
            ["strimzi_io_cluster", "strimzi_io_pool_name", "strimzi_io_broker_role", "strimzi_io_controller_role", "node_name"],
        );
        assert.equal(kafka.spec.podMetricsEndpoints![0].relabelings![1].sourceLabels![0], "__meta_kubernetes_pod_label_strimzi_io_pool_name");
    });

    it("leaves out the Kafka nodes when they export no metrics, and whatever the stack does not run", () => {
        const names = platformPodMonitors({ namespace: "mon", kafka: { ...ALL.kafka, metrics: false } }).map((m) => m.metadata.name);
        assert.deepEqual(names, ["strimzi-cluster-operator", "events-entity-operator"]);
        assert.deepEqual(platformPodMonitors({ namespace: "mon" }), []);
    });

    it("reports every bad argument by its path", () => {
        assert.deepEqual(describeProblems(platformPodMonitorsProblems({ namespace: "Mon", flink: { namespaces: [], operatorNamespace: "ops" }, interval: "30 seconds" })), [
            'namespace: must be a DNS label (lower-case letters, digits and "-", at most 63), got "Mon"',
            "flink.namespaces: must name at least one namespace (where Flink clusters run), got []",
            'interval: must be a Prometheus duration such as "30s" or "1m", got "30 seconds"',
        ]);
        assert.throws(() => platformPodMonitors({ namespace: "monitoring", zookeeper: { name: "zk", namespace: "Streaming" } }), /zookeeper\.namespace: must be a DNS label/);
    });
});

/** The pods of the world a monitor selects: in its namespaces, carrying all its matchLabels. */
function selected(pods: WorldPod[], monitor: PodMonitor): WorldPod[] {
    const namespaces = monitor.spec.namespaceSelector?.matchNames ?? [];
    const labels = monitor.spec.selector.matchLabels ?? {};
    assert.equal(monitor.spec.selector.matchExpressions, undefined, "the test matches matchLabels only");
    return pods.filter((p) => namespaces.includes(p.namespace!) && Object.entries(labels).every(([k, v]) => p.podLabels?.[k] === v));
}

describe("the dev stack's PodMonitors against its render", () => {
    const stack = renderStackFiles("dev");
    const world = networkWorld(stack);
    const monitors = stackPodMonitors(parsePlatformConfig(rawStackConfig(readStackFile(PROJECT_DIR, "dev").config)));
    const pods = [...world.pods.values()].filter((p) => p.namespace !== undefined);
    const prometheus = podOf(world, "prometheus");

    it("has a monitor for each component the dev stack runs", () => {
        assert.deepEqual(
            monitors.map((m) => m.metadata.name),
            ["flink-clusters", "flink-kubernetes-operator", "strimzi-cluster-operator", "events-kafka", "events-entity-operator", "zookeeper", "fraud-generator", "fraud-actor"],
        );
    });

    // Which pods of the world each monitor must select: by their roles' labels, so the names of the
    // render's pods need not be repeated here.
    const expected: Record<string, (p: WorldPod) => boolean> = {
        "flink-clusters": (p) => p.podLabels?.type === "flink-native-kubernetes" && ["jobmanager", "taskmanager"].includes(p.podLabels.component),
        "flink-kubernetes-operator": (p) => p.name === "flink-operator",
        "strimzi-cluster-operator": (p) => p.name === "strimzi-cluster-operator",
        "events-kafka": (p) => p.podLabels?.["strimzi.io/component-type"] === "kafka" && p.podLabels["strimzi.io/cluster"] === "events",
        "events-entity-operator": (p) => p.name === "events-entity-operator",
        zookeeper: (p) => p.podLabels?.["app.kubernetes.io/name"] === "zookeeper",
        "fraud-generator": (p) => p.name === "fraud-generator",
        "fraud-actor": (p) => p.name === "fraud-actor",
    };

    for (const monitor of monitors) {
        const name = monitor.metadata.name;
        it(`${name} selects exactly its pods, and each has every port it scrapes, by name`, () => {
            const chosen = selected(pods, monitor);
            assert.ok(chosen.length > 0, `${name} selects no pod`);
            assert.deepEqual(
                chosen.map((p) => p.name).sort(),
                pods.filter(expected[name]).map((p) => p.name).sort(),
                `${name} selects other pods than its own`,
            );
            if (name === "flink-clusters") assert.deepEqual([...new Set(chosen.map((p) => p.podLabels!.component))].sort(), ["jobmanager", "taskmanager"]);
            for (const pod of chosen) {
                const names = podPorts(stack, pod).map((p) => p.name);
                for (const endpoint of monitor.spec.podMetricsEndpoints!) assert.ok(names.includes(endpoint.port!), `${name}: pod ${pod.name} has no port named ${endpoint.port} (it has ${names.join(", ") || "none"})`);
            }
        });

        it(`${name}: the NetworkPolicies let Prometheus scrape exactly those ports of its pods`, () => {
            const scraped = new Set(monitor.spec.podMetricsEndpoints!.map((e) => e.port!));
            const rows = selected(pods, monitor).flatMap((pod) =>
                podPorts(stack, pod).map((port) => ({ pod, port, expect: scraped.has(port.name) ? "allowed" : "denied" })),
            );
            const verdicts = evaluate(
                world.policies,
                rows.map((r) => ({ source: prometheus, destination: r.pod, port: r.port.containerPort })),
            );
            const wrong = rows.filter((r, i) => (verdicts[i].allowed ? "allowed" : "denied") !== r.expect).map((r) => `${r.pod.name}:${r.port.containerPort} (${r.port.name}) should be ${r.expect}`);
            assert.deepEqual(wrong, []);
            assert.ok(rows.some((r) => r.expect === "allowed"));
        });
    }
});
