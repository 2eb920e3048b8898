/**
 * Request estimators for what operators and charts turn into pods: custom resources keyed
 * `apiVersion/kind`, Helm charts keyed by chart name. One module per operator; add yours here.
 */
import type { HelmEstimator, ObjectEstimator } from "../pod-requests";
import * as flink from "./flink";
import * as kubePrometheusStack from "./kube-prometheus-stack";
import * as logs from "./logs";
import * as strimzi from "./strimzi";

const modules: { customResources?: Record<string, ObjectEstimator>; charts?: Record<string, HelmEstimator> }[] = [flink, strimzi, kubePrometheusStack, logs];

export const CUSTOM_RESOURCE_ESTIMATORS: Record<string, ObjectEstimator> = Object.assign({}, ...modules.map((m) => m.customResources ?? {}));
export const HELM_ESTIMATORS: Record<string, HelmEstimator> = Object.assign({}, ...modules.map((m) => m.charts ?? {}));
