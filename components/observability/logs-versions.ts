/**
 * The Loki and Grafana Alloy charts the logs stack runs, each pinned here and only here, with where
 * each pin was read.
 */

/**
 * Loki's OSS chart. It moved from grafana/helm-charts (and grafana/loki production/helm/loki, where the
 * last release was 6.x for Loki 3.6) to grafana-community/helm-charts in 2026; the repository URL is
 * the one its README (charts/loki/README.md) gives for `helm repo add grafana-community`.
 * Version and appVersion read from grafana-community/helm-charts charts/loki/Chart.yaml at commit
 * 97cd3ac882305cad369d7a3fd98f0aee8ca535ac: chart 12.0.1, Loki 3.7.1. Later releases exist (other
 * projects pin 18.x with Loki 3.7.x) but their Chart.yaml and values.yaml could not be read here.
 * Chart 10.0.0 renamed deploymentMode `SingleBinary` to `Monolithic` (README "Upgrading").
 */
export const LOKI_CHART = {
    chart: "loki",
    version: "12.0.1",
    repo: "https://grafana-community.github.io/helm-charts",
} as const;

/** The Loki release that chart deploys (its appVersion). */
export const LOKI_VERSION = "3.7.1";

/**
 * Grafana Alloy's chart, developed in grafana/alloy (operations/helm/charts/alloy) and published to
 * Grafana's chart repository. Version from grafana/alloy pull request #6192 ("Release alloy helm chart
 * v1.8.1", 2026-05-05: "Update Helm chart for Alloy v1.16.1"); the Chart.yaml versions stored for reading
 * here were older (0.12.5), so the values this module sets were checked against the chart's current
 * templates (controllers/_pod.yaml, rbac.yaml, _helpers.tpl) and values.yaml.
 */
export const ALLOY_CHART = {
    chart: "alloy",
    version: "1.8.1",
    repo: "https://grafana.github.io/helm-charts",
} as const;

/** The Alloy release that chart deploys (its appVersion). */
export const ALLOY_VERSION = "v1.16.1";
