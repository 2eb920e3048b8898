import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listStacks } from "../../renderer/stack-file";
import { ref, namespacesAreFenced, namespacesExist, roleBindingsNameRoles, selectorsSelectPods, serviceAccountsExist } from "../support/invariants";
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

        it("fences every namespace with a quota, limits, default deny and a Pod Security Standard", () => {
            assert.ok(objects.some((o) => o.kind === "Namespace"));
            assert.deepEqual(namespacesAreFenced(objects), []);
            assert.deepEqual(namespacesExist(objects), []);
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
    });
}
