import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NetworkPeerArgs } from "../../components/core/network";
import { quorumSize, zooCfg, zookeeperConnectString } from "../../components/zookeeper/config";
import { ZooKeeperEnsemble, zooKeeperEnsembleProblems } from "../../components/zookeeper/ensemble";
import { flinkPlacement, flinkPodPeers } from "../../stacks/flink";
import { flinkSchema } from "../../stacks/schema-flink";
import { storageSchema } from "../../stacks/schema-storage";
import { inClusterStoreArgs } from "../../stacks/storage";
import { zookeeperPlacement } from "../../stacks/zookeeper";
import { admissions, outsidersOnEveryPort } from "../support/network-policy";
import { objectsByKindAndName, promiseOf, registeredBy } from "../support/pulumi";

describe("zoo.cfg", () => {
    const cfg = zooCfg({ name: "zk", namespace: "streaming", replicas: 3, headlessService: "zk-headless" });
    const settings = new Map(cfg.trim().split("\n").map((line) => line.split("=", 2) as [string, string]));

    it("lists every server by its stable pod DNS name, myid = ordinal + 1", () => {
        assert.equal(settings.get("server.1"), "zk-0.zk-headless.streaming.svc.cluster.local:2888:3888;2181");
        assert.equal(settings.get("server.3"), "zk-2.zk-headless.streaming.svc.cluster.local:2888:3888;2181");
        assert.equal(settings.has("server.4"), false);
    });

    it("whitelists the four-letter words the probes use and exports Prometheus metrics on their own port", () => {
        assert.equal(settings.get("4lw.commands.whitelist"), "ruok,srvr,mntr");
        assert.equal(settings.get("metricsProvider.className"), "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider");
        assert.equal(settings.get("metricsProvider.httpPort"), "7000");
    });

    it("turns the AdminServer off: nothing uses it, and it would listen on 8080 of every address", () => {
        assert.equal(settings.get("admin.enableServer"), "false");
        assert.equal(settings.has("admin.serverPort"), false);
    });

    it("needs a strict majority for quorum", () => {
        assert.deepEqual([1, 3, 5, 7].map(quorumSize), [1, 2, 3, 4]);
    });

    it("gives clients every server to connect to", () => {
        assert.equal(
            zookeeperConnectString({ name: "zk", namespace: "ns", replicas: 3, headlessService: "h", clusterDomain: "k8s.local" }),
            "zk-0.h.ns.svc.k8s.local:2181,zk-1.h.ns.svc.k8s.local:2181,zk-2.h.ns.svc.k8s.local:2181",
        );
    });
});

describe("ZooKeeperEnsemble", () => {
    it("runs a StatefulSet whose claims outlive scale-down and deletion, starting all servers together", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new ZooKeeperEnsemble("zk", { namespace: "streaming" })));
        const set = objects.get("StatefulSet/zk")!;
        assert.equal(set.spec.replicas, 3);
        assert.equal(set.spec.podManagementPolicy, "Parallel");
        assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.equal(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "5Gi");
        const container = set.spec.template.spec.containers[0];
        assert.equal(container.image, "zookeeper:3.9.5");
        assert.equal(container.securityContext.runAsNonRoot, true);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false);
        assert.deepEqual(container.resources, { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } });
        assert.equal(container.env.find((e: { name: string }) => e.name === "ZK_SERVER_HEAP").value, "512");
        assert.match(container.readinessProbe.exec.command.join(" "), /echo srvr/);
        assert.equal(set.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.length, 1);
    });

    it("keeps quorum with its disruption budget and lets peers find each other before they are ready", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new ZooKeeperEnsemble("zk5", { namespace: "streaming", replicas: 5 })));
        assert.equal(objects.get("PodDisruptionBudget/zk5")?.spec.minAvailable, 3);
        assert.equal(objects.get("Service/zk5-headless")?.spec.publishNotReadyAddresses, true);
        assert.equal(objects.get("Service/zk5-headless")?.spec.clusterIP, "None");
        assert.match(objects.get("ConfigMap/zk5-config")?.data["zoo.cfg"], /server\.5=zk5-4\.zk5-headless/);
    });

    it("outputs the connect string once the ensemble's objects exist", async () => {
        let ensemble: ZooKeeperEnsemble | undefined;
        await registeredBy(() => (ensemble = new ZooKeeperEnsemble("zk1", { namespace: "data", replicas: 1 })));
        assert.equal(await promiseOf(ensemble!.connectString), "zk1-0.zk1-headless.data.svc.cluster.local:2181");
    });

    it("rejects an even or oversized ensemble and a request above its limit, creating nothing", async () => {
        const registered = await registeredBy(() =>
            assert.throws(() => new ZooKeeperEnsemble("zk", { namespace: "streaming", replicas: 2, resources: { requestsMemory: "2Gi" } }), {
                message: [
                    'ZooKeeperEnsemble "zk" has invalid arguments:',
                    "  - replicas: must be odd: one of 1, 3, 5, 7 (a quorum is a strict majority), got 2",
                    '  - resources.requestsMemory: must be at most limitsMemory (1Gi), got "2Gi"',
                ].join("\n"),
            }),
        );
        assert.deepEqual(registered, []);
        assert.throws(() => new ZooKeeperEnsemble("zk", { namespace: "streaming", replicas: 9 }), /replicas: must be odd: one of 1, 3, 5, 7 .*got 9/);
    });

    it("lists its problems by argument path, the name and the storage too", () => {
        assert.deepEqual(zooKeeperEnsembleProblems("ZK", { namespace: "streaming", storageSize: "big", resources: { limitsCpu: "lots" } }), [
            { path: "name", message: 'must be a DNS label (lower-case letters, digits and "-", at most 40), got "ZK" (pod names add to it)' },
            { path: "resources.limitsCpu", message: 'must be a CPU quantity such as "500m" or "2", got "lots"' },
            { path: "storageSize", message: 'must be a quantity such as "5Gi", got "big"' },
        ]);
    });

    it("lets a single server be drained: a budget of one would block every drain", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new ZooKeeperEnsemble("solo", { namespace: "streaming", replicas: 1 })));
        assert.equal(objects.has("StatefulSet/solo"), true);
        assert.equal(objects.has("PodDisruptionBudget/solo"), false);
    });
});

describe("ZooKeeperEnsemble's NetworkPolicy", () => {
    const selector = { "app.kubernetes.io/name": "zookeeper", "app.kubernetes.io/instance": "zkp" };
    const servers = { podSelector: { matchLabels: selector } };
    const prometheus = (ns: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } });

    it("selects the servers and admits them on the client and quorum ports, Flink pods of its namespace on 2181 and Prometheus on 7000, by default", async () => {
        const objects = objectsByKindAndName(await registeredBy(() => new ZooKeeperEnsemble("zkp", { namespace: "streaming" })));
        const policy = objects.get("NetworkPolicy/zkp")!;
        assert.equal(policy.metadata.namespace, "streaming");
        assert.deepEqual(policy.spec.podSelector, { matchLabels: selector });
        assert.deepEqual(policy.spec.policyTypes, ["Ingress"], "egress is the namespace's to decide");
        assert.deepEqual(admissions(policy), [
            { from: [servers], ports: [2181, 2888, 3888] },
            { from: [{ podSelector: { matchLabels: { type: "flink-native-kubernetes" } } }], ports: [2181] },
            { from: [prometheus("monitoring")], ports: [7000] },
        ]);
        assert.deepEqual(outsidersOnEveryPort(policy), []);
        // The policy selects exactly the StatefulSet's pods, and names only ports they have.
        const pod = objects.get("StatefulSet/zkp")!.spec.template;
        assert.ok(Object.entries(selector).every(([k, v]) => pod.metadata.labels[k] === v));
        const containerPorts = pod.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort);
        assert.deepEqual(containerPorts, [2181, 2888, 3888, 7000], "no AdminServer port");
    });

    it("admits the clients it is given on the client port only, whatever namespace, and none for []", async () => {
        const clients: NetworkPeerArgs[] = [{ namespace: "tenant-a", podLabels: { type: "flink-native-kubernetes" } }, { namespace: "*", podLabels: { role: "zk-admin" } }, { cidr: "10.1.0.0/16" }];
        const objects = objectsByKindAndName(await registeredBy(() => new ZooKeeperEnsemble("zkc", { namespace: "data", clients, monitoringNamespace: "observability" })));
        const policy = objects.get("NetworkPolicy/zkc")!;
        assert.deepEqual(admissions(policy).slice(1), [
            { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "tenant-a" } }, podSelector: { matchLabels: { type: "flink-native-kubernetes" } } }], ports: [2181] },
            { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: "zk-admin" } } }], ports: [2181] },
            { from: [{ ipBlock: { cidr: "10.1.0.0/16" } }], ports: [2181] },
            { from: [prometheus("observability")], ports: [7000] },
        ]);
        const closed = objectsByKindAndName(await registeredBy(() => new ZooKeeperEnsemble("zkn", { namespace: "data", clients: [] }))).get("NetworkPolicy/zkn")!;
        assert.deepEqual(
            admissions(closed).map((a) => a.ports),
            [[2181, 2888, 3888], [7000]],
            "only the servers themselves and Prometheus",
        );
    });

    it("refuses a client that names ports, an invalid peer and monitoring namespace, by path", () => {
        assert.deepEqual(
            zooKeeperEnsembleProblems("zk", {
                namespace: "streaming",
                clients: [{ namespace: "tenant-a", ports: [8080] }, { namespace: "Tenant_B" }, { cidr: "10.0.0.0/8", podLabels: { a: "b" } }, {}],
                monitoringNamespace: "Monitoring",
            }),
            [
                { path: "clients[0].ports", message: "must not be set: clients reach only the client port 2181, got [8080]" },
                { path: "clients[1].namespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Tenant_B" or "*" for every namespace' },
                { path: "clients[2].cidr", message: "must not be set together with namespace or podLabels: they are mutually exclusive" },
                { path: "clients[3]", message: "must give a namespace, podLabels or a cidr" },
                { path: "monitoringNamespace", message: 'must be a DNS label (lower-case letters, digits and "-", at most 63), got "Monitoring"' },
            ],
        );
    });
});

describe("who reaches ZooKeeper and the object store in a stack", () => {
    const placement = flinkPlacement({ streaming: "streaming", monitoring: "observability", operators: "operators", tenants: ["tenant-a"] });
    const flinkPods = (ns: string) => ({ namespace: ns, podLabels: { type: "flink-native-kubernetes" } });

    it("ZooKeeper: the Flink pods of every namespace the operator watches, only while Flink keeps its HA there", () => {
        assert.deepEqual(zookeeperPlacement({ enabled: true, ha: "zookeeper" }, placement), {
            namespace: "streaming",
            monitoringNamespace: "observability",
            clients: [flinkPods("streaming"), flinkPods("tenant-a")],
        });
        assert.deepEqual(zookeeperPlacement({ enabled: true, ha: "kubernetes" }, placement).clients, [], "Kubernetes HA: nobody uses ZooKeeper");
        assert.deepEqual(zookeeperPlacement({ enabled: false, ha: "zookeeper" }, placement).clients, [], "no Flink");
    });

    it("the in-cluster store: the Flink pods of the streaming namespace and of every tenant", () => {
        const config = { target: "minikube" as const, flink: flinkSchema.parse({}), storage: storageSchema.parse({ backend: "in-cluster" }) };
        const args = inClusterStoreArgs(config, "streaming", flinkPodPeers(placement));
        assert.deepEqual(args.clients, [flinkPods("streaming"), flinkPods("tenant-a")]);
    });
});
