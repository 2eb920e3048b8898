import { FLINK_OPERATOR_CRDS } from "../../components/flink";
import { STRIMZI_CRDS } from "../../components/kafka";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FLINK_IMAGE, FLINK_OPERATOR_CHART, FLINK_VERSION_ENUM } from "../../components/flink";
import { KAFKA_VERSION, STRIMZI_CHART, STRIMZI_VERSION, SUPPORTED_KAFKA_VERSIONS } from "../../components/kafka";
import { ALLOY_CHART, KUBE_PROMETHEUS_STACK_CHART, KUBE_PROMETHEUS_STACK_VERSION, LOKI_CHART, PROMETHEUS_OPERATOR_CRDS } from "../../components/observability";
import { ZOOKEEPER_VERSION } from "../../components/zookeeper/ensemble";
import { listStacks } from "../../renderer/stack-file";
import {
    ref,
    namespacesAreFenced,
    namespacesExist,
    noPolicyOpensAnyAddressToEveryPod,
    roleBindingsNameRoles,
    scrapeRulesNamePorts,
    selectorsSelectPods,
    serviceAccountsExist,
} from "../support/invariants";
import { schemaErrors } from "../support/k8s-schema";
import { PROJECT_DIR, renderStackFiles } from "../support/render";

const stacks = listStacks(PROJECT_DIR);

it("the project has a dev stack", () => assert.ok(stacks.includes("dev"), `stacks: ${stacks.join(", ")}`));

for (const stack of stacks) {
    describe(`stack ${stack}`, () => {
        const rendered = renderStackFiles(stack);
        const { objects, summary } = rendered;

        it("renders every object valid against the schema of its kind", async () => {
            const invalid: string[] = [];
            for (const obj of objects) {
                const error = await schemaErrors(obj);
                if (error) invalid.push(`${ref(obj)}: ${error}`);
            }
            assert.deepEqual(invalid, []);
        });

        it("runs the pinned releases: the operators' and the observability charts, Kafka, Flink and ZooKeeper", () => {
            const chartVersions = Object.fromEntries(rendered.releases.map((r) => [r.chart, r.version]));
            assert.deepEqual(chartVersions, {
                [FLINK_OPERATOR_CHART.chart]: FLINK_OPERATOR_CHART.version,
                [STRIMZI_CHART]: STRIMZI_VERSION,
                [KUBE_PROMETHEUS_STACK_CHART]: KUBE_PROMETHEUS_STACK_VERSION,
                [LOKI_CHART.chart]: LOKI_CHART.version,
                [ALLOY_CHART.chart]: ALLOY_CHART.version,
            });
            for (const kafka of objects.filter((o) => o.kind === "Kafka")) {
                assert.equal(kafka.spec.kafka.version, KAFKA_VERSION, ref(kafka));
                assert.equal(kafka.spec.kafka.metadataVersion, SUPPORTED_KAFKA_VERSIONS[KAFKA_VERSION], ref(kafka));
            }
            for (const flink of objects.filter((o) => o.kind === "FlinkDeployment")) {
                assert.equal(flink.spec.flinkVersion, FLINK_VERSION_ENUM, ref(flink));
                assert.equal(flink.spec.image, FLINK_IMAGE, ref(flink));
            }
            const zookeeper = objects.filter((o) => o.kind === "StatefulSet" && o.spec.template.spec.containers[0].image.startsWith("zookeeper:"));
            for (const set of zookeeper) assert.equal(set.spec.template.spec.containers[0].image, `zookeeper:${ZOOKEEPER_VERSION}`, ref(set));
            assert.ok(objects.some((o) => o.kind === "Kafka") && objects.some((o) => o.kind === "FlinkDeployment"), "the stack runs Kafka and Flink");
        });

        it("fences every namespace with a quota, limits, default deny and a Pod Security Standard", () => {
            assert.ok(objects.some((o) => o.kind === "Namespace"));
            assert.deepEqual(namespacesAreFenced(objects), []);
            assert.deepEqual(namespacesExist(objects), []);
        });

        it("opens no address to every pod of a namespace, admits no namespace's own pods wholesale, and scrapes by port", () => {
            assert.deepEqual(noPolicyOpensAnyAddressToEveryPod(objects), []);
            assert.deepEqual(scrapeRulesNamePorts(objects, "monitoring"), []);
            const policies = objects.filter((o) => o.kind === "NetworkPolicy");
            assert.deepEqual(policies.filter((p) => p.metadata.name === "allow-same-namespace-ingress" || p.metadata.name === "allow-monitoring-scrape").map(ref), []);
            for (const api of policies.filter((p) => p.metadata.name.startsWith("allow-kube-api-egress-"))) {
                assert.ok(Object.keys(api.spec.podSelector.matchLabels ?? {}).length > 0, `${ref(api)} is for some pods only`);
                for (const rule of api.spec.egress) assert.deepEqual(rule.ports.map((p: { port: number }) => p.port), [443, 6443, 8443], ref(api));
            }
        });

        it("binds only roles and ServiceAccounts that exist", () => {
            assert.deepEqual(roleBindingsNameRoles(objects), []);
            assert.deepEqual(serviceAccountsExist(objects), []);
        });

        it("selects, with every Service and PodDisruptionBudget, pods that the stack makes", () => {
            assert.deepEqual(selectorsSelectPods(objects), []);
        });

        it("counts in its summary every object it wrote", () => {
            const kubernetesCount = Object.entries(summary.resources)
                .filter(([type]) => type.startsWith("kubernetes:") && type !== "kubernetes:helm.sh/v3:Release")
                .reduce((n, [, count]) => n + count, 0);
            assert.equal(kubernetesCount, objects.length);
            assert.equal(summary.resources["kubernetes:helm.sh/v3:Release"] ?? 0, rendered.releases.length);
            assert.ok(Number.isFinite(summary.requests.cpuMillicores) && Number.isFinite(summary.requests.memoryMiB));
            assert.deepEqual(summary.unestimatedCharts, [], "every Helm release's pods are counted in the requests");
        });

        it("lists the CRDs of the pinned operator releases that pulumi up applies before their charts", () => {
            assert.deepEqual(summary.crds.map((c) => c.name).sort(), ["flink-operator-crds", "monitoring-crds", "strimzi-crds"]);
            assert.deepEqual(summary.crds.find((c) => c.name === "monitoring-crds")?.files, [...PROMETHEUS_OPERATOR_CRDS]);
            assert.deepEqual(summary.crds.find((c) => c.name === "strimzi-crds")?.files, [...STRIMZI_CRDS]);
            assert.deepEqual(summary.crds.find((c) => c.name === "flink-operator-crds")?.files, [...FLINK_OPERATOR_CRDS]);
        });
    });
}
