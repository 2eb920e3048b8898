/**
 * The metrics stack's chart and the Prometheus Operator CRDs it needs, each pinned here and only here.
 */

/**
 * The kube-prometheus-stack chart release. Read in prometheus-community/helm-charts,
 * charts/kube-prometheus-stack/Chart.yaml (`version: 81.4.5`, `appVersion: v0.88.0`, dependencies
 * kube-state-metrics 7.1.0, prometheus-node-exporter 4.51.0, grafana 10.5.12): the newest version the
 * search index holds. Raising it can change the operator version below: keep them together.
 */
export const KUBE_PROMETHEUS_STACK_VERSION = "81.4.5";

/** The chart's name in its repository, which is also how the render's estimators key it. */
export const KUBE_PROMETHEUS_STACK_CHART = "kube-prometheus-stack";

/**
 * The chart repository: the one Chart.yaml's `dependencies` name for the chart's own subcharts
 * (kube-state-metrics, prometheus-node-exporter) and `sources`.
 */
export const PROMETHEUS_COMMUNITY_REPOSITORY = "https://prometheus-community.github.io/helm-charts";

/**
 * The Prometheus Operator the chart runs: Chart.yaml's `appVersion` (the operator image tag defaults to
 * it, templates/prometheus-operator/deployment.yaml: `.Values.prometheusOperator.image.tag | default .Chart.AppVersion`).
 */
export const PROMETHEUS_OPERATOR_VERSION = "v0.88.0";

/**
 * The operator's CRDs, as resources of the program (like STRIMZI_CRDS): the release asset
 * `stripped-down-crds.yaml` that prometheus-operator's .github/workflows/release.yaml builds
 * (`make stripped-down-crds.yaml`) and uploads to every release: the CRDs only, without the operator
 * itself (bundle.yaml has both). The release sets `crds.enabled: false` (the chart's crds subchart,
 * Chart.yaml `condition: crds.enabled`) and `skipCrds`, so Helm never owns them.
 */
export const PROMETHEUS_OPERATOR_CRDS: readonly string[] = [
    `https://github.com/prometheus-operator/prometheus-operator/releases/download/${PROMETHEUS_OPERATOR_VERSION}/stripped-down-crds.yaml`,
];
