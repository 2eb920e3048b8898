import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArgumentError } from "../../components/core/problems";
import { resolveStrimziOperatorArgs, STRIMZI_CHART, STRIMZI_CRDS, strimziChartValues, STRIMZI_VERSION, StrimziOperator, strimziOperatorProblems } from "../../components/kafka";
import { createKafka } from "../../stacks/kafka";
import { createNamespaces } from "../../stacks/namespaces";
import { namespacesSchema } from "../../stacks/schema";
import { kafkaSchema } from "../../stacks/schema-kafka";
import { dependenciesOf, includesResource, recordDependencies } from "../support/dependencies";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

describe("StrimziOperator", () => {
    it("installs the pinned Strimzi chart into its namespace, watching the streaming namespace", async () => {
        let operator: StrimziOperator | undefined;
        const registered = await registeredBy(
            () =>
                (operator = new StrimziOperator("strimzi", {
                    namespace: "operators",
                    watchNamespaces: ["streaming"],
                    resources: { requestsCpu: "100m", requestsMemory: "384Mi", limitsCpu: "500m", limitsMemory: "384Mi" },
                })),
        );
        const release = registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release")!;
        assert.equal(release.name, "strimzi-release");
        const inputs = release.inputs as Record<string, any>;
        assert.equal(inputs.name, "strimzi");
        assert.equal(inputs.chart, "oci://quay.io/strimzi-helm/strimzi-kafka-operator");
        assert.equal(inputs.chart, STRIMZI_CHART);
        assert.equal(inputs.version, STRIMZI_VERSION);
        assert.equal(inputs.namespace, "operators");
        assert.deepEqual(inputs.values.watchNamespaces, ["streaming"]);
        assert.equal(inputs.values.watchAnyNamespace, false);
        assert.equal(inputs.values.replicas, 1);
        assert.deepEqual(inputs.values.resources, { requests: { cpu: "100m", memory: "384Mi" }, limits: { cpu: "500m", memory: "384Mi" } });
        assert.deepEqual(await promiseOf(operator!.watchedNamespaces), ["operators", "streaming"]);
    });

    it("applies the CRDs of its pinned release before the chart, which skips its own", async () => {
        await recordDependencies();
        const registered = await registeredBy(() => new StrimziOperator("crd-strimzi", { namespace: "operators", watchNamespaces: ["streaming"] }));
        const crds = registered.find((r) => r.type === CONFIG_GROUP)!;
        assert.equal(crds.name, "crd-strimzi-crds");
        assert.deepEqual((crds.inputs as any).files, STRIMZI_CRDS);
        assert.deepEqual(STRIMZI_CRDS, ["https://github.com/strimzi/strimzi-kafka-operator/releases/download/1.2.0/strimzi-crds-1.2.0.yaml"]);
        assert.equal((registered.find((r) => r.type === RELEASE)!.inputs as any).skipCrds, true);
        assert.ok(includesResource(dependenciesOf(RELEASE, "crd-strimzi-release"), CONFIG_GROUP, "crd-strimzi-crds"), "the chart waits for its CRDs");
    });

    it("has the Kafka cluster and its topics wait for the CRDs and the operator", async () => {
        await recordDependencies();
        const kafka = kafkaSchema.parse({ name: "ordered", layout: "combined", topics: { events: {} } });
        await registeredBy(() => createKafka(kafka, createNamespaces(namespacesSchema.parse({})), "minikube"));
        const waits = dependenciesOf("streaming-platform:index:KafkaCluster", "ordered");
        assert.ok(includesResource(waits, CONFIG_GROUP, "strimzi-crds"), `the cluster waits for the CRDs: ${waits.join(", ")}`);
        assert.ok(includesResource(waits, RELEASE, "strimzi-release"), "and for the operator");
    });

    it("runs restricted itself and makes the pods it creates restricted too", async () => {
        const registered = await registeredBy(() => new StrimziOperator("secure", { namespace: "operators" }));
        const values = (registered.find((r) => r.type === "kubernetes:helm.sh/v3:Release")!.inputs as Record<string, any>).values;
        assert.deepEqual(values.securityContext, {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepEqual(values.extraEnvs, [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }]);
        assert.deepEqual(values.resources, { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } }, "explicit resources by default");
    });

    it("merges further chart values deeply, so a nested override keeps the component's other settings", () => {
        const values = strimziChartValues(
            resolveStrimziOperatorArgs("strimzi", {
                namespace: "operators",
                values: { resources: { limits: { memory: "512Mi" } }, extraEnvs: [{ name: "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", value: "60000" }], tolerations: [] },
            }),
        );
        assert.deepEqual(values.resources, { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "512Mi" } });
        assert.deepEqual(values.extraEnvs, [{ name: "STRIMZI_FULL_RECONCILIATION_INTERVAL_MS", value: "60000" }], "a list replaces the component's, as in Helm");
        assert.deepEqual(values.tolerations, []);
        assert.equal(values.watchAnyNamespace, false);
    });

    it("lets the operator reach the Kafka pods of the namespaces it watches, and nothing else", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new StrimziOperator("egress", { namespace: "operators", watchNamespaces: ["streaming", "team-a"] })));
        const policy = objects.get("NetworkPolicy/egress-to-kafka")!;
        assert.equal(policy.metadata.namespace, "operators");
        assert.deepEqual(policy.spec.podSelector, { matchLabels: { "strimzi.io/kind": "cluster-operator" } });
        assert.deepEqual(policy.spec.policyTypes, ["Egress"]);
        const [rule] = policy.spec.egress;
        assert.deepEqual(
            rule.to.map((peer: any) => peer.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]),
            ["operators", "streaming", "team-a"],
        );
        assert.ok(rule.to.every((peer: any) => peer.podSelector.matchLabels["strimzi.io/kind"] === "Kafka"));
        assert.deepEqual(rule.ports, [9090, 9091, 8443].map((port) => ({ protocol: "TCP", port })));

        const none = objectsByKindAndName(await registeredBy(() => new StrimziOperator("open", { namespace: "operators", networkPolicy: false })));
        assert.equal(none.size, 0);
    });

    it("rejects bad arguments, naming each by its path, before creating anything", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () => new StrimziOperator("s", { namespace: "operators", watchNamespaces: ["operators", "streaming", "streaming"], replicas: 0, resources: { requestsCpu: "2", limitsCpu: "1" } }),
                (error: unknown) => {
                    assert.ok(error instanceof ArgumentError);
                    assert.deepEqual(error.problems, [
                        { path: "watchNamespaces[0]", message: 'must not be the operator\'s own namespace: it is always watched, got "operators"' },
                        { path: "watchNamespaces[2]", message: 'must not repeat a namespace, got "streaming"' },
                        { path: "replicas", message: "must be a whole number, 1 or more, got 0" },
                        { path: "resources.requestsCpu", message: 'must be at most limitsCpu (1), got "2"' },
                    ]);
                    return true;
                },
            ),
        );
        assert.deepEqual(registered, []);
        assert.deepEqual(strimziOperatorProblems("a-release-name-longer-than-helm-allows-fifty-three-chars", { namespace: "Operators", watchNamespaces: ["team_a"] }), [
            { path: "namespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Operators"' },
            { path: "watchNamespaces[0]", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "team_a"' },
            {
                path: "releaseName",
                message: 'must be a DNS label (lower-case letters, digits and "-", at most 53), got "a-release-name-longer-than-helm-allows-fifty-three-chars" (Helm\'s limit)',
            },
        ]);
    });

    it("hands out the watched namespaces once the release is installed", async () => {
        let operator: StrimziOperator | undefined;
        await registeredBy(() => (operator = new StrimziOperator("waited", { namespace: "operators" })));
        const resources = (operator!.watchedNamespaces as unknown as { resources(): Set<{ urn: any }> }).resources();
        const urns = await Promise.all([...resources].map((r) => promiseOf(r.urn)));
        assert.ok(urns.some((urn) => String(urn).endsWith("kubernetes:helm.sh/v3:Release::waited-release")), urns.join(", "));
    });
});
