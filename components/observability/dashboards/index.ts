/**
 * The platform's Grafana dashboards as code (Grafana's foundation SDK), and the ConfigMaps that
 * Grafana's dashboard sidecar loads them from. Pure: the dashboards are data, so tests parse every
 * query with the PromQL and LogQL parsers and hold every metric name to dashboard-metrics.ts.
 */
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { componentLabels, dnsLabelMessage, isDnsLabel } from "../../core/labels";
import type { ConfigMap } from "../../core/objects";
import { Problems, throwIfProblems, type Problem } from "../../core/problems";
import { DATASOURCE_TYPES, GRAFANA_DASHBOARD_LABEL } from "../datasources";
import { FLINK_DASHBOARD_NAME, flinkDashboard } from "./flink";
import { KAFKA_DASHBOARD_NAME, kafkaDashboard } from "./kafka";
import { flinkLogsDashboard, LOGS_DASHBOARD_NAME } from "./logs";
import { OPERATORS_DASHBOARD_NAME, operatorsDashboard } from "./operators";
import { OVERVIEW_DASHBOARD_NAME, overviewDashboard } from "./overview";
import type { Dashboard, DashboardOptions } from "./panels";
import { ZOOKEEPER_DASHBOARD_NAME, zookeeperDashboard } from "./zookeeper";

export type { Dashboard } from "./panels";

/** Plain values only: they are checked and written into the dashboards. */
export interface PlatformDashboardsArgs {
    /**
     * The start of every dashboard's uid, `<uidPrefix>-<name>`: stable, so links and bookmarks survive
     * a redeploy. Letters, digits, "-" and "_"; uids are at most 40 characters, so at most 28 here.
     * @default "streaming-platform"
     */
    uidPrefix?: string;
    /** How often the dashboards refresh, a Grafana interval such as "30s" or "1m". @default "30s" */
    refresh?: string;
    /** Tags on every dashboard (each also carries its own name). @default ["streaming-platform"] */
    tags?: string[];
}

export const PLATFORM_DASHBOARDS_DEFAULTS = { uidPrefix: "streaming-platform", refresh: "30s", tags: ["streaming-platform"] };

/** Grafana's uids: at most 40 characters; the longest dashboard name here is "flink-logs" (10) and "-". */
const MAX_UID_PREFIX = 40 - 1 - "flink-logs".length;
const UID = /^[A-Za-z0-9_-]+$/;
const INTERVAL = /^[1-9][0-9]*(s|m|h|d)$/;

export function platformDashboardsProblems(args: PlatformDashboardsArgs = {}): Problem[] {
    const problems = new Problems();
    if (args.uidPrefix !== undefined) {
        problems.check(
            typeof args.uidPrefix === "string" && UID.test(args.uidPrefix) && args.uidPrefix.length <= MAX_UID_PREFIX,
            "uidPrefix",
            `must be 1 to ${MAX_UID_PREFIX} letters, digits, "-" and "_", got ${JSON.stringify(args.uidPrefix)}`,
        );
    }
    if (args.refresh !== undefined) problems.check(INTERVAL.test(args.refresh), "refresh", `must be an interval such as "30s" or "1m", got ${JSON.stringify(args.refresh)}`);
    if (args.tags !== undefined) {
        problems.check(Array.isArray(args.tags), "tags", `must be a list of strings, got ${JSON.stringify(args.tags)}`);
        if (Array.isArray(args.tags)) args.tags.forEach((t, i) => problems.check(typeof t === "string" && t.length > 0, `tags[${i}]`, `must be a non-empty string, got ${JSON.stringify(t)}`));
    }
    return problems.list;
}

export interface PlatformDashboard {
    /** The dashboard's name: its uid's suffix, its ConfigMap's name's suffix and its file name. */
    name: string;
    /** The dashboard model (Grafana's dashboard JSON), as the foundation SDK builds it. */
    dashboard: Dashboard;
}

const BUILDERS: readonly [string, (options: DashboardOptions) => Dashboard][] = [
    [OVERVIEW_DASHBOARD_NAME, overviewDashboard],
    [FLINK_DASHBOARD_NAME, flinkDashboard],
    [LOGS_DASHBOARD_NAME, flinkLogsDashboard],
    [KAFKA_DASHBOARD_NAME, kafkaDashboard],
    [ZOOKEEPER_DASHBOARD_NAME, zookeeperDashboard],
    [OPERATORS_DASHBOARD_NAME, operatorsDashboard],
];

/** Every platform dashboard. Throws an ArgumentError listing every problem of the arguments. */
export function platformDashboards(args: PlatformDashboardsArgs = {}): PlatformDashboard[] {
    throwIfProblems("platformDashboards", args.uidPrefix ?? PLATFORM_DASHBOARDS_DEFAULTS.uidPrefix, platformDashboardsProblems(args));
    const options: DashboardOptions = {
        uidPrefix: args.uidPrefix ?? PLATFORM_DASHBOARDS_DEFAULTS.uidPrefix,
        refresh: args.refresh ?? PLATFORM_DASHBOARDS_DEFAULTS.refresh,
        tags: [...(args.tags ?? PLATFORM_DASHBOARDS_DEFAULTS.tags)],
    };
    return BUILDERS.map(([name, build]) => ({ name, dashboard: build(options) }));
}

/** The ConfigMap name of a dashboard. */
export function dashboardConfigMapName(name: string): string {
    return `grafana-dashboard-${name}`;
}

/**
 * One ConfigMap per dashboard, labeled for Grafana's dashboard sidecar (GRAFANA_DASHBOARD_LABEL), its
 * JSON under `<name>.json`, in the namespace the sidecar watches (the monitoring stack's).
 */
export function dashboardConfigMaps(namespace: string, args: PlatformDashboardsArgs = {}): ConfigMap[] {
    throwIfProblems("dashboardConfigMaps", namespace, isDnsLabel(namespace) ? [] : [{ path: "namespace", message: dnsLabelMessage(namespace) }]);
    return platformDashboards(args).map(({ name, dashboard: model }) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: dashboardConfigMapName(name),
            namespace,
            labels: { ...componentLabels(dashboardConfigMapName(name), "grafana-dashboard"), ...GRAFANA_DASHBOARD_LABEL },
        },
        data: { [`${name}.json`]: JSON.stringify(model, null, 2) },
    }));
}

export interface DashboardQuery {
    /** The dashboard's name. */
    dashboard: string;
    /** The panel's title. */
    panel: string;
    datasource: "prometheus" | "loki";
    /** The query as written, Grafana's variables (`$namespace`, `$__rate_interval`) included. */
    expr: string;
}

type Target = { expr?: unknown; datasource?: { type?: string } };

function panelsOf(model: Dashboard): dashboard.Panel[] {
    return (model.panels ?? []).flatMap((p) => (p.type === "row" ? (p as dashboard.RowPanel).panels : [p as dashboard.Panel]));
}

/** Every query of every panel of every dashboard, for tests. */
export function dashboardQueries(args: PlatformDashboardsArgs = {}): DashboardQuery[] {
    return platformDashboards(args).flatMap(({ name, dashboard: model }) =>
        panelsOf(model).flatMap((panel) =>
            ((panel.targets ?? []) as Target[]).map((target) => {
                const type = target.datasource?.type ?? panel.datasource?.type;
                if (type !== DATASOURCE_TYPES.prometheus && type !== DATASOURCE_TYPES.loki) throw new Error(`panel ${name}/${panel.title}: a target of datasource type ${String(type)}`);
                return { dashboard: name, panel: panel.title ?? "", datasource: type, expr: String(target.expr) };
            }),
        ),
    );
}
