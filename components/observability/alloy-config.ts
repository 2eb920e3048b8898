/**
 * Grafana Alloy's configuration (Alloy syntax) and chart values for collecting pod logs into Loki
 * through the Kubernetes API: no host mounts, no DaemonSet. Pure: no Pulumi.
 */
import { HelmValues, mergeValues } from "../core/helm-values";
import { FLINK_POD_LABELS } from "../core/network";
import { containerResources } from "../core/resources";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../core/security";
import { DEFAULT_CONFIG_RELOADER_RESOURCES, ResolvedLogs } from "./logs-args";
import { lokiPushUrl } from "./logs-chart";

/** The `alloy` user of the grafana/alloy image, which Alloy's docs run it as for a non-root pod. */
export const ALLOY_UID = 473;
/** Alloy's HTTP server (values.yaml `alloy.listenPort`): UI, /metrics, readiness. */
export const ALLOY_HTTP_PORT = 12345;

/** The chart's `alloy.selectorLabels` (_helpers.tpl), which controllers/_pod.yaml puts on the pod. */
export function alloyPodLabels(releaseName: string): Record<string, string> {
    return { "app.kubernetes.io/name": "alloy", "app.kubernetes.io/instance": releaseName };
}

export interface AlloyConfigArgs {
    /** Namespaces whose pods are collected. */
    namespaces: string[];
    /** Loki's push URL. */
    lokiPushUrl: string;
}

/** A Kubernetes discovery meta label of a pod label: `__meta_kubernetes_pod_label_<name>`, each non-alphanumeric character an underscore. */
function podLabelMeta(label: string): string {
    return `__meta_kubernetes_pod_label_${label.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

const quote = (s: string) => JSON.stringify(s);

function rule(lines: Record<string, string>): string {
    return ["  rule {", ...Object.entries(lines).map(([k, v]) => `    ${k} = ${v}`), "  }"].join("\n");
}

/** The Flink pods' marker label and value (FLINK_POD_LABELS), which the flink_* rules match on. */
const [FLINK_TYPE_LABEL, FLINK_TYPE_VALUE] = Object.entries(FLINK_POD_LABELS)[0];

/**
 * The configuration: discovery.kubernetes finds the pods of the given namespaces; discovery.relabel
 * gives each target `namespace`, `pod`, `container`, `app` (app.kubernetes.io/name, else `app`), and on
 * Flink pods `flink_cluster` (their `app` label) and `flink_component` (`component`);
 * loki.source.kubernetes tails them through the API and loki.write pushes to Loki.
 */
export function alloyConfig(args: AlloyConfigArgs): string {
    const flinkMarker = podLabelMeta(FLINK_TYPE_LABEL);
    const rules = [
        rule({ source_labels: `[${quote("__meta_kubernetes_namespace")}]`, target_label: quote("namespace") }),
        rule({ source_labels: `[${quote("__meta_kubernetes_pod_name")}]`, target_label: quote("pod") }),
        rule({ source_labels: `[${quote("__meta_kubernetes_pod_container_name")}]`, target_label: quote("container") }),
        // app.kubernetes.io/name when the pod has it, else its `app` label: the first non-empty of the two.
        rule({
            source_labels: `[${quote(podLabelMeta("app.kubernetes.io/name"))}, ${quote(podLabelMeta("app"))}]`,
            separator: quote(";"),
            regex: quote(";*([^;]+).*"),
            target_label: quote("app"),
        }),
        // Flink pods only: the marker label and the label each takes its value from, joined by ";".
        rule({
            source_labels: `[${quote(flinkMarker)}, ${quote(podLabelMeta("app"))}]`,
            separator: quote(";"),
            regex: quote(`${FLINK_TYPE_VALUE};(.+)`),
            target_label: quote("flink_cluster"),
        }),
        rule({
            source_labels: `[${quote(flinkMarker)}, ${quote(podLabelMeta("component"))}]`,
            separator: quote(";"),
            regex: quote(`${FLINK_TYPE_VALUE};(.+)`),
            target_label: quote("flink_component"),
        }),
    ];
    return [
        `discovery.kubernetes "pods" {`,
        `  role = "pod"`,
        `  namespaces {`,
        `    names = [${args.namespaces.map(quote).join(", ")}]`,
        `  }`,
        `}`,
        ``,
        `discovery.relabel "pods" {`,
        `  targets = discovery.kubernetes.pods.targets`,
        ...rules,
        `}`,
        ``,
        `loki.source.kubernetes "pods" {`,
        `  targets    = discovery.relabel.pods.output`,
        `  forward_to = [loki.write.default.receiver]`,
        `}`,
        ``,
        `loki.write "default" {`,
        `  endpoint {`,
        `    url = ${quote(args.lokiPushUrl)}`,
        `  }`,
        `}`,
        ``,
    ].join("\n");
}

/** The verbs discovery.kubernetes and loki.source.kubernetes need on pods, and nothing else. */
export const ALLOY_RBAC_RULES = [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }];

/**
 * The chart's values: one Deployment pod (controller.type deployment) without clustering, the
 * configuration in the ConfigMap the chart creates (alloy.configMap.content), no host mounts, a Role
 * per collected namespace (rbac.namespaces, with rbac.rules) instead of the chart's broad ClusterRole,
 * an emptyDir for Alloy's storage path (the root file system is read-only), every container restricted.
 */
export function alloyValues(o: ResolvedLogs): HelmValues {
    const restricted = restrictedContainerSecurity();
    const config = alloyConfig({ namespaces: o.collectNamespaces, lokiPushUrl: lokiPushUrl(o.lokiReleaseName, o.namespace) });
    return mergeValues(
        {
            crds: { create: false },
            global: { podSecurityContext: restrictedPodSecurity(ALLOY_UID) },
            controller: { type: "deployment", replicas: 1, volumes: { extra: [{ name: "alloy-storage", emptyDir: {} }] } },
            alloy: {
                configMap: { create: true, content: config },
                clustering: { enabled: false },
                enableReporting: false,
                storagePath: "/tmp/alloy",
                mounts: { varlog: false, dockercontainers: false, extra: [{ name: "alloy-storage", mountPath: "/tmp/alloy" }] },
                securityContext: restricted,
                resources: containerResources(o.alloyResources),
            },
            configReloader: { securityContext: restricted, resources: containerResources(DEFAULT_CONFIG_RELOADER_RESOURCES) },
            rbac: { create: true, namespaces: [...o.collectNamespaces], rules: ALLOY_RBAC_RULES },
            serviceAccount: { create: true },
        },
        o.alloyValues,
    );
}
