/**
 * The stack's observability: ObservabilityStack in the monitoring namespace, scraping, alerting on and
 * collecting the logs of exactly the parts of the platform the stack runs, and node-exporter's own
 * namespace. Its problems are reported under `observability.*`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Problem, relocate, uniqueProblems } from "../components/core/problems";
import { cpuMillicores, isCpuQuantity, isMemoryQuantity, memoryMiB } from "../components/core/quantity";
import type { ResolvedResources } from "../components/core/resources";
import { resolveMetricsStackArgs } from "../components/observability/metrics-stack-args";
import { tenantNamespaceProblems } from "../components/namespace/problems";
import { TenantNamespace } from "../components/namespace/tenant-namespace";
import type { TenantNamespaceArgs } from "../components/namespace/args";
import { ObservabilityStack } from "../components/observability/observability-stack";
import { metricsArgs, ObservabilityStackArgs, observabilityStackProblems } from "../components/observability/observability-stack-args";
import { createLogsBucket, logsStorageProblems, lokiStorageArgs, MadeLogsBucket, makesLogsBucket } from "./logs-storage";
import { namespaceNames } from "./namespaces";
import { NetworkInputs } from "./network";
import { stackPodMonitorsArgs } from "./pod-monitors";
import type { ObservabilityConfig } from "./schema-observability";

/** The component's name, and so (by default) the metrics stack's release name: its Services are `monitoring-grafana`, `monitoring-prometheus`. */
export const OBSERVABILITY_NAME = "monitoring";

/** node-exporter's namespace when the stack names none. */
export const DEFAULT_NODE_EXPORTER_NAMESPACE = "node-exporter";

export type ObservabilityInputs = NetworkInputs & { observability: ObservabilityConfig };

function plannedNodeExporterNamespace(config: ObservabilityConfig): string | undefined {
    const ne = config.nodeExporter ?? { enabled: true };
    return ne.enabled ? (ne.namespace ?? DEFAULT_NODE_EXPORTER_NAMESPACE) : undefined;
}

/** The most nodes node-exporter's namespace makes room for: its quota is this many of its pods. */
export const NODE_EXPORTER_MAX_NODES = 200;

/**
 * node-exporter's namespace. It reads the host's /proc, /sys and root file system and listens on the
 * node's network, which only the Privileged standard allows; alone here, nothing else runs with that.
 * Its DaemonSet runs a pod per node, so the quota is NODE_EXPORTER_MAX_NODES of its pods (`perNode`:
 * their resolved resources; the component reports bad quantities, and they count as nothing here).
 */
export function nodeExporterNamespaceArgs(name: string, perNode: ResolvedResources): TenantNamespaceArgs {
    const cpu = (q: string) => `${(isCpuQuantity(q) ? cpuMillicores(q) : 0) * NODE_EXPORTER_MAX_NODES}m`;
    const memory = (q: string) => `${(isMemoryQuantity(q) ? memoryMiB(q) : 0) * NODE_EXPORTER_MAX_NODES}Mi`;
    return {
        namespace: name,
        podSecurity: "privileged",
        labels: { "app.kubernetes.io/part-of": "streaming-platform", "app.kubernetes.io/component": "node-exporter" },
        quota: {
            requestsCpu: cpu(perNode.requestsCpu),
            requestsMemory: memory(perNode.requestsMemory),
            limitsCpu: cpu(perNode.limitsCpu),
            limitsMemory: memory(perNode.limitsMemory),
            pods: NODE_EXPORTER_MAX_NODES,
            persistentVolumeClaims: 0,
            requestsStorage: "0",
        },
        retainOnDestroy: false,
    };
}

/** The resources of one node-exporter pod, as the component resolves them. */
function nodeExporterResources(inputs: ObservabilityInputs): ResolvedResources {
    return resolveMetricsStackArgs(OBSERVABILITY_NAME, metricsArgs(observabilityArgs(inputs))).nodeExporterResources;
}

/** ObservabilityStack's arguments from the `observability` section and what the stack runs (with Loki's bucket, if the stack made one). */
export function observabilityArgs(inputs: ObservabilityInputs, logsBucket?: MadeLogsBucket): ObservabilityStackArgs {
    const config = inputs.observability;
    const names = namespaceNames(inputs.namespaces);
    const platformNamespaces = [names.streaming, names.operators, names.monitoring, ...names.tenants];
    const r = config.resources ?? {};
    const ne = plannedNodeExporterNamespace(config);
    const apiServerCidrs = inputs.cluster?.apiServerCidrs;
    const { flink, kafka, zookeeper, apps } = stackPodMonitorsArgs(inputs);
    const logs = config.logs;
    // Plain values, so their shape is checked; the component keeps them as secrets.
    const { slack, email } = config.receivers ?? {};
    return {
        namespace: names.monitoring,
        metrics: {
            retention: config.retention,
            prometheusStorage: config.storage,
            grafanaStorage: config.grafanaStorage,
            prometheusResources: r.prometheus,
            alertmanagerResources: r.alertmanager,
            grafanaResources: r.grafana,
            grafanaSidecarResources: r.grafanaSidecar,
            operatorResources: r.operator,
            kubeStateMetricsResources: r.kubeStateMetrics,
            nodeExporterResources: r.nodeExporter,
            nodeExporter: ne !== undefined,
            ...(ne !== undefined ? { nodeExporterNamespace: ne } : {}),
            ...(apiServerCidrs !== undefined ? { kubeApiCidrs: apiServerCidrs } : {}),
            ...(slack !== undefined ? { slack } : {}),
            ...(email !== undefined ? { email } : {}),
        },
        logs: logs.enabled
            ? {
                  collectNamespaces: platformNamespaces,
                  retention: logs.retention,
                  storage: lokiStorageArgs(inputs, logsBucket),
                  lokiResources: logs.lokiResources,
                  alloyResources: logs.alloyResources,
                  ...(apiServerCidrs !== undefined ? { apiServerCidrs } : {}),
              }
            : { enabled: false },
        alerts: { podNamespaces: platformNamespaces, thresholds: config.thresholds },
        podMonitors: { flink, kafka, zookeeper, apps, ...(config.scrapeInterval !== undefined ? { interval: config.scrapeInterval } : {}) },
    };
}

/** Where the component's arguments come from in the stack, for its problems' paths. */
const MOVED: Readonly<Record<string, string>> = {
    namespace: "namespaces.monitoring.name",
    "metrics.retention": "observability.retention",
    "metrics.prometheusStorage": "observability.storage",
    "metrics.grafanaStorage": "observability.grafanaStorage",
    "metrics.prometheusResources": "observability.resources.prometheus",
    "metrics.alertmanagerResources": "observability.resources.alertmanager",
    "metrics.grafanaResources": "observability.resources.grafana",
    "metrics.grafanaSidecarResources": "observability.resources.grafanaSidecar",
    "metrics.operatorResources": "observability.resources.operator",
    "metrics.kubeStateMetricsResources": "observability.resources.kubeStateMetrics",
    "metrics.nodeExporterResources": "observability.resources.nodeExporter",
    "metrics.nodeExporterNamespace": "observability.nodeExporter.namespace",
    "metrics.slack": "observability.receivers.slack",
    "metrics.email": "observability.receivers.email",
    "metrics.kubeApiCidrs": "cluster.apiServerCidrs",
    "logs.apiServerCidrs": "cluster.apiServerCidrs",
    "alerts.thresholds": "observability.thresholds",
    "podMonitors.interval": "observability.scrapeInterval",
};

/** The section's problems by stack key path; none when it is off. */
export function observabilityProblems(inputs: ObservabilityInputs): Problem[] {
    if (!inputs.observability.enabled) return [];
    const NODE_EXPORTER_NAMESPACE = "observability.nodeExporter.namespace";
    let problems = relocate("observability", observabilityStackProblems(OBSERVABILITY_NAME, observabilityArgs(inputs)), MOVED);
    if (makesLogsBucket(inputs)) {
        // The bucket is made later, and its region is the bucket's to check (logsStorageProblems).
        const madeByStack = ["observability.logs.storage.bucket", "observability.logs.storage.region"];
        problems = problems.filter((p) => !madeByStack.includes(p.path));
    }
    problems.push(...logsStorageProblems(inputs));
    const ne = plannedNodeExporterNamespace(inputs.observability);
    if (ne !== undefined) {
        const names = namespaceNames(inputs.namespaces);
        const taken = [names.streaming, names.monitoring, names.operators, ...names.tenants];
        if (taken.includes(ne)) {
            // One message for the key: this one says why, for every namespace of the platform's.
            problems = problems.filter((p) => p.path !== NODE_EXPORTER_NAMESPACE);
            problems.push({ path: NODE_EXPORTER_NAMESPACE, message: `must be a namespace of its own (it allows privileged pods), got ${JSON.stringify(ne)}, a namespace of the platform's` });
        } else {
            problems.push(...relocate("observability.nodeExporter", tenantNamespaceProblems(ne, nodeExporterNamespaceArgs(ne, nodeExporterResources(inputs)))));
        }
    }
    return uniqueProblems(problems);
}

export interface PlatformObservability {
    stack: ObservabilityStack;
    nodeExporterNamespace?: TenantNamespace;
}

export function createObservability(inputs: ObservabilityInputs, monitoring: pulumi.Resource, opts: pulumi.ComponentResourceOptions): PlatformObservability | undefined {
    if (!inputs.observability.enabled) return undefined;
    const ne = plannedNodeExporterNamespace(inputs.observability);
    const nodeExporterNamespace = ne === undefined ? undefined : new TenantNamespace(ne, nodeExporterNamespaceArgs(ne, nodeExporterResources(inputs)), opts);
    const dependsOn = [monitoring, ...(nodeExporterNamespace !== undefined ? [nodeExporterNamespace] : [])];
    const stack = new ObservabilityStack(OBSERVABILITY_NAME, observabilityArgs(inputs, createLogsBucket(inputs, opts)), { ...opts, dependsOn });
    return { stack, nodeExporterNamespace };
}
