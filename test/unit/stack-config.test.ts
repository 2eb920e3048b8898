import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stackConfigProblems } from "../support/config";
import { describeProblems } from "../../components/core/problems";
import { loadPlatformConfig, parsePlatformConfig, rawStackConfig, StackConfigError } from "../../stacks/config";

const problemsOf = stackConfigProblems;

describe("stack configuration", () => {
    it("needs only a target, and fills in the platform's namespaces", () => {
        const config = parsePlatformConfig({ target: "minikube" });
        assert.equal(config.target, "minikube");
        assert.deepEqual(Object.keys(config.namespaces), ["streaming", "monitoring", "operators", "tenants"]);
    });

    it("reads the project's keys from Pulumi's flat config, JSON for structured values", () => {
        const raw = rawStackConfig({
            "streaming-platform:target": "eks",
            "streaming-platform:namespaces": '{"streaming":{"name":"stream"}}',
            "aws:region": "eu-west-1",
        });
        assert.deepEqual(raw, { target: "eks", namespaces: { streaming: { name: "stream" } } });
    });

    it("names an unknown key by its full path and lists what is allowed", () => {
        assert.deepEqual(problemsOf({ target: "minikube", namespaces: { streaming: { quota: { pod: 5 } } } }), [
            "namespaces.streaming.quota.pod: unknown key; allowed: requestsCpu, requestsMemory, limitsCpu, limitsMemory, pods, persistentVolumeClaims, requestsStorage",
        ]);
    });

    it("reports a misspelt section instead of ignoring it", () => {
        const [problem, ...rest] = problemsOf({ target: "minikube", namespace: {} });
        assert.match(problem, /^namespace: unknown key; allowed: target, namespaces, [a-z, ]+$/);
        assert.deepEqual(rest, []);
    });

    it("lists every bad key at once: wrong type, out of range, unknown value, bad quantity", () => {
        const problems = problemsOf({
            target: "aks",
            namespaces: {
                monitoring: { podSecurity: "strict", quota: { pods: -1, requestsMemory: "lots" } },
                tenants: { "Team A": {}, ok: { serviceAccounts: "deployer" } },
            },
        });
        assert.deepEqual(problems, [
            'target: Invalid option: expected one of "minikube"|"eks"|"gke"',
            'namespaces.monitoring.podSecurity: Invalid option: expected one of "privileged"|"baseline"|"restricted"',
            "namespaces.monitoring.quota.requestsMemory: must be a quantity such as \"512Mi\" or \"2Gi\", got \"lots\"",
            "namespaces.monitoring.quota.pods: Too small: expected number to be >=0",
            'namespaces.tenants.Team A: the name must be a DNS label (lower-case letters, digits and "-", at most 63), got "Team A"',
            "namespaces.tenants.ok.serviceAccounts: Invalid input: expected array, received string",
        ]);
    });

    it("says which stack keys are wrong in its message", () => {
        assert.throws(() => parsePlatformConfig({}), {
            name: "StackConfigError",
            message: 'invalid stack configuration (keys under "streaming-platform:"):\n  - target: Invalid option: expected one of "minikube"|"eks"|"gke"',
        });
    });

    it("names the key of an even ZooKeeper ensemble", () => {
        assert.deepEqual(problemsOf({ target: "minikube", zookeeper: { enabled: true, replicas: 2 } }), ["zookeeper.replicas: must be odd: one of 1, 3, 5, 7 (a quorum is a strict majority), got 2"]);
    });

    it("lists schema problems and the components' own problems together, each by its full key path", () => {
        assert.deepEqual(
            problemsOf({
                target: "minikube",
                kafka: { layout: "combined", combined: { replicas: "three" } },
                zookeeper: { enabled: true, resources: { requestsMemory: "2Gi" } },
                namespaces: { tenants: { fraud: { allowEgressTo: [{ cidr: "10.0.0.0/8", namespace: "kafka" }] } } },
            }),
            [
                "kafka.combined.replicas: Invalid input: expected number, received string",
                "namespaces.tenants.fraud.allowEgressTo[0].cidr: must not be set together with namespace or podLabels: they are mutually exclusive",
                'zookeeper.resources.requestsMemory: must be at most limitsMemory (1Gi), got "2Gi"',
            ],
        );
    });

    it("refuses ZooKeeper HA without an ensemble, and sizes the components cannot hold, by key", () => {
        assert.deepEqual(
            problemsOf({
                target: "minikube",
                flink: {
                    ha: "zookeeper",
                    session: { taskManager: { replicas: 1, slots: 1 }, jobs: [{ name: "a", jarURI: "https://artifacts.example.com/a.jar", parallelism: 2 }] },
                    applications: { fraud: { job: { jarURI: "local:///f.jar", parallelism: 5 }, taskManager: { replicas: 2, slots: 2 } } },
                },
            }),
            [
                'zookeeper.enabled: is required with haType "zookeeper": the connect string of a ZooKeeper ensemble',
                "flink.session.jobs: must fit in the TaskManagers' slots, taskManager.replicas × taskManager.slots = 1 × 1 = 1, and their parallelism adds up to 2",
                "flink.applications.fraud.taskManager.replicas: is only used by a session cluster: an application runs the TaskManagers its job.parallelism needs (job.parallelism ÷ taskManager.slots, rounded up)",
            ],
        );
    });

    it("requires an application's job artifact", () => {
        assert.deepEqual(problemsOf({ target: "minikube", flink: { applications: { fraud: { job: { parallelism: 1 } } } } }), [
            "flink.applications.fraud.job.jarURI: Invalid input: expected string, received undefined",
        ]);
    });
});

describe("stack configuration: gaps that used to pass silently", () => {
    it("names a key under a misspelt project namespace instead of letting its section take the defaults", () => {
        assert.throws(
            () => loadPlatformConfig({ "streaming-platform:target": "minikube", "streaming-platfrom:kafka": '{"layout":"combined"}', "aws:region": "eu-west-1" }),
            (error: unknown) => {
                assert.ok(error instanceof StackConfigError);
                assert.deepEqual(describeProblems(error.problems), [
                    'streaming-platfrom:kafka: is under "streaming-platfrom", not the project\'s "streaming-platform", and would be ignored: did you mean streaming-platform:kafka?',
                ]);
                return true;
            },
        );
        assert.equal(loadPlatformConfig({ "streaming-platform:target": "minikube", "kubernetes:context": "minikube", "aws:region": "eu-west-1" }).target, "minikube");
    });

    it("refuses two keys that name the same namespace", () => {
        assert.deepEqual(problemsOf({ target: "minikube", namespaces: { tenants: { fraud: { name: "streaming" }, risk: {}, "risk-2": { name: "risk" } } } }), [
            'namespaces.tenants.fraud.name: must differ from namespaces.streaming\'s: both name the namespace "streaming"',
            'namespaces.tenants.risk-2.name: must differ from namespaces.tenants.risk\'s: both name the namespace "risk"',
        ]);
    });

    it("names each API server CIDR that is not an IPv4 CIDR, and an empty list, by key", () => {
        assert.deepEqual(problemsOf({ target: "minikube", cluster: { apiServerCidrs: ["10.0.0.1/32", "10.0.0.300/32", "fd00::/8"] } }), [
            'cluster.apiServerCidrs[1]: must be an IPv4 CIDR such as "172.20.0.0/16" or "10.0.0.1/32", got "10.0.0.300/32"',
            'cluster.apiServerCidrs[2]: must be an IPv4 CIDR such as "172.20.0.0/16" or "10.0.0.1/32", got "fd00::/8"',
        ]);
        assert.deepEqual(problemsOf({ target: "minikube", cluster: { apiServerCidrs: [] } }), [
            "cluster.apiServerCidrs: must name at least one CIDR; leave the key out for the default (any address)",
        ]);
        assert.deepEqual(parsePlatformConfig({ target: "minikube", cluster: { apiServerCidrs: ["192.168.49.2/32"] } }).cluster?.apiServerCidrs, ["192.168.49.2/32"]);
    });

    it("names a namespace's bad local pod labels and a policy that its own rule would share with the platform's for other pods", () => {
        assert.deepEqual(
            problemsOf({
                target: "minikube",
                namespaces: {
                    operators: { allowEgressTo: [{ cidr: "10.0.0.0/8", ports: [443], localPodLabels: { app: "tool" }, policyName: "allow-kube-api-egress-strimzi" }] },
                    tenants: { fraud: { allowIngressFrom: [{ namespace: "ingress", localPodLabels: { "app/": "x" } }] } },
                },
            }),
            [
                'namespaces.operators.allowEgressTo[0].localPodLabels: must be those of every rule of the NetworkPolicy "allow-kube-api-egress-strimzi", which is for one set of pods; another rule of it has {"strimzi.io/kind":"cluster-operator"}',
                'namespaces.tenants.fraud.allowIngressFrom[0].localPodLabels["app/"]: the key must be a label key ("name" or "prefix/name": letters, digits, "-", "_" and ".", the name at most 63), got "app/"',
            ],
        );
    });
});
