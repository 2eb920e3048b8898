import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createOperatorCrds } from "../core/crds";
import type { HelmValues } from "../core/helm-values";
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { createObject } from "../core/objects";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { resolveResources, ResourcesArgs, resourcesProblems } from "../core/resources";
import { operatorNetworkPolicyManifest, ResolvedStrimziOperator, STRIMZI_CHART, strimziChartValues } from "./strimzi-chart";
import { STRIMZI_CRDS, STRIMZI_VERSION } from "./versions";
import { once } from "../core/outputs";

/**
 * The Strimzi Cluster Operator. Plain values, not Outputs: they are checked before anything is created.
 */
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
    resources?: ResourcesArgs;
    /**
     * A NetworkPolicy in the operator's namespace that lets it reach the Kafka pods of the watched
     * namespaces (ports 9090, 9091, 8443), for namespaces that deny egress by default. Strimzi's own
     * policies already let it in on the Kafka side.
     * @default true
     */
    networkPolicy?: boolean;
    /**
     * Further chart values, by the chart's own names, merged over the component's as Helm merges values
     * files: maps key by key at every depth (`{ resources: { limits: { memory: "512Mi" } } }` keeps the
     * other resources); a list or any other value replaces the component's.
     * @default {}
     */
    values?: HelmValues;
}

/** Applies the documented defaults. Pure: no Pulumi, no validation. */
export function resolveStrimziOperatorArgs(name: string, args: StrimziOperatorArgs): ResolvedStrimziOperator {
    return {
        instance: name,
        namespace: args.namespace,
        watchNamespaces: args.watchNamespaces ?? [],
        releaseName: args.releaseName ?? name,
        replicas: args.replicas ?? 1,
        resources: resolveResources(args.resources, { requestsCpu: "200m", requestsMemory: "384Mi", limitsCpu: "1", limitsMemory: "384Mi" }),
        networkPolicy: args.networkPolicy ?? true,
        values: args.values ?? {},
    };
}

export function strimziOperatorProblems(name: string, args: StrimziOperatorArgs): Problem[] {
    const o = resolveStrimziOperatorArgs(name, args);
    const problems = new Problems().check(isDnsLabel(o.namespace), "namespace", dnsLabelMessage(o.namespace));
    o.watchNamespaces.forEach((ns, i) => {
        const path = `watchNamespaces[${i}]`;
        problems.check(isDnsLabel(ns), path, dnsLabelMessage(ns));
        // The chart adds its own namespace and would create its RoleBindings there twice.
        problems.check(ns !== o.namespace, path, `must not be the operator's own namespace: it is always watched, got ${JSON.stringify(ns)}`);
        problems.check(ns === o.namespace || o.watchNamespaces.indexOf(ns) === i, path, `must not repeat a namespace, got ${JSON.stringify(ns)}`);
    });
    return problems
        .check(isDnsLabel(o.releaseName) && o.releaseName.length <= 53, "releaseName", `${dnsLabelMessage(o.releaseName, 53)} (Helm's limit)`)
        .check(Number.isInteger(o.replicas) && o.replicas >= 1, "replicas", `must be a whole number, 1 or more, got ${JSON.stringify(o.replicas)}`)
        .add("resources", resourcesProblems(o.resources)).list;
}

/**
 * The Strimzi Cluster Operator, installed from its Helm chart (version pinned in STRIMZI_VERSION) into
 * the operators' namespace, watching the namespaces where Kafka clusters live. Its CRDs are resources of
 * the program (STRIMZI_CRDS), applied before the chart, which skips its own: Helm never upgrades a
 * chart's CRDs, so raising STRIMZI_VERSION upgrades them in the same update, as Strimzi's upgrade guide
 * asks. Kafka resources that take the operator in `dependsOn` wait for both.
 */
export class StrimziOperator extends pulumi.ComponentResource {
    /** Name of the Helm release. */
    public readonly releaseName: pulumi.Output<string>;
    /** Namespaces whose Kafka resources the operator manages, its own included; resolves once the release is installed. */
    public readonly watchedNamespaces: pulumi.Output<string[]>;

    constructor(name: string, args: StrimziOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems("StrimziOperator", name, strimziOperatorProblems(name, args));
        super("streaming-platform:index:StrimziOperator", name, {}, opts);
        const resolved = resolveStrimziOperatorArgs(name, args);

        const crds = createOperatorCrds(name, STRIMZI_CRDS, { parent: this });
        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: resolved.releaseName,
                chart: STRIMZI_CHART,
                version: STRIMZI_VERSION,
                namespace: resolved.namespace,
                createNamespace: false,
                values: strimziChartValues(resolved),
                skipCrds: true,
            },
            { parent: this, dependsOn: [crds] },
        );
        if (resolved.networkPolicy) createObject(name, operatorNetworkPolicyManifest(resolved), { parent: this });

        this.releaseName = release.name;
        this.watchedNamespaces = once(release, [resolved.namespace, ...resolved.watchNamespaces]);
        this.registerOutputs({ releaseName: this.releaseName, watchedNamespaces: this.watchedNamespaces });
    }
}
