/**
 * Every pod the rendered stacks describe, judged by Pod Security Admission's own evaluator
 * (k8s.io/pod-security-admission, built from test/psa) at the level its namespace enforces — the
 * FlinkDeployments' JobManager and TaskManager pods as the operator merges their templates and
 * Flink decorates them (test/support/flink-pods.ts).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { flinkDeploymentPods, mergePodTemplates } from "../support/flink-pods";
import { evaluatePods, PsaPod, PsaResult, renderedPods } from "../support/pod-security";
import { K8sObject, renderStackFiles } from "../support/render";

const STACKS = ["dev", "aws", "gcp"];

describe("Pod Security: the rendered pods, by the Kubernetes project's own evaluator", { timeout: 10 * 60_000 }, () => {
    const objects = new Map<string, K8sObject[]>();
    const pods = new Map<string, PsaPod[]>();
    let results: PsaResult[] = [];

    before(() => {
        for (const stack of STACKS) {
            objects.set(stack, renderStackFiles(stack).objects);
            pods.set(stack, renderedPods(objects.get(stack)!).map((p) => ({ ...p, name: `${stack}: ${p.name}` })));
        }
        results = evaluatePods(STACKS.flatMap((s) => pods.get(s)!));
    });

    it("finds the workloads' pods and each FlinkDeployment's JobManager and TaskManager, at their namespaces' levels", () => {
        // What dev runs besides (more may come): each of these, at its namespace's label.
        const dev = pods.get("dev")!.map((p) => `${p.name} ${p.level}:${p.version}`);
        for (const pod of ["streaming/Deployment/checkpoints", "streaming/StatefulSet/zookeeper", "streaming/FlinkDeployment/flink-session/jobmanager", "streaming/FlinkDeployment/flink-session/taskmanager"]) {
            assert.ok(dev.includes(`dev: ${pod} restricted:latest`), `dev: ${pod} at restricted:latest, in ${dev.join("; ")}`);
        }
        for (const stack of STACKS) {
            const flink = objects.get(stack)!.filter((o) => o.kind === "FlinkDeployment");
            assert.ok(flink.length > 0, `${stack} runs Flink`);
            for (const role of ["jobmanager", "taskmanager"]) {
                assert.ok(pods.get(stack)!.some((p) => p.name === `${stack}: streaming/FlinkDeployment/${flink[0].metadata.name}/${role}`), `${stack}: the ${role} pod`);
            }
        }
        assert.equal(results.length, STACKS.reduce((n, s) => n + pods.get(s)!.length, 0), "one result per pod");
    });

    it("allows every pod", () => {
        const refused = results.filter((r) => !r.allowed).map((r) => `${r.name} (${r.level}): ${r.forbidden.join(", ")}`);
        assert.deepEqual(refused, []);
    });

    it("refuses a copy of a rendered pod with a privileged container, or without runAsNonRoot, saying why", () => {
        const dev = pods.get("dev")!;
        const store = structuredClone(dev.find((p) => p.name === "dev: streaming/Deployment/checkpoints")!);
        (store.spec as any).containers[0].securityContext.privileged = true;
        store.name = "privileged store";
        const jobManager = structuredClone(dev.find((p) => p.name.endsWith("/jobmanager"))!);
        delete (jobManager.spec as any).securityContext.runAsNonRoot;
        for (const c of (jobManager.spec as any).containers) delete c.securityContext.runAsNonRoot;
        jobManager.name = "root jobmanager";
        const [privileged, root] = evaluatePods([store, jobManager]);
        assert.equal(privileged.allowed, false);
        assert.deepEqual(privileged.forbidden, [`privileged (container "s3" must not set securityContext.privileged=true)`]);
        assert.equal(root.allowed, false);
        assert.deepEqual(root.forbidden, [`runAsNonRoot != true (pod or container "flink-main-container" must set securityContext.runAsNonRoot=true)`]);
    });

    it("judges the FlinkDeployment's pods as built: a TaskManager template's capability and Flink's host network reach them", () => {
        const deployment = structuredClone(objects.get("dev")!.find((o) => o.kind === "FlinkDeployment")!);
        // Only the TaskManagers' template adds a capability; the operator merges it into the common
        // template's main container by position.
        deployment.spec.taskManager.podTemplate = { spec: { containers: [{ name: "flink-main-container", securityContext: { capabilities: { add: ["NET_ADMIN"] } } }] } };
        const [jm, tm] = evaluatePods(flinkDeploymentPods(deployment).map((p) => ({ name: p.role, level: "restricted", metadata: p.metadata, spec: p.spec })));
        assert.deepEqual([jm.allowed, tm.allowed], [true, false]);
        // (restricted's capabilities check replaces baseline's, so one reason)
        assert.deepEqual(tm.forbidden, [`unrestricted capabilities (container "flink-main-container" must not include "NET_ADMIN" in securityContext.capabilities.add)`]);

        // Flink sets hostNetwork on both pods from its configuration, whatever the template says.
        const host = structuredClone(objects.get("dev")!.find((o) => o.kind === "FlinkDeployment")!);
        host.spec.flinkConfiguration["kubernetes.hostnetwork.enabled"] = "true";
        for (const r of evaluatePods(flinkDeploymentPods(host).map((p) => ({ name: p.role, level: "baseline", metadata: p.metadata, spec: p.spec })))) {
            assert.deepEqual(r.forbidden, ["host namespaces (hostNetwork=true)"], r.name);
        }
    });

    it("merges templates as the operator does: objects key by key, arrays by position (a scalar there stays) unless merged by name", () => {
        const common = { spec: { containers: [{ name: "a", securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } } }, { name: "b" }] } };
        const role = { spec: { containers: [{ name: "b", securityContext: { capabilities: { drop: ["NET_RAW"] } } }] } };
        // By position, the role's "b" lands on the common "a"; its name is a scalar field and replaces "a"'s.
        assert.deepEqual(mergePodTemplates(common, role, false).spec.containers, [
            { name: "b", securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } } },
            { name: "b" },
        ]);
        assert.deepEqual(mergePodTemplates(common, role, true).spec.containers, [
            { name: "a", securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } } },
            { name: "b", securityContext: { capabilities: { drop: ["NET_RAW"] } } },
        ]);
        assert.deepEqual(mergePodTemplates(undefined, role, false), role);
        assert.deepEqual(mergePodTemplates(common, undefined, false), common);
    });
});
