import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FlinkApplication } from "../../components/flink/application";
import { flinkConfiguration } from "../../components/flink/config";
import { FLINK_ROLE_RULES } from "../../components/flink/manifests";
import { FlinkOperator } from "../../components/flink/operator";
import { FlinkSessionCluster } from "../../components/flink/session-cluster";
import type { FlinkStorage } from "../../components/flink/storage";
import { objectsByKindAndName, registeredBy } from "../support/pulumi";

const storage: FlinkStorage = {
    checkpointsUri: "s3://bucket/checkpoints",
    savepointsUri: "s3://bucket/savepoints",
    haStorageUri: "s3://bucket/ha",
    flinkConfiguration: { "s3.endpoint": "http://store:7070" },
    plugins: ["flink-s3-fs-presto-2.2.1.jar"],
    serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/flink" },
};

const job = { jarURI: "local:///opt/flink/usrlib/fraud.jar", parallelism: 4 };

describe("the Flink configuration", () => {
    it("uses RocksDB with incremental checkpoints to the storage's URIs", () => {
        const conf = flinkConfiguration({ haType: "kubernetes", storage, slotsPerTaskManager: 2 });
        assert.equal(conf["state.backend.type"], "rocksdb");
        assert.equal(conf["execution.checkpointing.incremental"], "true");
        assert.equal(conf["execution.checkpointing.dir"], "s3://bucket/checkpoints");
        assert.equal(conf["execution.checkpointing.savepoint-dir"], "s3://bucket/savepoints");
        assert.equal(conf["high-availability.storageDir"], "s3://bucket/ha");
        assert.equal(conf["high-availability.type"], "kubernetes");
        assert.equal(conf["s3.endpoint"], "http://store:7070");
        assert.equal(conf["metrics.reporter.prom.port"], "9249");
    });

    it("points ZooKeeper HA at the quorum, and lets the user's settings win", () => {
        const conf = flinkConfiguration({
            haType: "zookeeper",
            zookeeperQuorum: "zk-0:2181,zk-1:2181",
            storage,
            slotsPerTaskManager: 1,
            restartStrategy: { type: "fixed-delay", attempts: 5, delay: "30 s" },
            extra: { "execution.checkpointing.interval": "5 s" },
        });
        assert.equal(conf["high-availability.zookeeper.quorum"], "zk-0:2181,zk-1:2181");
        assert.equal(conf["restart-strategy.type"], "fixed-delay");
        assert.equal(conf["restart-strategy.fixed-delay.attempts"], "5");
        assert.equal(conf["execution.checkpointing.interval"], "5 s");
    });
});

describe("FlinkApplication", () => {
    it("runs its job with last-state upgrades and enough TaskManagers for its parallelism", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new FlinkApplication("fraud", { namespace: "streaming", storage, job })));
        const deployment = objects.get("FlinkDeployment/fraud")!;
        assert.equal(deployment.spec.flinkVersion, "v2_2");
        assert.deepEqual(deployment.spec.job, { jarURI: job.jarURI, args: [], parallelism: 4, upgradeMode: "last-state", state: "running" });
        assert.equal(deployment.spec.taskManager.replicas, 2, "4 parallel tasks in 2-slot TaskManagers");
        assert.deepEqual(deployment.spec.taskManager.resource, { cpu: 1, memory: "2048m" });
        assert.equal(deployment.spec.serviceAccount, "fraud-flink");
        assert.deepEqual(JSON.parse(deployment.metadata.annotations["pulumi.com/waitFor"]), [
            "jsonpath={.status.lifecycleState}=STABLE",
            "jsonpath={.status.jobStatus.state}=RUNNING",
        ]);
        const container = deployment.spec.podTemplate.spec.containers[0];
        assert.deepEqual(container.ports, [{ name: "metrics", containerPort: 9249, protocol: "TCP" }]);
        assert.deepEqual(container.env, [{ name: "ENABLE_BUILT_IN_PLUGINS", value: "flink-s3-fs-presto-2.2.1.jar" }]);
    });

    it("gets a ServiceAccount with pod identity and a namespaced Role with only what Flink needs", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new FlinkApplication("rbac", { namespace: "streaming", storage, job })));
        assert.deepEqual(objects.get("ServiceAccount/rbac-flink")?.metadata.annotations, storage.serviceAccountAnnotations);
        assert.deepEqual(objects.get("Role/rbac-flink")?.rules, FLINK_ROLE_RULES);
        assert.deepEqual(objects.get("RoleBinding/rbac-flink")?.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "rbac-flink" });
        assert.equal([...objects.keys()].some((k) => k.startsWith("ClusterRole")), false, "no cluster-wide rights");
    });

    it("budgets disruptions of TaskManagers, and of JobManagers only when there is a standby", async () => {
        const single = objectsByKindAndName(await registeredBy(() => new FlinkApplication("one", { namespace: "streaming", storage, job })));
        assert.deepEqual(single.get("PodDisruptionBudget/one-taskmanager")?.spec, {
            maxUnavailable: 1,
            selector: { matchLabels: { app: "one", component: "taskmanager", type: "flink-native-kubernetes" } },
        });
        assert.equal(single.has("PodDisruptionBudget/one-jobmanager"), false);
        const standby = objectsByKindAndName(await registeredBy(() => new FlinkApplication("two", { namespace: "streaming", storage, job, jobManager: { replicas: 2 } })));
        assert.equal(standby.get("PodDisruptionBudget/two-jobmanager")?.spec.minAvailable, 1);
    });

    it("takes ZooKeeper HA from a connect string known only later", async () => {
        const { output } = await import("@pulumi/pulumi");
        const objects = objectsByKindAndName(
            await registeredBy(() => new FlinkApplication("zkha", { namespace: "streaming", storage, job, haType: "zookeeper", zookeeperQuorum: output("zk-0:2181") })),
        );
        const conf = objects.get("FlinkDeployment/zkha")?.spec.flinkConfiguration;
        assert.equal(conf["high-availability.type"], "zookeeper");
        assert.equal(conf["high-availability.zookeeper.quorum"], "zk-0:2181");
        assert.equal(conf["high-availability.zookeeper.path.root"], "/flink/streaming");
    });

    it("rejects a parallelism the slots cannot hold, ZooKeeper HA without a quorum and a job without an artifact", async () => {
        const registered = await registeredBy(() =>
            assert.throws(
                () =>
                    new FlinkApplication("bad", {
                        namespace: "streaming",
                        storage,
                        haType: "zookeeper",
                        job: { jarURI: "", parallelism: 8, upgradeMode: "latest" },
                        taskManager: { replicas: 2, slots: 2 },
                    }),
                {
                    message:
                        'FlinkApplication "bad": haType "zookeeper" needs zookeeperQuorum (the connect string of a ZooKeeper ensemble); ' +
                        'job.jarURI is required: the job\'s artifact, e.g. "local:///opt/flink/usrlib/job.jar"; ' +
                        'job.upgradeMode must be one of last-state, savepoint, stateless, got "latest"; ' +
                        "job.parallelism (8) is more than the TaskManagers' slots can hold: taskManager.replicas × taskManager.slots = 2 × 2 = 4",
                },
            ),
        );
        assert.deepEqual(registered, []);
    });
});

describe("FlinkSessionCluster", () => {
    it("runs a FlinkDeployment without a job and a FlinkSessionJob per job, after the cluster", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(
                () =>
                    new FlinkSessionCluster("shared", {
                        namespace: "streaming",
                        storage,
                        taskManager: { replicas: 2 },
                        jobs: [{ name: "enrich", jarURI: "local:///enrich.jar", parallelism: 2, upgradeMode: "savepoint" }],
                    }),
            ),
        );
        assert.equal(objects.get("FlinkDeployment/shared")?.spec.job, undefined);
        const sessionJob = objects.get("FlinkSessionJob/enrich")!;
        assert.equal(sessionJob.spec.deploymentName, "shared");
        assert.equal(sessionJob.spec.job.upgradeMode, "savepoint");
        assert.equal(sessionJob.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.jobStatus.state}=RUNNING");
    });

    it("rejects jobs whose parallelism adds up to more than the slots", () => {
        assert.throws(
            () =>
                new FlinkSessionCluster("small", {
                    namespace: "streaming",
                    storage,
                    jobs: [
                        { name: "a", jarURI: "local:///a.jar", parallelism: 2 },
                        { name: "b", jarURI: "local:///b.jar", parallelism: 1 },
                    ],
                }),
            {
                message:
                    'FlinkSessionCluster "small": the jobs\' parallelism adds up to 3, more than the TaskManagers\' slots can hold: taskManager.replicas × taskManager.slots = 1 × 2 = 2',
            },
        );
    });
});

describe("FlinkOperator", () => {
    it("installs the pinned chart watching only the given namespaces, without the webhook", async () => {
        const [release] = (await registeredBy(() => new FlinkOperator("flink-operator", { namespace: "operators", watchNamespaces: ["streaming"] }))).filter(
            (r) => r.type === "kubernetes:helm.sh/v3:Release",
        );
        const inputs = release.inputs as any;
        assert.equal(inputs.chart, "flink-kubernetes-operator");
        assert.equal(inputs.version, "1.14.0");
        assert.equal(inputs.namespace, "operators");
        assert.deepEqual(inputs.values.watchNamespaces, ["streaming"]);
        assert.equal(inputs.values.webhook.create, false);
        assert.equal(inputs.values.jobServiceAccount.create, false);
        assert.deepEqual(inputs.values.operatorPod.resources.requests, { cpu: "100m", memory: "512Mi" });
    });

    it("refuses to watch no namespace (it would get cluster-wide rights)", () => {
        assert.throws(() => new FlinkOperator("op", { namespace: "operators", watchNamespaces: [] }), {
            message: 'FlinkOperator "op": watchNamespaces must name at least one namespace (the operator gets rights only there)',
        });
    });
});
