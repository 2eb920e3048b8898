import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { quorumSize, zooCfg, zookeeperConnectString } from "../../components/zookeeper/config";
import { ZooKeeperEnsemble, zooKeeperEnsembleProblems } from "../../components/zookeeper/ensemble";
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
