import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "./manifest";

type ObjectConstructor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

// The typed resource of each kind the pure manifest builders produce: the provider knows how to wait for them.
const CONSTRUCTORS: Record<string, ObjectConstructor> = {
    "v1/Namespace": k8s.core.v1.Namespace,
    "v1/ResourceQuota": k8s.core.v1.ResourceQuota,
    "v1/LimitRange": k8s.core.v1.LimitRange,
    "v1/ServiceAccount": k8s.core.v1.ServiceAccount,
    "v1/Service": k8s.core.v1.Service,
    "v1/ConfigMap": k8s.core.v1.ConfigMap,
    "v1/Secret": k8s.core.v1.Secret,
    "v1/PersistentVolumeClaim": k8s.core.v1.PersistentVolumeClaim,
    "apps/v1/StatefulSet": k8s.apps.v1.StatefulSet,
    "apps/v1/Deployment": k8s.apps.v1.Deployment,
    "batch/v1/Job": k8s.batch.v1.Job,
    "policy/v1/PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
    "networking.k8s.io/v1/NetworkPolicy": k8s.networking.v1.NetworkPolicy,
    "rbac.authorization.k8s.io/v1/Role": k8s.rbac.v1.Role,
    "rbac.authorization.k8s.io/v1/RoleBinding": k8s.rbac.v1.RoleBinding,
};

/**
 * Creates the typed resource for a manifest that a pure builder produced, named
 * `${prefix}-${kind}-${metadata.name}` in lower case so that names stay unique within a component.
 * Kinds without a typed resource (custom resources) become a `CustomResource`.
 */
export function createObject(prefix: string, manifest: Manifest, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const resourceName = `${prefix}-${manifest.kind.toLowerCase()}-${manifest.metadata.name}`;
    const ctor = CONSTRUCTORS[`${manifest.apiVersion}/${manifest.kind}`];
    if (ctor !== undefined) return new ctor(resourceName, manifest as never, opts);
    return new k8s.apiextensions.CustomResource(resourceName, manifest, opts);
}
