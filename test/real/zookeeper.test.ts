/**
 * ZooKeeper itself runs the zoo.cfg that components/zookeeper-config.ts renders: three real servers
 * (QuorumPeerMain of the pinned release, one JVM each) form a quorum, serve clients, keep serving when
 * one of them is stopped, and answer the probes and the Prometheus scrape the platform relies on (every
 * metric name the alerts and dashboards read, the leader's own on the leader only).
 *
 * The servers run on 127.0.0.1-3 of this host, on ports picked free at the start instead of the
 * rendered ones (so that two test runs on one machine do not meet). What each server's file changes,
 * and why each change is a per-host bind detail, is documented at localZooCfg in
 * test/support/zookeeper-ensemble.ts and asserted below.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ZOOKEEPER_METRICS } from "../../components/observability/alert-metrics";
import { ZOOKEEPER_DASHBOARD_METRICS } from "../../components/observability/dashboard-metrics";
import { dashboardQueries } from "../../components/observability/dashboards";
import { ZOOKEEPER_DASHBOARD_NAME } from "../../components/observability/dashboards/zookeeper";
import { FOUR_LETTER_WORDS, ZOOKEEPER_PORTS, zooCfg, zookeeperConnectString, zookeeperServerHosts } from "../../components/zookeeper/config";
import { ZOOKEEPER_VERSION } from "../../components/zookeeper/ensemble";
import { REAL_DIR } from "../support/java";
import { listeningSockets } from "../support/ports";
import { promqlMetricNames } from "../support/promql";
import {
    fourLetterWord,
    localConnectString,
    localZooCfg,
    loopbackAddresses,
    mapHosts,
    parseZooCfg,
    portsOf,
    TEST_TOPOLOGY,
    zkClient,
    ZooKeeperEnsemble,
    type EnsembleServer,
    type LocalEndpoints,
} from "../support/zookeeper-ensemble";

/** An example of where an ensemble runs here; ZooKeeperEnsemble.start picks free ports of its own. */
const LOCAL: LocalEndpoints = { addresses: loopbackAddresses(3), ports: { client: 40001, peer: 40002, election: 40003, metrics: 40005 } };

/** The keys a server's zoo.cfg may change, each a port, a bind address or a local directory (see localZooCfg). */
const BIND_DETAILS = [
    "server.1",
    "server.2",
    "server.3",
    "clientPort",
    "metricsProvider.httpPort",
    "clientPortAddress",
    "quorumListenOnAllIPs",
    "metricsProvider.httpHost",
    "dataDir",
    "dataLogDir",
];

describe("ZooKeeper's zoo.cfg, read by ZooKeeper", () => {
    it("the pom pins the release the platform deploys", () => {
        const pom = fs.readFileSync(path.join(REAL_DIR, "zookeeper", "pom.xml"), "utf8");
        assert.equal(/<zookeeper\.version>([^<]+)</.exec(pom)?.[1], ZOOKEEPER_VERSION);
    });

    it("each server's file differs from the rendered one only in ports, bind addresses and local directories", () => {
        const rendered = zooCfg(TEST_TOPOLOGY);
        const hosts = zookeeperServerHosts(TEST_TOPOLOGY);
        assert.deepEqual(portsOf(parseZooCfg(rendered)), ZOOKEEPER_PORTS, "the ports the rendered file gives every server");
        const mapped = parseZooCfg(mapHosts(rendered, hosts, LOCAL.addresses));
        assert.ok(![...mapped.values()].some((v) => v.includes("svc.cluster.local")), "every pod host name is mapped");
        for (const id of [1, 2, 3]) {
            const { text, changed } = localZooCfg(rendered, hosts, LOCAL, id, `/zk-${id}/data`);
            assert.deepEqual([...changed.keys()].sort(), [...BIND_DETAILS].sort());
            const local = parseZooCfg(text);
            for (const [key, value] of mapped) if (!BIND_DETAILS.includes(key)) assert.equal(local.get(key), value, `${key} is the rendered value`);
            // every server line has the same local ports, and its own host as client address
            assert.equal(local.get("server.2"), "127.0.0.2:40002:40003;127.0.0.2:40001");
            assert.deepEqual(portsOf(local), LOCAL.ports);
            assert.equal(local.get("clientPortAddress"), LOCAL.addresses[id - 1]);
        }
        // what clients get: the rendered connect string, each pod's host its server's address and port
        assert.equal(localConnectString(zookeeperConnectString(TEST_TOPOLOGY), hosts, ZOOKEEPER_PORTS, LOCAL), "127.0.0.1:40001,127.0.0.2:40001,127.0.0.3:40001");
    });

    it("refuses a server line it cannot carry over: other ports than server.1's", () => {
        const rendered = zooCfg(TEST_TOPOLOGY).replace(/^(server\.3=.*):3888;/m, "$1:3889;");
        assert.throws(() => localZooCfg(rendered, zookeeperServerHosts(TEST_TOPOLOGY), LOCAL, 1, "/zk-1/data"), /zoo\.cfg server\.3=127\.0\.0\.3:2888:3889;2181: not host:2888:3888;2181/);
    });

    describe("three servers started from it", { timeout: 150_000 }, () => {
        let ensemble: ZooKeeperEnsemble | undefined;
        let leader: EnsembleServer | undefined;
        const zk = () => ensemble as ZooKeeperEnsemble;

        before(async () => {
            ensemble = await ZooKeeperEnsemble.start();
        });
        after(async () => {
            await ensemble?.close();
        });

        it("reach a quorum: one leader, two followers (srvr, whitelisted)", { timeout: 60_000 }, async () => {
            leader = await zk().waitForQuorum(60_000);
            const modes = await Promise.all(zk().servers.map((s) => zk().mode(s)));
            assert.deepEqual([...modes].sort(), ["follower", "follower", "leader"]);
        });

        it("answer only the whitelisted four-letter words", async () => {
            assert.ok(leader, "the quorum formed");
            const s = zk().servers[0];
            assert.equal(await fourLetterWord(s.address, zk().ports.client, "ruok"), "imok");
            assert.ok(!(FOUR_LETTER_WORDS as readonly string[]).includes("conf"));
            assert.match(await fourLetterWord(s.address, zk().ports.client, "conf"), /not in the whitelist/);
        });

        it("export Prometheus metrics on the port of its key", async () => {
            assert.ok(leader, "the quorum formed");
            for (const s of zk().servers) {
                const metrics = await fetch(`http://${s.address}:${zk().ports.metrics}/metrics`, { signal: AbortSignal.timeout(5000) });
                assert.equal(metrics.status, 200);
                assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
                const body = await metrics.text();
                assert.match(body, /^# TYPE znode_count gauge$/m);
                assert.match(body, /^quorum_size \d/m);
                // metricsProvider.exportJvmInfo=true
                assert.match(body, /^jvm_threads_current /m);
                // the names the quorum alerts read: every server in the quorum, the leader's own and ServerMetrics'
                const names = new Set(body.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0]));
                const wanted = s.id === leader?.id ? Object.values(ZOOKEEPER_METRICS) : [ZOOKEEPER_METRICS.quorumSize, ZOOKEEPER_METRICS.lookingCount];
                for (const name of wanted) assert.ok(names.has(name), `server ${s.id} exports no ${name}`);
            }
        });

        it("export every metric name the dashboards read: the leader all of them, the followers all but the leader's own", async () => {
            assert.ok(leader, "the quorum formed");
            // ZooKeeper's names have no prefix: the ones of its two tables that any dashboard selects, and
            // every one the ZooKeeper dashboard selects (each of which must be in the tables)
            const tables = new Set<string>([...Object.values(ZOOKEEPER_METRICS), ...Object.values(ZOOKEEPER_DASHBOARD_METRICS)]);
            const queries = dashboardQueries().filter((q) => q.datasource === "prometheus");
            const selected = (dashboard?: string) =>
                new Set(queries.filter((q) => dashboard === undefined || q.dashboard === dashboard).flatMap((q) => promqlMetricNames(q.expr.replace(/\$__(rate_interval|interval|auto|range)/g, "1m"))));
            const ofZooKeeperDashboard = [...selected(ZOOKEEPER_DASHBOARD_NAME)];
            assert.deepEqual(ofZooKeeperDashboard.filter((n) => !tables.has(n)), [], "the ZooKeeper dashboard reads only names of the ZooKeeper tables");
            const anywhere = selected();
            const read = [...new Set([...Object.values(ZOOKEEPER_DASHBOARD_METRICS), ...[...tables].filter((n) => anywhere.has(n))])];
            assert.deepEqual(Object.values(ZOOKEEPER_DASHBOARD_METRICS).filter((n) => !anywhere.has(n)), [], "every ZOOKEEPER_DASHBOARD_METRICS name is a dashboard's");
            // the leader's own: LeaderZooKeeperServer's `learners`, Leader's `synced_followers` and `leader_uptime`
            const leaderOnly: string[] = [ZOOKEEPER_DASHBOARD_METRICS.learners, ZOOKEEPER_METRICS.syncedFollowers, ZOOKEEPER_METRICS.leaderUptime];
            for (const s of zk().servers) {
                const body = await (await fetch(`http://${s.address}:${zk().ports.metrics}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
                const lines = body.split("\n").filter((l) => l && !l.startsWith("#"));
                const names = new Set(lines.map((l) => l.split(/[{ ]/)[0]));
                const isLeader: boolean = s.id === leader?.id;
                const missing: string[] = read.filter((n) => (isLeader || !leaderOnly.includes(n)) && !names.has(n));
                assert.deepEqual(missing, [], `server ${s.id} (${isLeader ? "leader" : "follower"}) exports none of these`);
                // the dashboards count leaders as the servers with leader_uptime: a follower has none of the leader's own
                if (!isLeader) assert.deepEqual(leaderOnly.filter((n) => names.has(n)), [], `follower ${s.id} exports a leader's metric`);
                // the latency panels read the summaries' quantile="0.99"
                for (const summary of [ZOOKEEPER_DASHBOARD_METRICS.readLatency, ZOOKEEPER_DASHBOARD_METRICS.updateLatency]) {
                    assert.ok(lines.some((l) => l.startsWith(`${summary}{`) && l.includes('quantile="0.99"')), `server ${s.id}: no ${summary}{quantile="0.99"}`);
                }
            }
        });

        it("run no AdminServer: each listens on its client, election and metrics ports (and the leader on the quorum port), nothing else", () => {
            assert.ok(leader, "the quorum formed");
            assert.equal(parseZooCfg(zk().rendered).get("admin.enableServer"), "false");
            const { client, peer, election, metrics } = zk().ports;
            for (const s of zk().servers) {
                const sockets = listeningSockets(s.process!.pid!);
                const expected = [client, election, metrics, ...(s.id === leader.id ? [peer] : [])].sort((a, b) => a - b);
                assert.deepEqual(
                    sockets.map((socket) => socket.port).sort((a, b) => a - b),
                    expected,
                    `server ${s.id} listens on ${JSON.stringify(sockets)}`,
                );
                assert.ok(sockets.every((socket) => socket.address === s.address), `server ${s.id} binds only its own address: ${JSON.stringify(sockets)}`);
            }
        });

        it("serve clients, and every server has what one of them wrote", { timeout: 60_000 }, async () => {
            assert.ok(leader, "the quorum formed");
            const each = zk().servers.flatMap((s) => [`connect ${s.address}:${zk().ports.client}`, "get /platform-test"]);
            const lines = await zkClient([`connect ${zk().connectString()}`, "create /platform-test before-failover", ...each]);
            assert.deepEqual(lines, [
                `connect ${zk().connectString()}`,
                "create /platform-test",
                ...zk().servers.flatMap((s) => [`connect ${s.address}:${zk().ports.client}`, "get /platform-test = before-failover"]),
            ]);
        });

        it("keep serving when the leader is stopped: the other two elect one and serve reads and writes", { timeout: 90_000 }, async () => {
            assert.ok(leader, "the quorum formed");
            await zk().stop(leader);
            const newLeader = await zk().waitForQuorum(60_000);
            assert.notEqual(newLeader.id, leader.id);
            assert.equal(zk().running().length, 2);
            // the full connect string, as Flink uses it: the client skips the stopped server
            const lines = await zkClient([`connect ${zk().connectString()}`, "get /platform-test", "create /platform-test/after-failover yes", "get /platform-test/after-failover", "ls /platform-test"]);
            assert.deepEqual(lines, [
                `connect ${zk().connectString()}`,
                "get /platform-test = before-failover", "create /platform-test/after-failover", "get /platform-test/after-failover = yes", "ls /platform-test = [after-failover]"]);
        });

        it("write nothing next to zoo.cfg, so a read-only ConfigMap mount is enough", () => {
            for (const s of zk().servers) {
                assert.deepEqual(fs.readdirSync(s.confDir), ["zoo.cfg"]);
                assert.equal(fs.readFileSync(path.join(s.confDir, "zoo.cfg"), "utf8"), s.config);
            }
        });
    });
});
