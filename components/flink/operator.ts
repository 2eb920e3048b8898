import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { containerResources, ResolvedResources, resolveResources, ResourcesArgs, resourcesProblems } from "../core/resources";
import { restrictedContainerSecurity } from "../core/security";
import { HelmValues, mergeValues } from "../core/helm-values";
import { createOperatorCrds } from "../core/crds";
import { once } from "../core/outputs";
import {
    ALLOWED_ARTIFACT_SCHEMES_KEY,
    allowedArtifactSchemesProblems,
    ArtifactPolicy,
    DISALLOW_RESTRICTED_ARTIFACT_HOSTS_KEY,
    resolveArtifactPolicy,
} from "./artifacts";

/**
 * The Flink Kubernetes Operator release, pinned in this one place. 1.15.0 validates session jobs' jar
 * URIs (see ./artifacts) and runs Flink up to 2.2 (FLINK_VERSION); Flink 2.3 needs operator 1.16.
 */
export const FLINK_OPERATOR_VERSION = "1.15.0";

/** Its Helm chart. */
export const FLINK_OPERATOR_CHART = {
    chart: "flink-kubernetes-operator",
    version: FLINK_OPERATOR_VERSION,
    // The archive keeps every release; the downloads site keeps only the latest.
    repo: `https://archive.apache.org/dist/flink/flink-kubernetes-operator-${FLINK_OPERATOR_VERSION}/`,
} as const;

/**
 * The release's CRDs, the files of its chart's crds/ folder at the release's tag, which the program
 * applies itself (Helm would install them once and never upgrade them). A release that adds a custom
 * resource kind adds its file here.
 */
export const FLINK_OPERATOR_CRDS: readonly string[] = ["flinkdeployments", "flinksessionjobs", "flinkstatesnapshots", "flinkbluegreendeployments"].map(
    (plural) =>
        `https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-${FLINK_OPERATOR_VERSION}/helm/flink-kubernetes-operator/crds/${plural}.flink.apache.org-v1.yml`,
);

export const FLINK_OPERATOR_METRICS_PORT = 9999;
/** The name chart 1.15.0's controller Deployment gives that port (`metrics.port`) on the operator's container. */
export const FLINK_OPERATOR_METRICS_PORT_NAME = "metrics";

/**
 * The labels of the operator's pods: chart 1.15.0's `flink-operator.selectorLabels`, the chart's name
 * (nameOverride is not set). What a Flink cluster admits to its REST port.
 */
export const FLINK_OPERATOR_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/name": FLINK_OPERATOR_CHART.chart };

/** The operator's own user and group in its image. */
const OPERATOR_UID = 9999;

/** Plain values, not Outputs: they are checked before anything is created. */
export interface FlinkOperatorArgs {
    /** Namespace the operator runs in; it must exist. Required. */
    namespace: string;
    /** Namespaces whose FlinkDeployments and FlinkSessionJobs the operator manages. Required, at least one. */
    watchNamespaces: string[];
    /** @default requests 100m / 512Mi, limits 1 / 1Gi */
    resources?: ResourcesArgs;
    /**
     * The URI schemes the operator fetches session jobs' jars with (kubernetes.operator.user.artifacts.allowed-schemes).
     * Keep the default unless a session job needs another: "s3" for jars in a bucket (the operator's
     * image then needs Flink's S3 file system plugin), "http" for a server without TLS. Give session
     * clusters the same list. @default ["https"]
     */
    allowedArtifactSchemes?: string[];
    /**
     * Whether the operator refuses session jobs' jars from hosts that resolve to loopback, link-local or
     * private addresses (kubernetes.operator.user.artifacts.disallow-restricted-hosts), so that a job spec
     * cannot make the operator reach the cloud's metadata service or the cluster's own Services. Set
     * false only to fetch jars from a server inside the cluster. @default true
     */
    disallowRestrictedArtifactHosts?: boolean;
    /**
     * Extra chart values, merged deeply over the platform's as Helm merges values files: maps key by
     * key, so `{ operatorPod: { nodeSelector } }` keeps the operator's resources; a list or any other
     * value replaces the platform's. @default {}
     */
    values?: HelmValues;
}

export interface ResolvedFlinkOperator {
    name: string;
    namespace: string;
    watchNamespaces: string[];
    resources: ResolvedResources;
    artifacts: ArtifactPolicy;
    values: HelmValues;
}

const DEFAULT_RESOURCES: ResolvedResources = { requestsCpu: "100m", requestsMemory: "512Mi", limitsCpu: "1", limitsMemory: "1Gi" };

export function resolveFlinkOperatorArgs(name: string, args: FlinkOperatorArgs): ResolvedFlinkOperator {
    return {
        name,
        namespace: args.namespace,
        watchNamespaces: args.watchNamespaces ?? [],
        resources: resolveResources(args.resources, DEFAULT_RESOURCES),
        artifacts: resolveArtifactPolicy(args.allowedArtifactSchemes, args.disallowRestrictedArtifactHosts),
        values: args.values ?? {},
    };
}

/** The operator's resources over its defaults, by path relative to the resources. */
export function flinkOperatorResourcesProblems(resources: ResourcesArgs | undefined): Problem[] {
    return resourcesProblems(resolveResources(resources, DEFAULT_RESOURCES));
}

/** Every problem of the arguments, by argument path. */
export function flinkOperatorProblems(name: string, args: FlinkOperatorArgs): Problem[] {
    const o = resolveFlinkOperatorArgs(name, args);
    const problems = new Problems()
        .check(isDnsLabel(o.namespace), "namespace", dnsLabelMessage(o.namespace))
        .check(o.watchNamespaces.length > 0, "watchNamespaces", "must name at least one namespace (the operator gets rights only there), got []");
    o.watchNamespaces.forEach((ns, i) => problems.check(isDnsLabel(ns), `watchNamespaces[${i}]`, dnsLabelMessage(ns)));
    return problems.add("resources", flinkOperatorResourcesProblems(args.resources)).add("", allowedArtifactSchemesProblems(args.allowedArtifactSchemes)).list;
}

/**
 * The operator's Flink configuration. Chart 1.15.0's controller Deployment mounts the `flink-conf.yaml`
 * key of its ConfigMap whenever `defaultConfiguration` has one (and `config.yaml` only otherwise), and
 * the operator reads flink-conf.yaml first, so settings under `config.yaml` would never be read. A value
 * for the key replaces the chart's, so the chart's overrides are kept here, with Prometheus in place of
 * its log reporter. flink-conf.yaml is Flink's flat format: a list is its items joined by ";".
 */
export function flinkOperatorConfiguration(o: Pick<ResolvedFlinkOperator, "artifacts">): string {
    return [
        "kubernetes.operator.metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        `kubernetes.operator.metrics.reporter.prom.port: ${FLINK_OPERATOR_METRICS_PORT}`,
        "kubernetes.operator.reconcile.interval: 15 s",
        "kubernetes.operator.observer.progress-check.interval: 5 s",
        `${ALLOWED_ARTIFACT_SCHEMES_KEY}: ${o.artifacts.allowedSchemes.join(";")}`,
        `${DISALLOW_RESTRICTED_ARTIFACT_HOSTS_KEY}: ${o.artifacts.disallowRestrictedHosts}`,
    ].join("\n");
}

/**
 * The chart's values: rights only in the watched namespaces, no admission webhook (so no cert-manager
 * is needed, as on minikube), no chart-made `flink` ServiceAccount (each cluster brings its own with
 * a narrower Role), restricted security, Prometheus metrics for the operator itself; the user's
 * values merged over them.
 */
export function flinkOperatorValues(o: ResolvedFlinkOperator): HelmValues {
    const platform: HelmValues = {
        watchNamespaces: o.watchNamespaces,
        webhook: { create: false },
        jobServiceAccount: { create: false },
        rbac: { create: true, jobRole: { create: false }, jobRoleBinding: { create: false } },
        podSecurityContext: { runAsNonRoot: true, runAsUser: OPERATOR_UID, runAsGroup: OPERATOR_UID, seccompProfile: { type: "RuntimeDefault" } },
        operatorSecurityContext: restrictedContainerSecurity({ readOnlyRootFilesystem: false }),
        operatorPod: { resources: containerResources(o.resources) },
        metrics: { port: FLINK_OPERATOR_METRICS_PORT },
        defaultConfiguration: { create: true, append: true, "flink-conf.yaml": flinkOperatorConfiguration(o) },
    };
    return mergeValues(platform, o.values);
}

/**
 * The Apache Flink Kubernetes Operator, from its Helm chart, managing Flink clusters in the watched
 * namespaces. Works without cert-manager. Its CRDs are resources of the program, applied before the
 * chart: raising FLINK_OPERATOR_VERSION upgrades them in the same update. Custom resources that take
 * the operator in `dependsOn` wait for both.
 */
export class FlinkOperator extends pulumi.ComponentResource {
    /** The Helm release's name; resolves once the release is installed. */
    public readonly releaseName: pulumi.Output<string>;
    /** The chart version installed. */
    public readonly version: pulumi.Output<string>;

    constructor(name: string, args: FlinkOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("FlinkOperator", name, flinkOperatorProblems(name, args));
        super("streaming-platform:index:FlinkOperator", name, {}, opts);
        const resolved = resolveFlinkOperatorArgs(name, args);
        const crds = createOperatorCrds(name, FLINK_OPERATOR_CRDS, { parent: this });
        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name,
                namespace: resolved.namespace,
                chart: FLINK_OPERATOR_CHART.chart,
                version: FLINK_OPERATOR_CHART.version,
                repositoryOpts: { repo: FLINK_OPERATOR_CHART.repo },
                values: flinkOperatorValues(resolved),
                // The program applies the CRDs itself, at the pinned version: see FLINK_OPERATOR_CRDS.
                skipCrds: true,
                atomic: true,
                timeout: 600,
            },
            { parent: this, dependsOn: [crds] },
        );
        this.releaseName = release.name;
        this.version = once(release, FLINK_OPERATOR_CHART.version);
        this.registerOutputs({ releaseName: this.releaseName, version: this.version });
    }
}
