import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { isDnsLabel } from "../core/labels";
import { checkResources } from "../core/resources";
import { containerResources, ResolvedResources, resolveResources, ResourcesArgs, restrictedContainerSecurity } from "../core/workload";

/** The Flink Kubernetes Operator release: its chart, pinned in this one place. */
export const FLINK_OPERATOR_CHART = {
    chart: "flink-kubernetes-operator",
    version: "1.14.0",
    // The archive keeps every release; the downloads site keeps only the latest.
    repo: "https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.14.0/",
} as const;

export const FLINK_OPERATOR_METRICS_PORT = 9999;

export interface FlinkOperatorArgs {
    /** Namespace the operator runs in; it must exist. */
    namespace: string;
    /** Namespaces whose FlinkDeployments and FlinkSessionJobs the operator manages. Required, at least one. */
    watchNamespaces: string[];
    /** @default requests 100m / 512Mi, limits 1 / 1Gi */
    resources?: ResourcesArgs;
    /** Extra chart values, merged over the platform's. @default {} */
    values?: Record<string, unknown>;
}

export interface ResolvedFlinkOperator {
    name: string;
    namespace: string;
    watchNamespaces: string[];
    resources: ResolvedResources;
    values: Record<string, unknown>;
}

export function resolveFlinkOperatorArgs(name: string, args: FlinkOperatorArgs): ResolvedFlinkOperator {
    return {
        name,
        namespace: args.namespace,
        watchNamespaces: args.watchNamespaces ?? [],
        resources: resolveResources(args.resources, { requestsCpu: "100m", requestsMemory: "512Mi", limitsCpu: "1", limitsMemory: "1Gi" }),
        values: args.values ?? {},
    };
}

export function validateFlinkOperator(o: ResolvedFlinkOperator): ArgumentChecks {
    const checks = new ArgumentChecks("FlinkOperator", o.name);
    checks.check(isDnsLabel(o.namespace), `namespace must be a DNS label, got "${o.namespace}"`);
    checks.check(o.watchNamespaces.length > 0, "watchNamespaces must name at least one namespace (the operator gets rights only there)");
    for (const ns of o.watchNamespaces) checks.check(isDnsLabel(ns), `watchNamespaces must be DNS labels, got "${ns}"`);
    checkResources(checks, "resources", o.resources);
    return checks;
}

/**
 * The chart's values: rights only in the watched namespaces, no admission webhook (so no cert-manager
 * is needed, as on minikube), no chart-made `flink` ServiceAccount (each cluster brings its own with
 * a narrower Role), restricted security, Prometheus metrics for the operator itself.
 */
export function flinkOperatorValues(o: ResolvedFlinkOperator): Record<string, unknown> {
    return {
        watchNamespaces: o.watchNamespaces,
        webhook: { create: false },
        jobServiceAccount: { create: false },
        rbac: { create: true, jobRole: { create: false }, jobRoleBinding: { create: false } },
        podSecurityContext: { runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, seccompProfile: { type: "RuntimeDefault" } },
        operatorSecurityContext: restrictedContainerSecurity(false),
        operatorPod: { resources: containerResources(o.resources) },
        metrics: { port: FLINK_OPERATOR_METRICS_PORT },
        defaultConfiguration: {
            create: true,
            append: true,
            "config.yaml": [
                "kubernetes.operator.metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                `kubernetes.operator.metrics.reporter.prom.port: ${FLINK_OPERATOR_METRICS_PORT}`,
            ].join("\n"),
        },
        ...o.values,
    };
}

/**
 * The Apache Flink Kubernetes Operator, from its Helm chart, managing Flink clusters in the watched
 * namespaces. Works without cert-manager.
 */
export class FlinkOperator extends pulumi.ComponentResource {
    /** The Helm release's name. */
    public readonly releaseName: pulumi.Output<string>;
    /** The chart version installed. */
    public readonly version: pulumi.Output<string>;

    constructor(name: string, args: FlinkOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveFlinkOperatorArgs(name, args);
        validateFlinkOperator(resolved).throwIfAny();
        super("streaming-platform:index:FlinkOperator", name, {}, opts);
        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name,
                namespace: resolved.namespace,
                chart: FLINK_OPERATOR_CHART.chart,
                version: FLINK_OPERATOR_CHART.version,
                repositoryOpts: { repo: FLINK_OPERATOR_CHART.repo },
                values: flinkOperatorValues(resolved),
                // The CRDs come with the chart; Helm does not upgrade them, so keep them across upgrades.
                skipCrds: false,
                atomic: true,
                timeout: 600,
            },
            { parent: this },
        );
        this.releaseName = release.name;
        this.version = pulumi.output(FLINK_OPERATOR_CHART.version);
        this.registerOutputs({ releaseName: this.releaseName, version: this.version });
    }
}
