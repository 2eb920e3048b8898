/**
 * An alert fires for real: a real Prometheus server (test/support/prometheus-server.ts) loads the
 * platform's rules as platformAlertRules renders them and scrapes a real three-server ZooKeeper
 * ensemble (test/support/zookeeper-ensemble.ts) through the scrape job the Prometheus Operator makes
 * of the platform's ZooKeeper PodMonitor. Healthy, the rules stay quiet; one follower stopped, the
 * leader and its one synced follower are a bare majority and ZooKeeperQuorumAtRisk fires; the second
 * follower stopped, the leader steps down and ZooKeeperQuorumLost fires, within its `for` plus a
 * scrape and an evaluation interval plus ZooKeeper's own reaction.
 *
 * Only `zookeeperQuorumFor` (10s instead of 1m), the scrape interval (the PodMonitor's `interval`) and
 * the evaluation interval (1s) are shortened, so the test takes seconds rather than minutes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { componentLabels } from "../../components/core/labels";
import { durationMs, platformAlertRules, platformPodMonitors } from "../../components/observability";
import { ZOOKEEPER_METRICS_PORT_NAME, zookeeperServerHosts } from "../../components/zookeeper/config";
import { podMonitorScrapeConfig, pollUntil, PrometheusServer, requirePrometheus, type PodTarget } from "../support/prometheus-server";
import { parseZooCfg, TEST_TOPOLOGY, ZooKeeperEnsemble, type EnsembleServer } from "../support/zookeeper-ensemble";

const NAMESPACE = "streaming";
const SCRAPE_INTERVAL = "1s";
const EVALUATION_INTERVAL = "1s";
const QUORUM_FOR = "10s";
const TOPOLOGY = { ...TEST_TOPOLOGY, namespace: NAMESPACE };

const RULES = platformAlertRules({ namespace: "monitoring", thresholds: { zookeeperQuorumFor: QUORUM_FOR } });
const ALERT_NAMES = new Set(RULES.spec.groups?.flatMap((g) => g.rules ?? []).map((r) => r.alert));
const MONITORS = platformPodMonitors({ namespace: "monitoring", zookeeper: { name: TOPOLOGY.name, namespace: NAMESPACE }, interval: SCRAPE_INTERVAL });

interface Target {
    labels: Record<string, string>;
    health: string;
    lastError: string;
}
interface Alert {
    labels: Record<string, string>;
    state: "pending" | "firing";
    activeAt: string;
    value: string;
}
interface RuleGroup {
    name: string;
    lastEvaluation: string;
    rules: { name: string; health: string; lastError?: string }[];
}
interface Sample {
    metric: Record<string, string>;
    value: [number, string];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const show = (alerts: Alert[]) => JSON.stringify(alerts.map((a) => ({ ...a.labels, state: a.state, activeAt: a.activeAt, value: a.value })));

describe("an alert fires for real: Prometheus with the platform's rules scrapes a real ZooKeeper ensemble", { timeout: 240_000 }, () => {
    let ensemble: ZooKeeperEnsemble | undefined;
    let prometheus: PrometheusServer | undefined;
    let leader: EnsembleServer | undefined;
    const zk = () => ensemble as ZooKeeperEnsemble;
    const prom = () => prometheus as PrometheusServer;
    /** The pod each server is: the rendered host names, in myid order (`zookeeper-0.zookeeper-headless…`). */
    const podOf = (s: EnsembleServer) => zookeeperServerHosts(TOPOLOGY)[s.id - 1].split(".")[0];
    const alerts = async () => (await prom().get<{ alerts: Alert[] }>("alerts")).alerts;
    const platformAlerts = async () => (await alerts()).filter((a) => ALERT_NAMES.has(a.labels.alertname));
    const query = async (expr: string) => (await prom().get<{ result: Sample[] }>("query", { query: expr })).result;
    const failure = () => `${prom().logTail(15)}\n${zk().logTail(10)}`;

    /** Waits for ZooKeeper alert `name` in `states`, and says when it was first seen. */
    async function waitForAlert(name: string, states: Alert["state"][], timeoutMs: number): Promise<{ alert: Alert; seenAt: number }> {
        let last: Alert[] = [];
        const alert = await pollUntil(
            `${name} ${states.join(" or ")}`,
            async () => {
                last = await platformAlerts();
                return last.find((a) => a.labels.alertname === name && states.includes(a.state));
            },
            { timeoutMs, intervalMs: 100, describe: () => `${show(last)}\n${failure()}` },
        );
        return { alert, seenAt: Date.now() };
    }

    /** The bound of an alert with `for`: a scrape to see the change, an evaluation to find it true, the `for`, and ZooKeeper's own reaction. */
    const firingBoundMs = () => durationMs(QUORUM_FOR) + durationMs(SCRAPE_INTERVAL) + durationMs(EVALUATION_INTERVAL) + reactionMs();
    /**
     * ZooKeeper's reaction: a stopped server's sockets close with its process (about 0.3 s after
     * SIGTERM here), so the leader's handler for it ends at once; the leader checks every tickTime/2
     * whether a quorum is still synced and acts every other round, so it steps down within a tick (its
     * log: "Not sufficient followers synced", about 2 s after the stop). The second tick covers the
     * JVM's exit and this test's polls.
     */
    const reactionMs = () => 2 * Number(parseZooCfg(zk().rendered).get("tickTime"));

    before(async () => {
        requirePrometheus();
        ensemble = await ZooKeeperEnsemble.start({ topology: TOPOLOGY });
        leader = await ensemble.waitForQuorum(60_000);
        assert.equal(MONITORS.length, 1);
        // what Kubernetes SD says of each pod: the StatefulSet's pod labels, its container, the metrics port
        const targets: PodTarget[] = ensemble.servers.map((s) => ({
            address: `${s.address}:${zk().ports.metrics}`,
            namespace: NAMESPACE,
            pod: podOf(s),
            container: "zookeeper",
            portName: ZOOKEEPER_METRICS_PORT_NAME,
            node: "test-node",
            podLabels: componentLabels(TOPOLOGY.name, "zookeeper"),
        }));
        prometheus = await PrometheusServer.start(
            {
                global: { scrape_interval: SCRAPE_INTERVAL, scrape_timeout: SCRAPE_INTERVAL, evaluation_interval: EVALUATION_INTERVAL },
                scrape_configs: [podMonitorScrapeConfig(MONITORS[0], 0, targets)],
            },
            { "platform-alerts.yml": RULES.spec },
        );
    });
    after(async () => {
        await prometheus?.close();
        await ensemble?.close();
    });

    it("every server up: the three targets are scraped with the PodMonitor's labels, and no platform alert is pending or firing", async (t) => {
        let last: Target[] = [];
        await pollUntil(
            "the three ZooKeeper targets up",
            async () => {
                last = (await prom().get<{ activeTargets: Target[] }>("targets")).activeTargets;
                return last.length === 3 && last.every((x) => x.health === "up") ? last : undefined;
            },
            { timeoutMs: 30_000, intervalMs: 250, describe: () => `${JSON.stringify(last)}\n${failure()}` },
        );
        const pods = zk().servers.map(podOf);
        assert.deepEqual(last.map((x) => x.labels.pod).sort(), [...pods].sort());
        for (const target of last) {
            const { namespace, job, container, endpoint, node_name } = target.labels;
            assert.deepEqual({ namespace, job, container, endpoint, node_name }, { namespace: NAMESPACE, job: "monitoring/zookeeper", container: "zookeeper", endpoint: ZOOKEEPER_METRICS_PORT_NAME, node_name: "test-node" });
        }

        // the rules read a healthy ensemble: every server counts, the leader leads with two synced followers
        const synced = await pollUntil("the leader's synced_followers of 2, scraped", async () => {
            const r = await query(`synced_followers{namespace="${NAMESPACE}"}`);
            return r.length === 1 && r[0].value[1] === "2" ? r : undefined;
        }, { timeoutMs: 30_000, intervalMs: 250 });
        assert.equal(synced[0].metric.pod, podOf(leader as EnsembleServer));
        assert.deepEqual((await query(`count by (namespace) (looking_count)`)).map((s) => [s.metric.namespace, s.value[1]]), [[NAMESPACE, "3"]]);
        assert.deepEqual((await query("leader_uptime")).map((s) => s.metric.pod), [podOf(leader as EnsembleServer)]);
        assert.deepEqual((await query("quorum_size")).map((s) => s.value[1]), ["3", "3", "3"]);

        // from an evaluation after that, over five evaluation intervals: nothing pending, nothing firing
        const scraped = Date.now();
        await pollUntil("an evaluation of the ZooKeeper rules after the scrape", async () => {
            const group = (await prom().get<{ groups: RuleGroup[] }>("rules")).groups.find((g) => g.name === "platform.zookeeper");
            return group && Date.parse(group.lastEvaluation) > scraped ? group : undefined;
        }, { timeoutMs: 10_000, intervalMs: 100 });
        const windowMs = 5 * durationMs(EVALUATION_INTERVAL);
        const end = Date.now() + windowMs;
        let samples = 0;
        for (let i = 0; i < windowMs / 200 + 1 && Date.now() < end; i++, samples++) {
            const active = await alerts();
            assert.deepEqual(active, [], `with every server up: ${show(active)}`);
            await sleep(200);
        }
        assert.ok(samples >= 5, `only ${samples} looks at /api/v1/alerts`);

        const groups = (await prom().get<{ groups: RuleGroup[] }>("rules")).groups;
        assert.deepEqual(groups.map((g) => g.name).sort(), (RULES.spec.groups ?? []).map((g) => g.name).sort());
        for (const rule of groups.flatMap((g) => g.rules)) assert.equal(rule.health, "ok", `${rule.name}: ${rule.lastError}`);
        t.diagnostic(`no alert over ${windowMs} ms (${samples} looks) with all three servers up`);
    });

    it("one follower stopped: ZooKeeperQuorumAtRisk goes pending on the leader, then fires; ZooKeeperQuorumLost stays quiet", async (t) => {
        const l = leader as EnsembleServer;
        const follower = zk().servers.find((s) => s.id !== l.id) as EnsembleServer;
        const stoppedAt = Date.now();
        await zk().stop(follower);
        const pending = await waitForAlert("ZooKeeperQuorumAtRisk", ["pending", "firing"], firingBoundMs() + 20_000);
        // the leader and its one synced follower: synced_followers + 1 = 2, floor(3 / 2) + 1
        assert.deepEqual(pending.alert.labels, { ...pending.alert.labels, alertname: "ZooKeeperQuorumAtRisk", namespace: NAMESPACE, pod: podOf(l), severity: "warning" });
        assert.equal(Number(pending.alert.value), 2);
        const firing = await waitForAlert("ZooKeeperQuorumAtRisk", ["firing"], firingBoundMs() + 20_000);
        const elapsed = firing.seenAt - stoppedAt;
        t.diagnostic(`server ${follower.id} stopped: ZooKeeperQuorumAtRisk active ${Date.parse(firing.alert.activeAt) - stoppedAt} ms after the stop, firing seen after ${elapsed} ms (bound ${firingBoundMs()} ms)`);
        assert.ok(elapsed <= firingBoundMs(), `ZooKeeperQuorumAtRisk fired ${elapsed} ms after the stop, more than ${firingBoundMs()} ms`);
        const others = (await platformAlerts()).filter((a) => a.labels.alertname !== "ZooKeeperQuorumAtRisk");
        assert.deepEqual(others, [], `a bare majority still has its quorum: ${show(others)}`);
    });

    it("the second follower stopped: the leader steps down, and ZooKeeperQuorumLost fires within its `for` + a scrape + an evaluation + ZooKeeper's reaction", async (t) => {
        const l = leader as EnsembleServer;
        assert.equal(zk().running().length, 2, "the first follower was stopped");
        const follower = zk().running().find((s) => s.id !== l.id) as EnsembleServer;
        const stoppedAt = Date.now();
        await zk().stop(follower);
        const exitedAt = Date.now();
        const { alert, seenAt } = await waitForAlert("ZooKeeperQuorumLost", ["firing"], firingBoundMs() + 30_000);
        const elapsed = seenAt - stoppedAt;
        const activeAfter = Date.parse(alert.activeAt) - stoppedAt;
        t.diagnostic(
            `server ${follower.id} stopped (exited after ${exitedAt - stoppedAt} ms): ZooKeeperQuorumLost active (pending) ${activeAfter} ms after the stop, firing seen after ${elapsed} ms; ` +
                `bound ${firingBoundMs()} ms = for ${QUORUM_FOR} + scrape ${SCRAPE_INTERVAL} + evaluation ${EVALUATION_INTERVAL} + ZooKeeper ${reactionMs()} ms`,
        );
        assert.ok(elapsed <= firingBoundMs(), `ZooKeeperQuorumLost fired ${elapsed} ms after the stop, more than ${firingBoundMs()} ms`);
        // one server runs (the old leader, its looking_count still scraped) and none leads
        assert.deepEqual(alert.labels, { alertname: "ZooKeeperQuorumLost", namespace: NAMESPACE, severity: "critical" });
        assert.equal(Number(alert.value), 1);
        assert.deepEqual(zk().running().map((s) => s.id), [l.id]);
        assert.notEqual(await zk().mode(l), "leader");
        // without a leader there are no synced followers to count: ZooKeeperQuorumAtRisk has resolved
        const others = (await platformAlerts()).filter((a) => a.labels.alertname !== "ZooKeeperQuorumLost");
        assert.deepEqual(others, [], show(others));
    });
});
