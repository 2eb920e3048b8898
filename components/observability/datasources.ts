/**
 * The Grafana datasources the platform provisions, by the UID every dashboard panel names. One copy:
 * the metrics stack's Grafana provisions them under these UIDs, and the dashboards refer to them, so a
 * dashboard never opens on "datasource not found".
 */
export const DATASOURCE_UIDS = {
    prometheus: "prometheus",
    alertmanager: "alertmanager",
    loki: "loki",
} as const;

/** Grafana's plugin type of each datasource. */
export const DATASOURCE_TYPES = {
    prometheus: "prometheus",
    alertmanager: "alertmanager",
    loki: "loki",
} as const;

export type DatasourceName = keyof typeof DATASOURCE_UIDS;

/**
 * The label Grafana's dashboard sidecar looks for on ConfigMaps (the chart's `sidecar.dashboards.label`
 * and `labelValue`): every platform dashboard ConfigMap carries it.
 */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
