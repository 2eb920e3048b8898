/**
 * The Kafka metric names the platform's alerts and dashboards read are ones a real Kafka pod serves: a
 * Kafka node at the pinned version, with the Prometheus JMX exporter as Strimzi runs it on the rules of
 * components/kafka/metrics.ts (test/support/kafka-metrics-broker.ts), is given a topic, records and a
 * consumer group, and its exporter is scraped once; every check below reads that one scrape.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { JMX_EXPORTER_CONFIG, KAFKA_VERSION } from "../../components/kafka";
import { KAFKA_METRICS, platformAlertRules } from "../../components/observability";
import { KAFKA_DASHBOARD_METRICS } from "../../components/observability/dashboard-metrics";
import { dashboardQueries } from "../../components/observability/dashboards";
import { devKafkaCluster, kafkaMetricsScrape, strimziMetricsConfigJson, unservedKafkaMetricNames, type KafkaMetricsScrape } from "../support/kafka-metrics-broker";
import { promqlMetricNames, promqlParseErrors } from "../support/promql";

/** The collector the program runs: the version of the agent Strimzi 1.2.0's Kafka image bundles. */
const STRIMZI_JMX_EXPORTER_VERSION = "1.6.0";

/** Grafana replaces its interval variables before the query reaches Prometheus; so does the test. */
const substituteIntervals = (expr: string) => expr.replace(/\$__(rate_interval|interval|auto|range)/g, "1m");

/** Every Prometheus query of every platform dashboard, as Prometheus receives it. */
function dashboardExpressions(): { at: string; expr: string }[] {
    return dashboardQueries()
        .filter((q) => q.datasource === "prometheus")
        .map((q) => ({ at: `${q.dashboard} / ${q.panel}`, expr: substituteIntervals(q.expr) }));
}

function alertExpressions(): { alert: string; expr: string }[] {
    return (platformAlertRules({ namespace: "monitoring" }).spec.groups ?? []).flatMap((g) => (g.rules ?? []).map((r) => ({ alert: r.alert ?? r.record ?? "?", expr: String(r.expr) })));
}

describe("the Kafka metrics config Strimzi writes", () => {
    it("is the component's rules, as JSON", () => {
        assert.deepEqual(JSON.parse(strimziMetricsConfigJson(devKafkaCluster())), JMX_EXPORTER_CONFIG);
    });
});

describe("PromQL metric names (Prometheus's grammar, test/support/promql.ts)", () => {
    it("finds the selectors' names and reports syntax errors, so the checks below can fail", () => {
        assert.deepEqual(promqlMetricNames('sum by (pod) (rate(a_total[5m])) / on (pod) b{x="1"}'), ["a_total", "b"]);
        assert.notDeepEqual(promqlParseErrors("sum(rate(a[5m])"), []);
        assert.deepEqual(promqlParseErrors("max by (namespace) (a) > 0"), []);
    });
});

describe("a real Kafka node's JMX exporter, with the component's rules", () => {
    // The one node of the file: kafkaMetricsScrape() runs it once per process and every test reads its output.
    let scrape: KafkaMetricsScrape;
    before(async () => {
        scrape = await kafkaMetricsScrape();
    });
    const sampled = (name: string) => scrape.samples.filter((s) => s.name === name && Number.isFinite(s.value));

    it("serves every metric name the alerts read, and no misspelt one", async (t) => {
        const { timings } = scrape;
        t.diagnostic(
            `Kafka ${scrape.kafkaVersion}, collector ${scrape.exporterVersion}: node started ${timings.startMs} ms, traffic ${timings.trafficMs} ms, ` +
                `scrape ${timings.scrapeMs} ms, stop ${timings.stopMs} ms, whole run ${timings.totalMs} ms; ${scrape.samples.length} samples, ${scrape.names.length} names`,
        );
        t.diagnostic(`kafka_ names: ${scrape.names.filter((n) => n.startsWith("kafka_")).join(" ")}`);
        assert.equal(scrape.kafkaVersion, KAFKA_VERSION, "the node runs the Kafka version the platform pins");
        assert.equal(scrape.exporterVersion, STRIMZI_JMX_EXPORTER_VERSION, "the exporter is the version Strimzi bundles");

        for (const [key, name] of Object.entries(KAFKA_METRICS)) assert.ok(sampled(name).length > 0, `KAFKA_METRICS.${key}: ${name} has no sample`);
        // A single healthy node: one active controller, nothing offline or under-replicated.
        assert.deepEqual(sampled(KAFKA_METRICS.activeControllers).map((s) => s.value), [1]);
        assert.deepEqual(sampled(KAFKA_METRICS.offlinePartitions).map((s) => s.value), [0]);
        assert.deepEqual(sampled(KAFKA_METRICS.underReplicatedPartitions).map((s) => s.value), [0]);

        // The check can fail: a misspelt name is not there, and the helper names it.
        const misspelt = "kafka_server_replicamanager_underreplicatedpartition";
        assert.equal(sampled(misspelt).length, 0);
        assert.deepEqual(await unservedKafkaMetricNames([`sum(${misspelt}) > 0`, `sum(${KAFKA_METRICS.isrShrinks})`]), [{ expr: `sum(${misspelt}) > 0`, missing: [misspelt] }]);

        // The traffic reached the per-topic meters.
        const topicIn = scrape.samples.filter((s) => s.name === "kafka_server_brokertopicmetrics_messagesin_total" && s.labels.includes(`topic="${scrape.topic}"`));
        assert.equal(topicIn.length, 1, "a per-topic MessagesInPerSec counter");
        assert.ok(topicIn[0].value >= 30, `messages in on ${scrape.topic}: ${topicIn[0].value}`);
    });

    it("serves every kafka_ metric name that an alert expression selects", async () => {
        const alerts = alertExpressions();
        for (const { alert, expr } of alerts) assert.deepEqual(promqlParseErrors(expr), [], `${alert}: ${expr}`);
        const kafkaAlerts = alerts.filter(({ expr }) => promqlMetricNames(expr).some((n) => n.startsWith("kafka_")));
        assert.ok(kafkaAlerts.length >= Object.keys(KAFKA_METRICS).length, "the Kafka alerts were found");
        assert.deepEqual(await unservedKafkaMetricNames(alerts.map((a) => a.expr)), []);
    });

    it("serves every kafka_ metric name that a dashboard query selects, and every KAFKA_DASHBOARD_METRICS name", async () => {
        const queries = dashboardExpressions();
        const selected = new Set(queries.flatMap(({ expr }) => promqlMetricNames(expr)).filter((n) => n.startsWith("kafka_")));
        // the Kafka dashboard's queries were found: they select every name of the table (and the alerts' ones they reuse)
        const table = Object.values(KAFKA_DASHBOARD_METRICS);
        assert.deepEqual(table.filter((n) => !selected.has(n)), [], "KAFKA_DASHBOARD_METRICS names no dashboard query selects");
        assert.deepEqual(await unservedKafkaMetricNames(queries.map((q) => q.expr)), [], "dashboard queries selecting kafka_ names the exporter does not serve");
        for (const [key, name] of Object.entries(KAFKA_DASHBOARD_METRICS)) assert.ok(sampled(name).length > 0, `KAFKA_DASHBOARD_METRICS.${key}: ${name} has no sample`);
    });

    it("serves the series the Kafka dashboard's label matchers pick: broker totals without `topic`, and the p99 of the controller's histograms", () => {
        const d = KAFKA_DASHBOARD_METRICS;
        // BrokerTopicMetrics: the dashboard's totals select topic="" (the series without the label), its per-topic panel topic!=""
        for (const name of [d.messagesIn, d.bytesIn, d.bytesOut, d.totalProduceRequests, d.totalFetchRequests]) {
            const totals = sampled(name).filter((s) => !s.labels.includes("topic="));
            assert.equal(totals.length, 1, `${name}: one broker total without a topic label, got ${JSON.stringify(sampled(name))}`);
        }
        const perTopic = sampled(d.messagesIn).filter((s) => s.labels.includes(`topic="${scrape.topic}"`));
        assert.equal(perTopic.length, 1, `${d.messagesIn}: a series for topic ${scrape.topic}`);
        assert.ok(sampled(d.messagesIn).find((s) => !s.labels.includes("topic="))!.value >= perTopic[0].value, "the broker total counts at least the topic's messages");
        // QuorumControllerMetrics' histograms: the dashboard reads quantile="0.99"
        for (const name of [d.controllerEventQueueTime, d.controllerEventProcessingTime]) {
            assert.equal(sampled(name).filter((s) => s.labels.includes('quantile="0.99"')).length, 1, `${name}: one quantile="0.99" series, got ${JSON.stringify(sampled(name))}`);
        }
        // Request latency: p50 and p99 of exactly the three request types the rule keeps, no other.
        const latency = sampled(d.requestTotalTime);
        const requests = [...new Set(latency.map((s) => /request="([^"]+)"/.exec(s.labels)?.[1]))].sort();
        assert.deepEqual(requests, ["FetchConsumer", "FetchFollower", "Produce"], `${d.requestTotalTime}: ${JSON.stringify(latency)}`);
        for (const request of requests) {
            const quantiles = latency.filter((s) => s.labels.includes(`request="${request}"`)).map((s) => /quantile="([^"]+)"/.exec(s.labels)?.[1]);
            assert.deepEqual(quantiles.sort(), ["0.50", "0.99"], `${request}'s quantiles`);
        }
    });
});
