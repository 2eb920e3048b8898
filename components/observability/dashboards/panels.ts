/**
 * The building blocks every platform dashboard shares, on Grafana's foundation SDK: the datasources by
 * the UIDs the metrics stack provisions (datasources.ts), time series and stat panels with their
 * queries, the template variables, and the final pass that numbers panels. Pure: no Pulumi.
 */
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as loki from "@grafana/grafana-foundation-sdk/loki";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { DATASOURCE_TYPES, DATASOURCE_UIDS } from "../datasources";

export type Dashboard = dashboard.Dashboard;

export const PROMETHEUS: common.DataSourceRef = { type: DATASOURCE_TYPES.prometheus, uid: DATASOURCE_UIDS.prometheus };
export const LOKI: common.DataSourceRef = { type: DATASOURCE_TYPES.loki, uid: DATASOURCE_UIDS.loki };

/** Resolved options of every dashboard: see PlatformDashboardsArgs. */
export interface DashboardOptions {
    uidPrefix: string;
    refresh: string;
    tags: string[];
}

/** One PromQL query of a panel, with its legend (`{{label}}` templates). */
export interface PromQuery {
    expr: string;
    legend?: string;
}

export function promTarget(query: PromQuery, refId: string): prometheus.DataqueryBuilder {
    const target = new prometheus.DataqueryBuilder().datasource(PROMETHEUS).refId(refId).expr(query.expr);
    return query.legend === undefined ? target : target.legendFormat(query.legend);
}

const refId = (i: number) => String.fromCharCode("A".charCodeAt(0) + i);

/** A time series panel of PromQL queries; `width` in grid columns of 24. */
export function timeSeries(title: string, unit: string, queries: PromQuery[], options: { width?: number; description?: string; stack?: boolean } = {}): timeseries.PanelBuilder {
    const panel = new timeseries.PanelBuilder()
        .title(title)
        .datasource(PROMETHEUS)
        .unit(unit)
        .span(options.width ?? 12)
        .height(8)
        .fillOpacity(options.stack ? 40 : 10)
        .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom));
    if (options.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
    if (options.description !== undefined) panel.description(options.description);
    queries.forEach((q, i) => panel.withTarget(promTarget(q, refId(i))));
    return panel;
}

/** A threshold step: the colour from `value` on (the first step's value is ignored: it is the base). */
export interface Step {
    value: number | null;
    color: string;
}

/** A stat panel of one instant PromQL query; thresholds colour its background. */
export function statPanel(title: string, query: PromQuery, options: { unit?: string; width?: number; steps?: Step[]; description?: string; noValue?: string } = {}): stat.PanelBuilder {
    const steps = options.steps ?? [{ value: null, color: "green" }];
    const panel = new stat.PanelBuilder()
        .title(title)
        .datasource(PROMETHEUS)
        .unit(options.unit ?? "short")
        .span(options.width ?? 4)
        .height(4)
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
        .thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps.map((s) => ({ value: s.value, color: s.color }))))
        .withTarget(promTarget(query, "A").instant());
    if (options.description !== undefined) panel.description(options.description);
    if (options.noValue !== undefined) panel.noValue(options.noValue);
    return panel;
}

/** Zero is good, anything above is bad. */
export const ZERO_IS_GOOD: Step[] = [
    { value: null, color: "green" },
    { value: 1, color: "red" },
];

/** A LogQL query for a logs panel or a log-rate time series. */
export function lokiTarget(expr: string, refIdValue = "A", legend?: string): loki.DataqueryBuilder {
    const target = new loki.DataqueryBuilder().datasource(LOKI).refId(refIdValue).expr(expr);
    return legend === undefined ? target : target.legendFormat(legend);
}

/**
 * A query variable: the values of `label` on the series of `query`, several at once or all (`.*`),
 * so expressions match them with `=~"$name"`.
 */
export function labelVariable(name: string, label: string, datasource: common.DataSourceRef, query: string, options: { multi?: boolean } = {}): dashboard.QueryVariableBuilder {
    const multi = options.multi ?? true;
    return new dashboard.QueryVariableBuilder(name)
        .label(label)
        .datasource(datasource)
        .query(query)
        .definition(query)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc)
        .multi(multi)
        .includeAll(multi)
        .allValue(".*");
}

/** A dashboard with the platform's defaults: uid `<prefix>-<name>`, tags, refresh, last 3 hours. */
export function platformDashboard(name: string, title: string, options: DashboardOptions): dashboard.DashboardBuilder {
    return new dashboard.DashboardBuilder(title)
        .uid(`${options.uidPrefix}-${name}`)
        .tags([...options.tags, name])
        .refresh(options.refresh)
        .time({ from: "now-3h", to: "now" })
        .timezone("browser")
        .tooltip(dashboard.DashboardCursorSync.Crosshair)
        .readonly();
}

export function row(title: string): dashboard.RowBuilder {
    return new dashboard.RowBuilder(title);
}

/** Builds the dashboard and numbers its panels 1, 2, … in order, rows and their panels included. */
export function finish(builder: cog.Builder<dashboard.Dashboard>): dashboard.Dashboard {
    const built = builder.build();
    let id = 0;
    for (const panel of built.panels ?? []) {
        panel.id = ++id;
        if (panel.type === "row") for (const inner of (panel as dashboard.RowPanel).panels) inner.id = ++id;
    }
    return built;
}
