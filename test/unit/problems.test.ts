import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArgumentError, joinPath, Problems, relocate, throwIfProblems } from "../../components/core/problems";
import { resourcesProblems } from "../../components/core/resources";

describe("problems", () => {
    it("joins key paths as a user writes them", () => {
        assert.equal(joinPath("kafka", "brokers.replicas"), "kafka.brokers.replicas");
        assert.equal(joinPath("flink.session", "[0].name"), "flink.session[0].name");
        assert.equal(joinPath("zookeeper", ""), "zookeeper");
        assert.equal(joinPath("", "replicas"), "replicas");
    });

    it("moves an argument's problems to the stack key it comes from, the longest match first, the rest under the section", () => {
        const problems = [
            { path: "haType", message: "a" },
            { path: "jobs[1].parallelism", message: "b" },
            { path: "jobs[1]", message: "c" },
            { path: "namespace", message: "d" },
            { path: "namespacePrefix", message: "e" },
        ];
        assert.deepEqual(relocate("flink.session", problems, { haType: "flink.ha", namespace: "namespaces.streaming.name", "jobs[1]": "flink.session.jobs[1]" }), [
            { path: "flink.ha", message: "a" },
            { path: "flink.session.jobs[1].parallelism", message: "b" },
            { path: "flink.session.jobs[1]", message: "c" },
            { path: "namespaces.streaming.name", message: "d" },
            { path: "flink.session.namespacePrefix", message: "e" },
        ]);
    });

    it("throws every problem in one error that names the component, and nothing when there is none", () => {
        const problems = new Problems().check(false, "replicas", "must be odd, got 2").check(true, "image", "never").add("resources", [{ path: "limitsCpu", message: "must be a CPU quantity" }]).list;
        assert.throws(() => throwIfProblems("ZooKeeperEnsemble", "zk", problems), (error: unknown) => {
            assert.ok(error instanceof ArgumentError);
            assert.equal(error.message, 'ZooKeeperEnsemble "zk" has invalid arguments:\n  - replicas: must be odd, got 2\n  - resources.limitsCpu: must be a CPU quantity');
            assert.deepEqual(error.problems, problems);
            return true;
        });
        assert.doesNotThrow(() => throwIfProblems("ZooKeeperEnsemble", "zk", []));
    });

    it("checks resources: quantities, and no request above its limit", () => {
        assert.deepEqual(resourcesProblems({ requestsCpu: "2", limitsCpu: "1", requestsMemory: "1Gi", limitsMemory: "1024Mi" }), [
            { path: "requestsCpu", message: 'must be at most limitsCpu (1), got "2"' },
        ]);
        assert.deepEqual(resourcesProblems({ requestsCpu: "x", limitsCpu: "1", requestsMemory: "512m", limitsMemory: "1Gi" }), [
            { path: "requestsCpu", message: 'must be a CPU quantity such as "500m" or "2", got "x"' },
            { path: "requestsMemory", message: 'must be a quantity such as "512Mi" or "4Gi", got "512m"' },
        ]);
    });
});
