/**
 * An operator's CustomResourceDefinitions as resources of the program, read from the operator release's
 * own CRD files. Helm installs a chart's CRDs on first install only and never upgrades them, so an
 * operator whose chart is installed with `skipCrds` behind these gets the CRDs of its pinned version in
 * the same `pulumi up` that upgrades it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export const CRD_RESOURCE_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/** The Kubernetes provider's annotation that makes server-side apply take fields another manager owns. */
export const PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce";

/**
 * What each CRD of the group gets. `retainOnDelete`: deleting a CRD deletes every custom resource of its
 * kind in the whole cluster (a tenant's own FlinkDeployments too), which Helm never does to a chart's
 * CRDs either. Forced apply: the CRDs that an earlier install left were created by Helm (or replaced by
 * hand with kubectl), and the program's version of them has to win over those managers' fields.
 */
export function operatorCrdTransform(args: pulumi.ResourceTransformArgs): pulumi.ResourceTransformResult | undefined {
    if (args.type !== CRD_RESOURCE_TYPE) return undefined;
    const metadata = (args.props.metadata ?? {}) as { annotations?: Record<string, string> };
    return {
        props: { ...args.props, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), [PATCH_FORCE_ANNOTATION]: "true" } } },
        opts: pulumi.mergeOptions(args.opts, { retainOnDelete: true }),
    };
}

/**
 * The CRDs in `files` (paths or URLs of the release's CRD manifests), named `${name}-crds`. A resource
 * that needs them (the operator's Helm release, custom resources) takes the group in `dependsOn`, which
 * waits until every CRD in it is established.
 */
export function createOperatorCrds(name: string, files: readonly string[], opts: pulumi.ComponentResourceOptions): k8s.yaml.v2.ConfigGroup {
    return new k8s.yaml.v2.ConfigGroup(`${name}-crds`, { files: [...files] }, { ...opts, transforms: [...(opts.transforms ?? []), operatorCrdTransform] });
}
