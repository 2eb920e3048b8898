import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentChecks } from "../core/problems";
import { createObject } from "../core/objects";
import type { ContainerResourcesArgs } from "./cluster";
import type { ResolvedResources } from "./config";
import { componentLabels, isDnsLabel } from "../core/labels";
import type { Manifest } from "../core/manifest";
import { cpuMillicores, isCpuQuantity, isMemoryQuantity, memoryMiB } from "../core/quantity";

/**
 * The Strimzi release the platform runs, pinned here and only here. 1.0 is the first release that
 * serves only the `kafka.strimzi.io/v1` API the components write (v1beta2 is gone), and the one whose
 * CRD schemas the render tests validate against; 1.0.1 is its patch release (it turns off the Entity
 * Operator's cross-namespace watching by default). It runs Kafka 4.1.0 to 4.2.0: see KAFKA_VERSION.
 */
export const STRIMZI_VERSION = "1.0.1";

/**
 * The Strimzi Cluster Operator chart, from Strimzi's OCI registry. Helm addresses an OCI chart by its
 * full reference; it does not take `oci://` as a repository URL, so there are no `repositoryOpts`.
 */
export const STRIMZI_CHART = "oci://quay.io/strimzi-helm/strimzi-kafka-operator";

/** Ports of Kafka pods that the Cluster Operator connects to: KRaft controllers, replication (its admin client), the Kafka agent. */
export const OPERATOR_TO_KAFKA_PORTS = [9090, 9091, 8443] as const;

export interface StrimziOperatorArgs {
    /** Namespace the operator runs in (the Helm release's); it also watches this one. */
    namespace: string;
    /** Further namespaces whose Kafka resources it manages, such as the streaming namespace. @default [] */
    watchNamespaces?: string[];
    /** Name of the Helm release. @default the component's name */
    releaseName?: string;
    /** Operator replicas; with more than one, they elect a leader. @default 1 */
    replicas?: number;
    /** Requests and limits of the operator. @default requests 200m / 384Mi, limits 1 CPU / 384Mi */
    resources?: ContainerResourcesArgs;
    /**
     * A NetworkPolicy in the operator's namespace that lets it reach the Kafka pods of the watched
     * namespaces (ports 9090, 9091, 8443), for namespaces that deny egress by default. Strimzi's own
     * policies already let it in on the Kafka side.
     * @default true
     */
    networkPolicy?: boolean;
    /** Further chart values, by the chart's own names, merged over the component's. @default {} */
    values?: Record<string, unknown>;
}

export interface ResolvedStrimziOperator {
    instance: string;
    namespace: string;
    watchNamespaces: string[];
    releaseName: string;
    replicas: number;
    resources: ResolvedResources;
    networkPolicy: boolean;
    values: Record<string, unknown>;
}

const DEFAULT_RESOURCES: ResolvedResources = { requestsCpu: "200m", requestsMemory: "384Mi", limitsCpu: "1", limitsMemory: "384Mi" };

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveStrimziOperatorArgs(name: string, args: StrimziOperatorArgs): ResolvedStrimziOperator {
    return {
        instance: name,
        namespace: args.namespace,
        watchNamespaces: args.watchNamespaces ?? [],
        releaseName: args.releaseName ?? name,
        replicas: args.replicas ?? 1,
        resources: {
            requestsCpu: args.resources?.requestsCpu ?? DEFAULT_RESOURCES.requestsCpu,
            requestsMemory: args.resources?.requestsMemory ?? DEFAULT_RESOURCES.requestsMemory,
            limitsCpu: args.resources?.limitsCpu ?? DEFAULT_RESOURCES.limitsCpu,
            limitsMemory: args.resources?.limitsMemory ?? DEFAULT_RESOURCES.limitsMemory,
        },
        networkPolicy: args.networkPolicy ?? true,
        values: args.values ?? {},
    };
}

/** Every problem of the arguments, each naming the argument and what is allowed. */
export function validateStrimziOperator(name: string, o: ResolvedStrimziOperator): ArgumentChecks {
    const checks = new ArgumentChecks("StrimziOperator", name);
    checks.check(isDnsLabel(o.namespace), `namespace must be a DNS label, got "${o.namespace}"`);
    for (const ns of o.watchNamespaces) checks.check(isDnsLabel(ns), `watchNamespaces must be DNS labels, got "${ns}"`);
    // The chart adds its own namespace and would create its RoleBindings there twice.
    checks.check(!o.watchNamespaces.includes(o.namespace), `watchNamespaces must not include the operator's own namespace "${o.namespace}": it is always watched`);
    checks.check(new Set(o.watchNamespaces).size === o.watchNamespaces.length, `watchNamespaces must not repeat a namespace, got ${o.watchNamespaces.join(", ")}`);
    checks.check(isDnsLabel(o.releaseName) && o.releaseName.length <= 53, `releaseName must be a DNS label of at most 53 characters (Helm's limit), got "${o.releaseName}"`);
    checks.check(Number.isInteger(o.replicas) && o.replicas >= 1, `replicas must be a whole number, 1 or more, got ${o.replicas}`);
    const r = o.resources;
    for (const key of ["requestsCpu", "limitsCpu"] as const) {
        checks.check(isCpuQuantity(r[key]), `resources.${key} must be a CPU quantity such as "200m" or "1", got "${r[key]}"`);
    }
    for (const key of ["requestsMemory", "limitsMemory"] as const) {
        checks.check(isMemoryQuantity(r[key]), `resources.${key} must be a quantity such as "384Mi", got "${r[key]}"`);
    }
    if (isCpuQuantity(r.requestsCpu) && isCpuQuantity(r.limitsCpu)) {
        checks.check(cpuMillicores(r.requestsCpu) <= cpuMillicores(r.limitsCpu), `resources.requestsCpu must be at most resources.limitsCpu (${r.limitsCpu}), got "${r.requestsCpu}"`);
    }
    if (isMemoryQuantity(r.requestsMemory) && isMemoryQuantity(r.limitsMemory)) {
        checks.check(memoryMiB(r.requestsMemory) <= memoryMiB(r.limitsMemory), `resources.requestsMemory must be at most resources.limitsMemory (${r.limitsMemory}), got "${r.requestsMemory}"`);
    }
    return checks;
}

/** Seccomp, no privileges, nothing written outside /tmp: the Restricted Pod Security Standard. */
const RESTRICTED_CONTAINER = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: "RuntimeDefault" },
};

/**
 * The chart's values: the watched namespaces, the operator's size and security context, and Strimzi's
 * `restricted` Pod Security Provider, so that every pod it creates (Kafka, entity operator) passes a
 * namespace that enforces the Restricted Pod Security Standard.
 */
export function strimziChartValues(o: ResolvedStrimziOperator): Record<string, unknown> {
    return {
        replicas: o.replicas,
        watchNamespaces: o.watchNamespaces,
        watchAnyNamespace: false,
        resources: {
            requests: { cpu: o.resources.requestsCpu, memory: o.resources.requestsMemory },
            limits: { cpu: o.resources.limitsCpu, memory: o.resources.limitsMemory },
        },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: RESTRICTED_CONTAINER,
        extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
        ...o.values,
    };
}

/** Egress from the operator's pods to the Kafka pods (`strimzi.io/kind: Kafka`) of each watched namespace. */
export function operatorNetworkPolicyManifest(o: ResolvedStrimziOperator): Manifest {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: `${o.releaseName}-to-kafka`, namespace: o.namespace, labels: componentLabels(o.instance, "strimzi-operator") },
        spec: {
            podSelector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } },
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [o.namespace, ...o.watchNamespaces].map((ns) => ({
                        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
                        podSelector: { matchLabels: { "strimzi.io/kind": "Kafka" } },
                    })),
                    ports: OPERATOR_TO_KAFKA_PORTS.map((port) => ({ protocol: "TCP", port })),
                },
            ],
        },
    };
}

/**
 * The Strimzi Cluster Operator, installed from its Helm chart (version pinned in STRIMZI_VERSION) into
 * the operators' namespace, watching the namespaces where Kafka clusters live. The chart installs the
 * Strimzi CRDs on first install; Helm does not upgrade CRDs, so an upgrade of STRIMZI_VERSION applies
 * the new release's CRDs first (see Strimzi's upgrade guide).
 */
export class StrimziOperator extends pulumi.ComponentResource {
    /** Name of the Helm release. */
    public readonly releaseName: pulumi.Output<string>;
    /** Namespaces whose Kafka resources the operator manages, its own included. */
    public readonly watchedNamespaces: pulumi.Output<string[]>;

    constructor(name: string, args: StrimziOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        const resolved = resolveStrimziOperatorArgs(name, args);
        validateStrimziOperator(name, resolved).throwIfAny();
        super("streaming-platform:index:StrimziOperator", name, {}, opts);

        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: resolved.releaseName,
                chart: STRIMZI_CHART,
                version: STRIMZI_VERSION,
                namespace: resolved.namespace,
                createNamespace: false,
                values: strimziChartValues(resolved),
            },
            { parent: this },
        );
        if (resolved.networkPolicy) createObject(name, operatorNetworkPolicyManifest(resolved), { parent: this });

        this.releaseName = release.name;
        this.watchedNamespaces = pulumi.output([resolved.namespace, ...resolved.watchNamespaces]);
        this.registerOutputs({ releaseName: this.releaseName, watchedNamespaces: this.watchedNamespaces });
    }
}
