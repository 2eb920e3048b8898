import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parser as logqlParser } from "@grafana/lezer-logql";
import { FLINK_METRICS, KAFKA_METRICS, KUBE_STATE_METRICS, PROMETHEUS_UP, ZOOKEEPER_METRICS } from "../../components/observability/alert-metrics";
import { DASHBOARD_METRIC_NAMES } from "../../components/observability/dashboard-metrics";
import { dashboardConfigMaps, dashboardQueries, platformDashboards, platformDashboardsProblems } from "../../components/observability/dashboards";
import { DATASOURCE_TYPES, DATASOURCE_UIDS, GRAFANA_DASHBOARD_LABEL } from "../../components/observability/datasources";
import { promqlMetricNames, promqlParseErrors } from "../support/promql";

/** Grafana replaces its interval variables before the query reaches Prometheus or Loki; so does the test. */
const substitute = (expr: string) => expr.replace(/\$__(rate_interval|interval|auto|range)/g, "1m");

function logqlErrors(expr: string): string[] {
    const errors: string[] = [];
    logqlParser.parse(expr).iterate({ enter: (n) => void (n.type.isError && errors.push(`at ${n.from}: ${JSON.stringify(expr.slice(n.from - 20, n.to + 20))}`)) });
    return errors;
}

const KNOWN = new Set<string>([
    ...DASHBOARD_METRIC_NAMES,
    ...Object.values(FLINK_METRICS),
    ...Object.values(KAFKA_METRICS),
    ...Object.values(ZOOKEEPER_METRICS),
    ...Object.values(KUBE_STATE_METRICS),
    PROMETHEUS_UP,
]);

const dashboards = platformDashboards();
const queries = dashboardQueries();

/** Every panel, the panels of rows included. */
const panelsOf = (model: any): any[] => (model.panels ?? []).flatMap((p: any) => (p.type === "row" ? [p, ...(p.panels ?? [])] : [p]));

describe("platform dashboards", () => {
    it("are the six dashboards, each serializing to JSON and back unchanged", () => {
        assert.deepEqual(
            dashboards.map((d) => d.name),
            ["overview", "flink", "flink-logs", "kafka", "zookeeper", "operators"],
        );
        for (const { name, dashboard } of dashboards) {
            const parsed = JSON.parse(JSON.stringify(dashboard));
            assert.equal(parsed.uid, dashboard.uid, name);
            assert.equal(parsed.title, dashboard.title, name);
            assert.equal(panelsOf(parsed).length, panelsOf(dashboard).length, name);
            assert.ok(panelsOf(parsed).length > 0, name);
        }
    });

    it("have unique, stable uids and unique panel ids", () => {
        const uids = dashboards.map((d) => d.dashboard.uid);
        assert.deepEqual(uids, ["overview", "flink", "flink-logs", "kafka", "zookeeper", "operators"].map((n) => `streaming-platform-${n}`));
        assert.equal(new Set(uids).size, uids.length);
        for (const uid of uids) assert.ok(uid.length <= 40, uid);
        assert.deepEqual(platformDashboards({ uidPrefix: "x" }).map((d) => d.dashboard.uid), uids.map((u) => u.replace("streaming-platform", "x")));
        for (const { name, dashboard } of dashboards) {
            const ids = panelsOf(dashboard).map((p) => p.id);
            assert.equal(new Set(ids).size, ids.length, name);
        }
    });

    it("name a provisioned datasource of the right type on every panel and target", () => {
        const byType: Record<string, string> = { [DATASOURCE_TYPES.prometheus]: DATASOURCE_UIDS.prometheus, [DATASOURCE_TYPES.loki]: DATASOURCE_UIDS.loki };
        for (const { name, dashboard } of dashboards) {
            for (const panel of panelsOf(dashboard).filter((p) => p.type !== "row")) {
                const at = `${name} / ${panel.title}`;
                assert.ok(panel.datasource, `${at}: no datasource`);
                assert.equal(panel.datasource.uid, byType[panel.datasource.type], at);
                assert.ok(panel.targets.length > 0, `${at}: no targets`);
                for (const target of panel.targets) assert.deepEqual(target.datasource, panel.datasource, at);
            }
            for (const variable of (dashboard.templating?.list ?? []).filter((v: any) => v.type === "query") as any[]) {
                assert.equal(variable.datasource.uid, byType[variable.datasource.type], `${name} variable ${variable.name}`);
            }
        }
    });

    it("list every target of every panel as a query", () => {
        const targets = dashboards.reduce((n, d) => n + panelsOf(d.dashboard).reduce((m, p) => m + (p.targets?.length ?? 0), 0), 0);
        assert.equal(queries.length, targets);
        assert.ok(queries.some((q) => q.datasource === "loki"));
    });

    it("write PromQL that Prometheus's grammar parses", () => {
        for (const q of queries.filter((q) => q.datasource === "prometheus")) {
            assert.deepEqual(promqlParseErrors(substitute(q.expr)), [], `${q.dashboard} / ${q.panel}: ${q.expr}`);
        }
    });

    it("write LogQL that Loki's grammar parses", () => {
        for (const q of queries.filter((q) => q.datasource === "loki")) assert.deepEqual(logqlErrors(substitute(q.expr)), [], `${q.dashboard} / ${q.panel}: ${q.expr}`);
    });

    it("read only metric names of dashboard-metrics.ts and alert-metrics.ts", () => {
        const used = new Set<string>();
        for (const q of queries.filter((q) => q.datasource === "prometheus")) {
            const names = promqlMetricNames(substitute(q.expr));
            assert.ok(names.length > 0, `${q.dashboard} / ${q.panel}: no metric in ${q.expr}`);
            for (const n of names) {
                assert.ok(KNOWN.has(n), `${q.dashboard} / ${q.panel}: unknown metric ${n}`);
                used.add(n);
            }
        }
        // and every dashboard metric is used somewhere
        assert.deepEqual(DASHBOARD_METRIC_NAMES.filter((n) => !used.has(n)), []);
    });

    it("read the metric names of a PromQL expression's selectors only", () => {
        assert.deepEqual(promqlMetricNames('sum by (pod) (rate(a_total{x=~"y"}[5m])) / on (pod) b or vector(0)'), ["a_total", "b"]);
        assert.deepEqual(promqlParseErrors("sum(rate(x[5m])"), ["at 15: unexpected end"]);
        assert.deepEqual(promqlParseErrors(substitute("rate(x[$__rate_interval])")), []);
    });
});

describe("dashboardConfigMaps", () => {
    it("makes one ConfigMap per dashboard, labeled for Grafana's sidecar, its JSON under <name>.json", () => {
        const maps = dashboardConfigMaps("monitoring");
        assert.deepEqual(
            maps.map((m) => m.metadata.name),
            dashboards.map((d) => `grafana-dashboard-${d.name}`),
        );
        for (const [i, map] of maps.entries()) {
            assert.equal(map.metadata.namespace, "monitoring");
            for (const [k, v] of Object.entries(GRAFANA_DASHBOARD_LABEL)) assert.equal(map.metadata.labels?.[k], v);
            const data = map.data as Record<string, string>;
            assert.deepEqual(Object.keys(data), [`${dashboards[i].name}.json`]);
            assert.equal(JSON.parse(data[`${dashboards[i].name}.json`]).uid, dashboards[i].dashboard.uid);
        }
    });

    it("refuses a namespace that is not a DNS label, and bad arguments, with every problem", () => {
        assert.throws(() => dashboardConfigMaps("Monitoring"), /namespace: must be a DNS label/);
        assert.deepEqual(platformDashboardsProblems({ uidPrefix: "a b", refresh: "soon", tags: [""] }), [
            { path: "uidPrefix", message: 'must be 1 to 29 letters, digits, "-" and "_", got "a b"' },
            { path: "refresh", message: 'must be an interval such as "30s" or "1m", got "soon"' },
            { path: "tags[0]", message: 'must be a non-empty string, got ""' },
        ]);
    });
});
