/**
 * The Flink logs dashboard (Loki): one logs panel per Flink cluster, repeated over the `cluster`
 * variable, on the labels the log collector sets (`namespace`, `flink_cluster`, `flink_component`),
 * with the log rate per component and a line filter.
 */
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as logs from "@grafana/grafana-foundation-sdk/logs";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { finish, labelVariable, LOKI, lokiTarget, platformDashboard, type Dashboard, type DashboardOptions } from "./panels";

export const LOGS_DASHBOARD_NAME = "flink-logs";

/** The streams of one cluster of the repeated panel, its chosen components. */
const STREAMS = `{namespace=~"$namespace", flink_cluster="$cluster", flink_component=~"$component"}`;

export function flinkLogsDashboard(options: DashboardOptions): Dashboard {
    const search = new dashboard.TextBoxVariableBuilder("search").label("Line contains (regex)").defaultValue("");
    const builder = platformDashboard(LOGS_DASHBOARD_NAME, "Flink logs", options)
        .description("Logs of the Flink clusters' JobManagers and TaskManagers, one panel per cluster.")
        .withVariable(labelVariable("namespace", "Namespace", LOKI, `label_values({flink_cluster=~".+"}, namespace)`))
        .withVariable(labelVariable("cluster", "Flink cluster", LOKI, `label_values({namespace=~"$namespace", flink_cluster=~".+"}, flink_cluster)`))
        .withVariable(labelVariable("component", "Component", LOKI, `label_values({namespace=~"$namespace", flink_cluster=~".+"}, flink_component)`))
        .withVariable(search)
        .withPanel(
            new timeseries.PanelBuilder()
                .title("Log lines per second: $cluster")
                .datasource(LOKI)
                .unit("short")
                .span(24)
                .height(6)
                .repeat("cluster")
                .repeatDirection("v")
                .withTarget(lokiTarget(`sum by (flink_component) (rate(${STREAMS} |~ "$search" [$__auto]))`, "A", "{{flink_component}}"))
                .withTarget(lokiTarget(`sum(rate(${STREAMS} |~ "(?i)(error|exception)" [$__auto]))`, "B", "errors and exceptions")),
        )
        .withPanel(
            new logs.PanelBuilder()
                .title("Logs: $cluster")
                .datasource(LOKI)
                .span(24)
                .height(14)
                .repeat("cluster")
                .repeatDirection("v")
                .showTime(true)
                .wrapLogMessage(true)
                .enableLogDetails(true)
                .sortOrder(common.LogsSortOrder.Descending)
                .withTarget(lokiTarget(`${STREAMS} |~ "$search"`).maxLines(1000)),
        );
    return finish(builder);
}
