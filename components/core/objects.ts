/**
 * Kubernetes objects as typed data, and the one place that turns them into resources. Built-in kinds
 * take the Kubernetes provider's own input types (a value may be an Output: a role ARN on a
 * ServiceAccount); custom resources take the types generated from their operators' CRDs
 * (`@kubernetes-models/*`). A wrong field, or a kind without a resource here, is a compile error.
 */
import type { IFlinkDeployment as FlinkDeploymentModel } from "@kubernetes-models/flink/flink.apache.org/v1beta1/FlinkDeployment";
import type { IFlinkSessionJob as FlinkSessionJobModel } from "@kubernetes-models/flink/flink.apache.org/v1beta1/FlinkSessionJob";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { IKafka } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/Kafka";
import type { IKafkaNodePool } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaNodePool";
import type { IKafkaTopic } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic";
import type { IKafkaUser } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser";
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

import input = k8s.types.input;

/** Metadata whose name is known at construction: resource names derive from it. */
export interface ObjectMeta extends input.meta.v1.ObjectMeta {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
}

type Builtin<T, ApiVersion extends string, Kind extends string> = Omit<T, "apiVersion" | "kind" | "metadata" | "status"> & {
    apiVersion: ApiVersion;
    kind: Kind;
    metadata: ObjectMeta;
};
type Custom<T extends { apiVersion: string; kind: string }> = Omit<T, "metadata" | "status"> & { apiVersion: T["apiVersion"]; kind: T["kind"]; metadata: ObjectMeta };

export type Namespace = Builtin<input.core.v1.Namespace, "v1", "Namespace">;
export type ResourceQuota = Builtin<input.core.v1.ResourceQuota, "v1", "ResourceQuota">;
export type LimitRange = Builtin<input.core.v1.LimitRange, "v1", "LimitRange">;
export type ServiceAccount = Builtin<input.core.v1.ServiceAccount, "v1", "ServiceAccount">;
export type Service = Builtin<input.core.v1.Service, "v1", "Service">;
export type ConfigMap = Builtin<input.core.v1.ConfigMap, "v1", "ConfigMap">;
export type Secret = Builtin<input.core.v1.Secret, "v1", "Secret">;
export type PersistentVolumeClaim = Builtin<input.core.v1.PersistentVolumeClaim, "v1", "PersistentVolumeClaim">;
export type StatefulSet = Builtin<input.apps.v1.StatefulSet, "apps/v1", "StatefulSet">;
export type Deployment = Builtin<input.apps.v1.Deployment, "apps/v1", "Deployment">;
export type PodDisruptionBudget = Builtin<input.policy.v1.PodDisruptionBudget, "policy/v1", "PodDisruptionBudget">;
export type NetworkPolicy = Builtin<input.networking.v1.NetworkPolicy, "networking.k8s.io/v1", "NetworkPolicy">;
export type Role = Builtin<input.rbac.v1.Role, "rbac.authorization.k8s.io/v1", "Role">;
export type RoleBinding = Builtin<input.rbac.v1.RoleBinding, "rbac.authorization.k8s.io/v1", "RoleBinding">;
type FlinkDeploymentSpec = NonNullable<FlinkDeploymentModel["spec"]>;
/**
 * The pod template is the provider's PodTemplateSpec, as the platform's security contexts are: the
 * CRD's generated copy of that type takes no Inputs.
 */
export type FlinkDeployment = Omit<Custom<FlinkDeploymentModel>, "spec"> & {
    spec: Omit<FlinkDeploymentSpec, "podTemplate"> & { podTemplate?: input.core.v1.PodTemplateSpec };
};
export type FlinkSessionJob = Custom<FlinkSessionJobModel>;
export type Kafka = Custom<IKafka>;
export type KafkaNodePool = Custom<IKafkaNodePool>;
export type KafkaTopic = Custom<IKafkaTopic>;
export type KafkaUser = Custom<IKafkaUser>;
export type PrometheusRule = Custom<IPrometheusRule>;
export type PodMonitor = Custom<IPodMonitor>;

/** Every kind the platform's builders produce. */
export type Manifest =
    | Namespace
    | ResourceQuota
    | LimitRange
    | ServiceAccount
    | Service
    | ConfigMap
    | Secret
    | PersistentVolumeClaim
    | StatefulSet
    | Deployment
    | PodDisruptionBudget
    | NetworkPolicy
    | Role
    | RoleBinding
    | FlinkDeployment
    | FlinkSessionJob
    | Kafka
    | KafkaNodePool
    | KafkaTopic
    | KafkaUser
    | PrometheusRule
    | PodMonitor;

/** `apiVersion/kind` of each member of a union, one by one. */
type Key<M> = M extends Manifest ? `${M["apiVersion"]}/${M["kind"]}` : never;
type Create<M> = (name: string, manifest: M, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** A custom resource, which the provider waits for by its `pulumi.com/waitFor` annotation. */
const custom = (name: string, manifest: Manifest, opts: pulumi.CustomResourceOptions) => new k8s.apiextensions.CustomResource(name, manifest, opts);

// One entry per kind of `Manifest`: the typed resource, which knows how to wait for its kind.
const CREATE: { [M in Manifest as Key<M>]: Create<M> } = {
    "v1/Namespace": (n, m, o) => new k8s.core.v1.Namespace(n, m, o),
    "v1/ResourceQuota": (n, m, o) => new k8s.core.v1.ResourceQuota(n, m, o),
    "v1/LimitRange": (n, m, o) => new k8s.core.v1.LimitRange(n, m, o),
    "v1/ServiceAccount": (n, m, o) => new k8s.core.v1.ServiceAccount(n, m, o),
    "v1/Service": (n, m, o) => new k8s.core.v1.Service(n, m, o),
    "v1/ConfigMap": (n, m, o) => new k8s.core.v1.ConfigMap(n, m, o),
    "v1/Secret": (n, m, o) => new k8s.core.v1.Secret(n, m, o),
    "v1/PersistentVolumeClaim": (n, m, o) => new k8s.core.v1.PersistentVolumeClaim(n, m, o),
    "apps/v1/StatefulSet": (n, m, o) => new k8s.apps.v1.StatefulSet(n, m, o),
    "apps/v1/Deployment": (n, m, o) => new k8s.apps.v1.Deployment(n, m, o),
    "policy/v1/PodDisruptionBudget": (n, m, o) => new k8s.policy.v1.PodDisruptionBudget(n, m, o),
    "networking.k8s.io/v1/NetworkPolicy": (n, m, o) => new k8s.networking.v1.NetworkPolicy(n, m, o),
    "rbac.authorization.k8s.io/v1/Role": (n, m, o) => new k8s.rbac.v1.Role(n, m, o),
    "rbac.authorization.k8s.io/v1/RoleBinding": (n, m, o) => new k8s.rbac.v1.RoleBinding(n, m, o),
    "flink.apache.org/v1beta1/FlinkDeployment": custom,
    "flink.apache.org/v1beta1/FlinkSessionJob": custom,
    "kafka.strimzi.io/v1/Kafka": custom,
    "kafka.strimzi.io/v1/KafkaNodePool": custom,
    "kafka.strimzi.io/v1/KafkaTopic": custom,
    "kafka.strimzi.io/v1/KafkaUser": custom,
    "monitoring.coreos.com/v1/PrometheusRule": custom,
    "monitoring.coreos.com/v1/PodMonitor": custom,
};

/** The Pulumi name of an object's resource: `${prefix}-${kind}-${name}`, unique within a component. */
export function objectResourceName(prefix: string, manifest: Manifest): string {
    return `${prefix}-${manifest.kind.toLowerCase()}-${manifest.metadata.name}`;
}

/** Creates the typed resource of a manifest that a pure builder produced. */
export function createObject(prefix: string, manifest: Manifest, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const create = CREATE[`${manifest.apiVersion}/${manifest.kind}` as Key<Manifest>] as Create<Manifest>;
    return create(objectResourceName(prefix, manifest), manifest, opts);
}
