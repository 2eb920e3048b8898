import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NetworkPeerArgs } from "../../components/core/network";
import * as pulumi from "@pulumi/pulumi";
import { FlinkApplication, flinkApplicationProblems } from "../../components/flink/application";
import { flinkConfiguration } from "../../components/flink/config";
import { mergeValues } from "../../components/core/helm-values";
import { FLINK_ROLE_RULES } from "../../components/flink/manifests";
import { isRestrictedArtifactHost, sessionJarUriProblems, resolveArtifactPolicy } from "../../components/flink/artifacts";
import { CRD_RESOURCE_TYPE, operatorCrdTransform, PATCH_FORCE_ANNOTATION } from "../../components/core/crds";
import { FLINK_OPERATOR_CRDS, FLINK_OPERATOR_VERSION, FlinkOperator, flinkOperatorProblems, flinkOperatorValues, resolveFlinkOperatorArgs } from "../../components/flink/operator";
import { FlinkSessionCluster, flinkSessionClusterProblems } from "../../components/flink/session-cluster";
import type { FlinkStorage } from "../../components/flink/storage";
import { flinkDeploymentRequests } from "../../renderer/estimators/flink";
import { createFlink, FlinkPlacement, flinkProblems, flinkServiceAccounts } from "../../stacks/flink";
import { flinkSchema } from "../../stacks/schema-flink";
import { dependenciesOf, includesResource, recordDependencies } from "../support/dependencies";
import { admissions, outsidersOnEveryPort } from "../support/network-policy";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** The stack's placement of Flink, with the streaming namespace named `namespace`. */
const placement = (namespace: string): FlinkPlacement => ({ operatorNamespace: "operators", namespace, watchNamespaces: [namespace], monitoringNamespace: "monitoring" });
const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

const storage: FlinkStorage = {
    checkpointsUri: "s3://bucket/checkpoints",
    savepointsUri: "s3://bucket/savepoints",
    haStorageUri: "s3://bucket/ha",
    flinkConfiguration: { "s3.endpoint": "http://store:7070" },
    plugins: ["flink-s3-fs-presto-2.2.1.jar"],
    serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/flink" },
};

const job = { jarURI: "local:///opt/flink/usrlib/fraud.jar", parallelism: 4 };

const taskManagerSelector = (name: string) => ({ matchLabels: { app: name, component: "taskmanager", type: "flink-native-kubernetes" } });

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
    it("runs its job at the parallelism it asks for: no TaskManager replicas, which would override it", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new FlinkApplication("fraud", { namespace: "streaming", storage, job })));
        const deployment = objects.get("FlinkDeployment/fraud")!;
        assert.equal(deployment.spec.flinkVersion, "v2_2");
        assert.deepEqual(deployment.spec.job, { jarURI: job.jarURI, args: [], parallelism: 4, upgradeMode: "last-state", state: "running" });
        assert.deepEqual(deployment.spec.taskManager, { resource: { cpu: 1, memory: "2048m" } }, "the operator starts 4 ÷ 2 slots = 2 TaskManagers");
        assert.equal(deployment.spec.flinkConfiguration["parallelism.default"], "4");
        assert.equal(deployment.spec.serviceAccount, "fraud-flink");
        assert.deepEqual(JSON.parse(deployment.metadata.annotations["pulumi.com/waitFor"]), [
            "jsonpath={.status.lifecycleState}=STABLE",
            "jsonpath={.status.jobStatus.state}=RUNNING",
        ]);
        const container = deployment.spec.podTemplate.spec.containers[0];
        assert.deepEqual(container.ports, [{ name: "metrics", containerPort: 9249, protocol: "TCP" }]);
        assert.deepEqual(container.env, [{ name: "ENABLE_BUILT_IN_PLUGINS", value: "flink-s3-fs-presto-2.2.1.jar" }]);
        // The render counts the TaskManagers the operator will start.
        assert.deepEqual(flinkDeploymentRequests(deployment), { cpuMillicores: 500 + 2 * 1000, memoryMiB: 1024 + 2 * 2048 });
    });

    it("gets a ServiceAccount with the pod identity of a storage known only later, and a namespaced Role", async () => {
        const later = pulumi.output(storage);
        const objects = objectsByKindAndName(await registeredBy(() => new FlinkApplication("rbac", { namespace: "streaming", storage: later, job })));
        assert.deepEqual(objects.get("ServiceAccount/rbac-flink")?.metadata.annotations, storage.serviceAccountAnnotations);
        assert.equal(objects.get("FlinkDeployment/rbac")?.spec.flinkConfiguration["execution.checkpointing.dir"], "s3://bucket/checkpoints");
        assert.deepEqual(objects.get("Role/rbac-flink")?.rules, FLINK_ROLE_RULES);
        assert.deepEqual(objects.get("RoleBinding/rbac-flink")?.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "rbac-flink" });
        assert.equal([...objects.keys()].some((k) => k.startsWith("ClusterRole")), false, "no cluster-wide rights");
    });

    it("runs its TaskManagers, which run user code, under a ServiceAccount of their own without the JobManager's rights", async () => {
        const kubernetesHa = objectsByKindAndName(await registeredBy(() => new FlinkApplication("split", { namespace: "streaming", storage, job })));
        assert.equal(kubernetesHa.get("FlinkDeployment/split")?.spec.serviceAccount, "split-flink");
        assert.equal(kubernetesHa.get("FlinkDeployment/split")?.spec.flinkConfiguration["kubernetes.taskmanager.service-account"], "split-flink-taskmanager");
        assert.deepEqual(kubernetesHa.get("ServiceAccount/split-flink-taskmanager")?.metadata.annotations, storage.serviceAccountAnnotations, "it writes checkpoints too");
        assert.deepEqual(kubernetesHa.get("Role/split-flink-taskmanager")?.rules, [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }], "only the HA leader lookup");
        assert.deepEqual(kubernetesHa.get("RoleBinding/split-flink-taskmanager")?.subjects, [{ kind: "ServiceAccount", name: "split-flink-taskmanager", namespace: "streaming" }]);

        const zookeeperHa = objectsByKindAndName(
            await registeredBy(() => new FlinkApplication("zk-split", { namespace: "streaming", storage, job, haType: "zookeeper", zookeeperQuorum: "zk-0.zk:2181" })),
        );
        assert.equal(zookeeperHa.has("Role/zk-split-flink-taskmanager"), false, "under ZooKeeper HA a TaskManager makes no API call");
        assert.equal(zookeeperHa.get("ServiceAccount/zk-split-flink-taskmanager")?.automountServiceAccountToken, false);
    });

    it("budgets TaskManagers by an integer minAvailable, none for a single one, and JobManagers only with a standby", async () => {
        const two = objectsByKindAndName(await registeredBy(() => new FlinkApplication("two", { namespace: "streaming", storage, job, jobManager: { replicas: 2 } })));
        assert.deepEqual(two.get("PodDisruptionBudget/two-taskmanager")?.spec, { minAvailable: 1, selector: taskManagerSelector("two") });
        assert.deepEqual(two.get("PodDisruptionBudget/two-jobmanager")?.spec, {
            minAvailable: 1,
            selector: { matchLabels: { app: "two", component: "jobmanager", type: "flink-native-kubernetes" } },
        });
        const single = objectsByKindAndName(await registeredBy(() => new FlinkApplication("one", { namespace: "streaming", storage, job: { ...job, parallelism: 2 } })));
        assert.equal(single.has("PodDisruptionBudget/one-taskmanager"), false, "one TaskManager stays drainable");
        assert.equal(single.has("PodDisruptionBudget/one-jobmanager"), false);
    });

    it("takes ZooKeeper HA from a connect string known only later", async () => {
        const objects = objectsByKindAndName(
            await registeredBy(() => new FlinkApplication("zkha", { namespace: "streaming", storage, job, haType: "zookeeper", zookeeperQuorum: pulumi.output("zk-0:2181") })),
        );
        const conf = objects.get("FlinkDeployment/zkha")?.spec.flinkConfiguration;
        assert.equal(conf["high-availability.type"], "zookeeper");
        assert.equal(conf["high-availability.zookeeper.quorum"], "zk-0:2181");
        assert.equal(conf["high-availability.zookeeper.path.root"], "/flink/streaming");
    });

    it("lists every problem by argument path: the name, ZooKeeper HA without a quorum, TaskManager replicas, the job", () => {
        assert.deepEqual(
            flinkApplicationProblems("a-name-much-too-long-for-the-services-flink-derives", {
                namespace: "streaming",
                haType: "zookeeper",
                jobManager: { replicas: 3, memory: "lots" },
                taskManager: { replicas: 2, slots: 2 },
                job: { jarURI: "", parallelism: 0, upgradeMode: "latest" },
            }),
            [
                {
                    path: "name",
                    message:
                        'must be a DNS label (lower-case letters, digits and "-", at most 45), got "a-name-much-too-long-for-the-services-flink-derives" (Flink derives Service and ConfigMap names from it)',
                },
                { path: "zookeeperQuorum", message: 'is required with haType "zookeeper": the connect string of a ZooKeeper ensemble' },
                { path: "jobManager.replicas", message: "must be 1 or 2 (a standby), got 3" },
                { path: "jobManager.memory", message: 'must be a quantity such as "1Gi", got "lots"' },
                {
                    path: "taskManager.replicas",
                    message: "is only used by a session cluster: an application runs the TaskManagers its job.parallelism needs (job.parallelism ÷ taskManager.slots, rounded up)",
                },
                { path: "job.jarURI", message: 'is required: the job\'s artifact, e.g. "local:///opt/flink/usrlib/job.jar", got ""' },
                { path: "job.parallelism", message: "must be a whole number, 1 or more, got 0" },
                { path: "job.upgradeMode", message: 'must be one of last-state, savepoint, stateless, got "latest"' },
            ],
        );
    });

    it("throws them together before creating anything", async () => {
        const registered = await registeredBy(() =>
            assert.throws(() => new FlinkApplication("bad", { namespace: "Streaming", storage, haType: "etcd", job: { ...job, upgradeMode: "latest" } }), {
                name: "ArgumentError",
                message: [
                    'FlinkApplication "bad" has invalid arguments:',
                    '  - namespace: must be a DNS label (lower-case letters, digits and "-", at most 63), got "Streaming"',
                    '  - haType: must be one of kubernetes, zookeeper, got "etcd"',
                    '  - job.upgradeMode: must be one of last-state, savepoint, stateless, got "latest"',
                ].join("\n"),
            }),
        );
        assert.deepEqual(registered, []);
    });
});

describe("FlinkSessionCluster", () => {
    it("runs a FlinkDeployment without a job, its replicas of TaskManagers, and a FlinkSessionJob per job after the cluster", async () => {
        let cluster: FlinkSessionCluster | undefined;
        const objects = objectsByKindAndName(
            await registeredBy(() => {
                cluster = new FlinkSessionCluster("shared", {
                    namespace: "streaming",
                    storage,
                    taskManager: { replicas: 3 },
                    jobs: [{ name: "enrich", jarURI: "https://artifacts.example.com/enrich.jar", parallelism: 2, upgradeMode: "savepoint" }],
                });
            }),
        );
        const deployment = objects.get("FlinkDeployment/shared")!;
        assert.equal(deployment.spec.job, undefined);
        assert.equal(deployment.spec.taskManager.replicas, 3);
        assert.deepEqual(objects.get("PodDisruptionBudget/shared-taskmanager")?.spec, { minAvailable: 2, selector: taskManagerSelector("shared") });
        const sessionJob = objects.get("FlinkSessionJob/enrich")!;
        assert.equal(sessionJob.spec.deploymentName, "shared");
        assert.equal(sessionJob.spec.job.upgradeMode, "savepoint");
        assert.equal(sessionJob.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.jobStatus.state}=RUNNING");
        assert.deepEqual(await promiseOf(cluster!.jobNames), ["enrich"]);
    });

    it("lists jobs whose parallelism the slots cannot hold, and bad or repeated job names, by path", () => {
        assert.deepEqual(
            flinkSessionClusterProblems("small", {
                namespace: "streaming",
                taskManager: { replicas: 0 },
                jobs: [
                    { name: "a", jarURI: "https://artifacts.example.com/a.jar", parallelism: 2 },
                    { name: "a", jarURI: "https://artifacts.example.com/b.jar", parallelism: 1 },
                    { name: "C", jarURI: "https://artifacts.example.com/c.jar" },
                ],
            }),
            [
                { path: "taskManager.replicas", message: "must be a whole number, 1 or more, got 0" },
                { path: "jobs[1].name", message: 'must be unique among the jobs, got "a" again' },
                { path: "jobs[2].name", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "C"' },
            ],
            "no sum of slots from a count that is already wrong",
        );
        assert.deepEqual(
            flinkSessionClusterProblems("small", {
                namespace: "streaming",
                jobs: [
                    { name: "a", jarURI: "https://artifacts.example.com/a.jar", parallelism: 2 },
                    { name: "b", jarURI: "https://artifacts.example.com/b.jar" },
                ],
            }),
            [{ path: "jobs", message: "must fit in the TaskManagers' slots, taskManager.replicas × taskManager.slots = 1 × 2 = 2, and their parallelism adds up to 3" }],
        );
    });

    it("refuses, before creating anything, a session job whose jar the operator would refuse, naming the operator's key", async () => {
        const jobs = [
            { name: "bucket", jarURI: "s3://flink/jobs/enrich.jar" },
            { name: "inside", jarURI: "http://artifacts.streaming.svc:8080/audit.jar" },
            { name: "relative", jarURI: "jobs/audit.jar" },
        ];
        const registered = await registeredBy(() =>
            assert.throws(() => new FlinkSessionCluster("guarded", { namespace: "streaming", storage, taskManager: { replicas: 2 }, jobs }), {
                name: "ArgumentError",
                message: [
                    'FlinkSessionCluster "guarded" has invalid arguments:',
                    '  - jobs[0].jarURI: must use a scheme the Flink operator fetches session jobs\' jars with (https), got "s3://flink/jobs/enrich.jar": add "s3" to the operator\'s allowedArtifactSchemes (kubernetes.operator.user.artifacts.allowed-schemes)',
                    '  - jobs[1].jarURI: must use a scheme the Flink operator fetches session jobs\' jars with (https), got "http://artifacts.streaming.svc:8080/audit.jar": add "http" to the operator\'s allowedArtifactSchemes (kubernetes.operator.user.artifacts.allowed-schemes)',
                    '  - jobs[1].jarURI: must not name a loopback, link-local or private host, which the Flink operator refuses (kubernetes.operator.user.artifacts.disallow-restricted-hosts), got "http://artifacts.streaming.svc:8080/audit.jar": set the operator\'s disallowRestrictedArtifactHosts to false to fetch jars from inside the cluster',
                    '  - jobs[2].jarURI: must be a URI with a scheme, such as "https://artifacts.example.com/job.jar", got "jobs/audit.jar"',
                ].join("\n"),
            }),
        );
        assert.deepEqual(registered, []);
        // The same jobs, with an operator configured to fetch them.
        const allowed = flinkSessionClusterProblems("guarded", {
            namespace: "streaming",
            taskManager: { replicas: 2 },
            jobs: jobs.slice(0, 2),
            allowedArtifactSchemes: ["https", "s3", "http"],
            disallowRestrictedArtifactHosts: false,
        });
        assert.deepEqual(allowed, []);
    });

    it("checks the allowlist it is given, and reports a missing jar once", () => {
        assert.deepEqual(
            flinkSessionClusterProblems("s", { namespace: "streaming", allowedArtifactSchemes: ["https", "S3://"], jobs: [{ name: "a", jarURI: "" }] }),
            [
                { path: "allowedArtifactSchemes[1]", message: 'must be a URI scheme in lower case without "://", such as "https" or "s3", got "S3://"' },
                { path: "jobs[0].jarURI", message: 'is required: the job\'s artifact, e.g. "local:///opt/flink/usrlib/job.jar", got ""' },
            ],
        );
        assert.deepEqual(flinkSessionClusterProblems("s", { namespace: "streaming", allowedArtifactSchemes: [] }), [
            { path: "allowedArtifactSchemes", message: 'must list at least one scheme (the operator\'s kubernetes.operator.user.artifacts.allowed-schemes), such as ["https"], got []' },
        ]);
    });
});

describe("a Flink cluster's NetworkPolicy", () => {
    const pods = (name: string) => ({ matchLabels: { app: name, type: "flink-native-kubernetes" } });
    const operatorPods = (namespace: Record<string, any>) => ({ namespaceSelector: namespace, podSelector: { matchLabels: { "app.kubernetes.io/name": "flink-kubernetes-operator" } } });
    const inNamespace = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });
    const prometheus = (ns: string) => ({ namespaceSelector: inNamespace(ns), podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } });

    it("admits the cluster's own pods on every port, the operator's pods on REST 8081 and Prometheus on 9249, by default", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new FlinkApplication("guarded-app", { namespace: "streaming", storage, job, jobManager: { replicas: 2 } })));
        const policy = objects.get("NetworkPolicy/guarded-app-flink")!;
        assert.equal(policy.metadata.namespace, "streaming");
        assert.deepEqual(policy.spec.podSelector, pods("guarded-app"), "Flink's own labels, on JobManagers and TaskManagers alike");
        assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
        assert.deepEqual(admissions(policy), [
            { from: [{ podSelector: pods("guarded-app") }], ports: "every port" },
            { from: [operatorPods({})], ports: [8081] },
            { from: [prometheus("monitoring")], ports: [9249] },
        ]);
        assert.deepEqual(outsidersOnEveryPort(policy), []);
        // The JobManagers and TaskManagers that the budgets select are the pods the policy selects.
        for (const budget of ["guarded-app-jobmanager", "guarded-app-taskmanager"]) {
            const selected = objects.get(`PodDisruptionBudget/${budget}`)!.spec.selector.matchLabels;
            assert.ok(Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => selected[k] === v), `${budget} pods are the policy's`);
        }
    });

    it("admits the REST clients it is given on 8081 only, and scrapes from the monitoring namespace it is given", async () => {
        const restClients: NetworkPeerArgs[] = [{ namespace: "operators", podLabels: { "app.kubernetes.io/name": "flink-kubernetes-operator" } }, { namespace: "ops", podLabels: { app: "flink-ui-proxy" } }];
        const objects = objectsByKindAndName(
            await registeredBy(() => new FlinkSessionCluster("guarded-session", { namespace: "tenant-a", storage, restClients, monitoringNamespace: "observability" })),
        );
        const policy = objects.get("NetworkPolicy/guarded-session-flink")!;
        assert.deepEqual(admissions(policy), [
            { from: [{ podSelector: pods("guarded-session") }], ports: "every port" },
            { from: [operatorPods(inNamespace("operators"))], ports: [8081] },
            { from: [{ namespaceSelector: inNamespace("ops"), podSelector: { matchLabels: { app: "flink-ui-proxy" } } }], ports: [8081] },
            { from: [prometheus("observability")], ports: [9249] },
        ]);
        assert.deepEqual(outsidersOnEveryPort(policy), []);
        const none = objectsByKindAndName(await registeredBy(() => new FlinkSessionCluster("no-rest", { namespace: "streaming", storage, restClients: [] }))).get("NetworkPolicy/no-rest-flink")!;
        assert.deepEqual(admissions(none).map((a) => a.ports), ["every port", [9249]], "[] leaves REST to the cluster itself");
    });

    it("refuses a REST client that names ports, and an invalid monitoring namespace, by path", () => {
        assert.deepEqual(flinkApplicationProblems("app", { namespace: "streaming", job, restClients: [{ namespace: "operators", ports: [8081, 6123] }, { cidr: "10.0.0.0" }], monitoringNamespace: "" }), [
            { path: "restClients[0].ports", message: "must not be set: clients reach only the REST port 8081, got [8081,6123]" },
            { path: "restClients[1].cidr", message: 'must be an IPv4 CIDR such as "10.0.0.0/8", got "10.0.0.0"' },
            { path: "monitoringNamespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got ""' },
        ]);
    });

    it("in a stack, admits the operator's pods of the operators namespace and Prometheus of the monitoring namespace", async () => {
        const flink = flinkSchema.parse({ session: { name: "stack-session" }, applications: { "stack-app": { job: { jarURI: "local:///opt/flink/usrlib/app.jar" } } } });
        const objects = objectsByKindAndName(
            await registeredBy(() => createFlink({ flink }, { ...placement("streaming"), operatorNamespace: "flink-system", monitoringNamespace: "observability" }, storage, undefined, {})),
        );
        for (const name of ["stack-session", "stack-app"]) {
            assert.deepEqual(admissions(objects.get(`NetworkPolicy/${name}-flink`)!), [
                { from: [{ podSelector: pods(name) }], ports: "every port" },
                { from: [operatorPods(inNamespace("flink-system"))], ports: [8081] },
                { from: [prometheus("observability")], ports: [9249] },
            ]);
        }
    });
});

describe("the jars the Flink operator fetches for session jobs", () => {
    it("are refused from the addresses Java calls loopback, link-local, site-local, any-local or multicast, and from the cluster's own names", () => {
        const restricted = ["127.0.0.1", "127.9.9.9", "169.254.169.254", "10.96.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.10", "0.0.0.0", "224.0.0.1"];
        const ipv6 = ["[::1]", "[fe80::1]", "[fec0::1]", "[::]", "[ff02::1]", "[::ffff:127.0.0.1]"];
        const names = ["localhost", "artifacts", "artifacts.streaming.svc", "artifacts.streaming.svc.cluster.local", "metadata.google.internal", "a.localhost"];
        for (const host of [...restricted, ...ipv6, ...names]) assert.equal(isRestrictedArtifactHost(host), true, host);
        const open = ["8.8.8.8", "172.32.0.1", "100.64.0.1", "[2001:db8::1]", "[fd00::1]", "repo1.maven.org", "artifacts.example.com"];
        for (const host of open) assert.equal(isRestrictedArtifactHost(host), false, host);
    });

    it("are checked for their host only over http and https, as the operator does", () => {
        const policy = resolveArtifactPolicy(["https", "s3"], undefined);
        assert.deepEqual(sessionJarUriProblems("s3://artifacts/job.jar", policy), [], "a bucket name is not a host the operator resolves");
        assert.deepEqual(sessionJarUriProblems("https://repo1.maven.org/maven2/job.jar", policy), []);
        assert.equal(sessionJarUriProblems("https://2130706433/job.jar", policy).length, 1, "127.0.0.1 written as a number");
    });
});

describe("FlinkOperator", () => {
    it("installs the pinned chart watching only the given namespaces, without the webhook", async () => {
        const [release] = (await registeredBy(() => new FlinkOperator("flink-operator", { namespace: "operators", watchNamespaces: ["streaming"] }))).filter(
            (r) => r.type === "kubernetes:helm.sh/v3:Release",
        );
        const inputs = release.inputs as any;
        assert.equal(inputs.chart, "flink-kubernetes-operator");
        assert.equal(inputs.version, "1.15.0");
        assert.equal(inputs.repositoryOpts.repo, "https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.15.0/");
        assert.equal(inputs.namespace, "operators");
        assert.deepEqual(inputs.values.watchNamespaces, ["streaming"]);
        assert.equal(inputs.values.webhook.create, false);
        assert.equal(inputs.values.jobServiceAccount.create, false);
        assert.deepEqual(inputs.values.operatorPod.resources.requests, { cpu: "100m", memory: "512Mi" });
    });

    it("puts its Prometheus reporter in flink-conf.yaml, the key chart 1.15.0 mounts, keeping the chart's overrides and the artifact defaults", () => {
        const values = flinkOperatorValues(resolveFlinkOperatorArgs("op", { namespace: "operators", watchNamespaces: ["streaming"] })) as any;
        assert.deepEqual(Object.keys(values.defaultConfiguration).sort(), ["append", "create", "flink-conf.yaml"], "no config.yaml, which the chart does not mount beside flink-conf.yaml");
        assert.equal(
            values.defaultConfiguration["flink-conf.yaml"],
            [
                "kubernetes.operator.metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "kubernetes.operator.metrics.reporter.prom.port: 9999",
                "kubernetes.operator.reconcile.interval: 15 s",
                "kubernetes.operator.observer.progress-check.interval: 5 s",
                "kubernetes.operator.user.artifacts.allowed-schemes: https",
                "kubernetes.operator.user.artifacts.disallow-restricted-hosts: true",
            ].join("\n"),
        );
        assert.equal(values.metrics.port, 9999, "the container port the reporter listens on");
    });

    it("fetches session jobs' jars with the schemes and from the hosts it is given, a list in flink-conf.yaml's own syntax", () => {
        const values = flinkOperatorValues(
            resolveFlinkOperatorArgs("op", { namespace: "operators", watchNamespaces: ["streaming"], allowedArtifactSchemes: ["https", "s3"], disallowRestrictedArtifactHosts: false }),
        ) as any;
        const lines = values.defaultConfiguration["flink-conf.yaml"].split("\n");
        assert.ok(lines.includes("kubernetes.operator.user.artifacts.allowed-schemes: https;s3"), lines.join("\n"));
        assert.ok(lines.includes("kubernetes.operator.user.artifacts.disallow-restricted-hosts: false"), lines.join("\n"));
        assert.deepEqual(flinkOperatorProblems("op", { namespace: "operators", watchNamespaces: ["streaming"], allowedArtifactSchemes: ["https;s3"] }), [
            { path: "allowedArtifactSchemes[0]", message: 'must be a URI scheme in lower case without "://", such as "https" or "s3", got "https;s3"' },
        ]);
    });

    it("applies the CRDs of its pinned release before the chart, which skips its own, and keeps them on delete", async () => {
        await recordDependencies();
        const registered = await registeredBy(() => new FlinkOperator("crd-op", { namespace: "operators", watchNamespaces: ["streaming"] }));
        const crds = registered.find((r) => r.type === CONFIG_GROUP)!;
        assert.equal(crds.name, "crd-op-crds");
        assert.deepEqual((crds.inputs as any).files, FLINK_OPERATOR_CRDS);
        assert.deepEqual(
            FLINK_OPERATOR_CRDS.map((url) => url.split("/").pop()),
            ["flinkdeployments.flink.apache.org-v1.yml", "flinksessionjobs.flink.apache.org-v1.yml", "flinkstatesnapshots.flink.apache.org-v1.yml", "flinkbluegreendeployments.flink.apache.org-v1.yml"],
        );
        assert.ok(FLINK_OPERATOR_CRDS.every((url) => url.includes(`/release-${FLINK_OPERATOR_VERSION}/helm/flink-kubernetes-operator/crds/`)), "the release's own tag");
        const release = registered.find((r) => r.type === RELEASE)!;
        assert.equal((release.inputs as any).skipCrds, true);
        assert.ok(includesResource(dependenciesOf(RELEASE, "crd-op-release"), CONFIG_GROUP, "crd-op-crds"), "the chart waits for its CRDs");
    });

    it("has its clusters and session jobs wait for its CRDs and its release", async () => {
        await recordDependencies();
        const flink = flinkSchema.parse({
            session: { name: "ordered", jobs: [{ name: "ordered-job", jarURI: "https://artifacts.example.com/a.jar" }] },
            applications: { "ordered-app": { job: { jarURI: "local:///opt/flink/usrlib/app.jar" } } },
        });
        await registeredBy(() => createFlink({ flink }, placement("streaming"), storage, undefined, {}));
        // The clusters register (and so create their FlinkDeployments and session jobs) once these exist.
        for (const [type, name] of [
            ["streaming-platform:index:FlinkSessionCluster", "ordered"],
            ["streaming-platform:index:FlinkApplication", "ordered-app"],
        ] as const) {
            const waits = dependenciesOf(type, name);
            assert.ok(includesResource(waits, CONFIG_GROUP, "flink-operator-crds"), `${name} waits for the CRDs: ${waits.join(", ")}`);
            assert.ok(includesResource(waits, RELEASE, "flink-operator-release"), `${name} waits for the operator`);
        }
        const job = dependenciesOf("kubernetes:flink.apache.org/v1beta1:FlinkSessionJob", "ordered-flinksessionjob-ordered-job");
        assert.ok(includesResource(job, "kubernetes:flink.apache.org/v1beta1:FlinkDeployment", "ordered-flinkdeployment"), "a session job waits for its cluster");
    });

    it("merges the user's values deeply: a node selector keeps the resources, a list replaces", () => {
        const values = flinkOperatorValues(
            resolveFlinkOperatorArgs("op", {
                namespace: "operators",
                watchNamespaces: ["streaming", "tenant-a"],
                values: { operatorPod: { nodeSelector: { pool: "system" } }, watchNamespaces: ["streaming"], defaultConfiguration: { append: false } },
            }),
        ) as any;
        assert.deepEqual(values.operatorPod, {
            resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
            nodeSelector: { pool: "system" },
        });
        assert.deepEqual(values.watchNamespaces, ["streaming"]);
        assert.equal(values.defaultConfiguration.append, false);
        assert.equal(values.defaultConfiguration.create, true);
    });

    it("lists its problems by path, and refuses to watch no namespace (it would get cluster-wide rights)", () => {
        assert.deepEqual(flinkOperatorProblems("op", { namespace: "operators", watchNamespaces: ["ok", "Not_OK"], resources: { requestsCpu: "2" } }), [
            { path: "watchNamespaces[1]", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Not_OK"' },
            { path: "resources.requestsCpu", message: 'must be at most limitsCpu (1), got "2"' },
        ]);
        assert.throws(() => new FlinkOperator("op", { namespace: "operators", watchNamespaces: [] }), {
            message: 'FlinkOperator "op" has invalid arguments:\n  - watchNamespaces: must name at least one namespace (the operator gets rights only there), got []',
        });
    });
});

describe("the CRDs of an operator", () => {
    const crd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "kafkas.kafka.strimzi.io", labels: { app: "strimzi" } }, spec: {} };

    it("are kept when deleted, and applied over the fields Helm or kubectl left on them", () => {
        const result = operatorCrdTransform({ type: CRD_RESOURCE_TYPE, name: "strimzi-crds-kafkas", custom: true, props: crd, opts: {} })!;
        assert.equal(result.opts.retainOnDelete, true);
        assert.deepEqual(result.props.metadata, { name: "kafkas.kafka.strimzi.io", labels: { app: "strimzi" }, annotations: { [PATCH_FORCE_ANNOTATION]: "true" } });
        assert.equal(result.props.spec, crd.spec);
    });

    it("leave anything else in the files as it is", () => {
        assert.equal(operatorCrdTransform({ type: "kubernetes:core/v1:ConfigMap", name: "x", custom: true, props: {}, opts: {} }), undefined);
    });
});

describe("mergeValues", () => {
    it("merges maps at every depth, and lets lists, scalars and null replace", () => {
        assert.deepEqual(mergeValues({ a: { b: { c: 1, d: 2 }, list: [1, 2] }, e: "x", f: { g: 1 } }, { a: { b: { c: 3 }, list: [3] }, e: null, f: "flat" }), {
            a: { b: { c: 3, d: 2 }, list: [3] },
            e: null,
            f: "flat",
        });
    });
});

describe("the flink section's problems, by stack key", () => {
    const section = (raw: unknown) => flinkSchema.parse(raw);

    it("runs the components with the stack's own arguments, and moves what comes from other keys", () => {
        const flink = section({
            ha: "zookeeper",
            operator: { resources: { requestsMemory: "2Gi" } },
            session: {
                name: "a-session-name-too-long-for-what-flink-derives-from-it",
                taskManager: { replicas: 1, slots: 1 },
                jobs: [{ name: "a", jarURI: "https://artifacts.example.com/a.jar", parallelism: 2 }],
            },
            applications: { fraud: { job: { jarURI: "local:///f.jar", parallelism: 5 }, taskManager: { replicas: 2, slots: 2 } } },
        });
        assert.deepEqual(flinkProblems(flink, placement("streaming"), undefined), [
            { path: "flink.operator.resources.requestsMemory", message: 'must be at most limitsMemory (1Gi), got "2Gi"' },
            {
                path: "flink.session.name",
                message:
                    'must be a DNS label (lower-case letters, digits and "-", at most 45), got "a-session-name-too-long-for-what-flink-derives-from-it" (Flink derives Service and ConfigMap names from it)',
            },
            { path: "zookeeper.enabled", message: 'is required with haType "zookeeper": the connect string of a ZooKeeper ensemble' },
            { path: "flink.session.jobs", message: "must fit in the TaskManagers' slots, taskManager.replicas × taskManager.slots = 1 × 1 = 1, and their parallelism adds up to 2" },
            {
                path: "flink.applications.fraud.taskManager.replicas",
                message: "is only used by a session cluster: an application runs the TaskManagers its job.parallelism needs (job.parallelism ÷ taskManager.slots, rounded up)",
            },
        ]);
    });

    it("names an application by its key, and the namespace by its own", () => {
        const flink = section({ ha: "zookeeper", session: { enabled: false }, applications: { "an-application-name-too-long-for-flink-to-derive-names": { job: { jarURI: "local:///x.jar" } } } });
        assert.deepEqual(flinkProblems(flink, placement("Streaming"), "zk-0:2181"), [
            {
                path: "flink.applications.an-application-name-too-long-for-flink-to-derive-names",
                message:
                    'must be a DNS label (lower-case letters, digits and "-", at most 45), got "an-application-name-too-long-for-flink-to-derive-names" (Flink derives Service and ConfigMap names from it)',
            },
            { path: "namespaces.streaming.name", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Streaming"' },
        ]);
        assert.deepEqual(flinkProblems(section({}), placement("streaming"), undefined), [], "Kubernetes HA needs no quorum");
    });

    it("checks the session's jobs against the operator's settings, and names the operator's key", () => {
        const jobs = [{ name: "bucket", jarURI: "s3://flink/jobs/enrich.jar" }];
        assert.deepEqual(flinkProblems(section({ session: { jobs } }), placement("streaming"), undefined), [
            {
                path: "flink.session.jobs[0].jarURI",
                message:
                    'must use a scheme the Flink operator fetches session jobs\' jars with (https), got "s3://flink/jobs/enrich.jar": add "s3" to the operator\'s allowedArtifactSchemes (kubernetes.operator.user.artifacts.allowed-schemes)',
            },
        ]);
        assert.deepEqual(flinkProblems(section({ operator: { allowedArtifactSchemes: ["https", "s3"] }, session: { jobs } }), placement("streaming"), undefined), []);
        assert.deepEqual(
            flinkProblems(section({ operator: { allowedArtifactSchemes: ["s3://"] }, session: { jobs } }), placement("streaming"), undefined),
            [{ path: "flink.operator.allowedArtifactSchemes[0]", message: 'must be a URI scheme in lower case without "://", such as "https" or "s3", got "s3://"' }, {
                path: "flink.session.jobs[0].jarURI",
                message:
                    'must use a scheme the Flink operator fetches session jobs\' jars with (s3://), got "s3://flink/jobs/enrich.jar": add "s3" to the operator\'s allowedArtifactSchemes (kubernetes.operator.user.artifacts.allowed-schemes)',
            }],
            "a bad scheme is said once, at the operator's key",
        );
    });

    it("names the ServiceAccounts the storage grants access to", () => {
        assert.deepEqual(flinkServiceAccounts(section({ applications: { fraud: { job: { jarURI: "local:///f.jar" } } } })), ["flink-session-flink", "flink-session-flink-taskmanager", "fraud-flink", "fraud-flink-taskmanager"]);
        assert.deepEqual(flinkServiceAccounts(section({ enabled: false })), []);
    });
});
