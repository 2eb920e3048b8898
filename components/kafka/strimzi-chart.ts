/** The Strimzi Cluster Operator's Helm chart values and its NetworkPolicy, as plain data (pure: no Pulumi). */
import { HelmValues, mergeValues } from "../core/helm-values";
import { componentLabels } from "../core/labels";
import type { NetworkPolicy } from "../core/objects";
import { containerResources, ResolvedResources } from "../core/resources";
import { restrictedContainerSecurity } from "../core/security";
import { STRIMZI_OPERATOR_POD_LABELS } from "./pod-labels";

/**
 * The Strimzi Cluster Operator chart, from Strimzi's OCI registry. Helm addresses an OCI chart by its
 * full reference; it does not take `oci://` as a repository URL, so there are no `repositoryOpts`.
 */
export const STRIMZI_CHART = "oci://quay.io/strimzi-helm/strimzi-kafka-operator";

/** Where the Cluster Operator serves its Prometheus metrics (and health checks): the chart's `http` port. */
export const STRIMZI_OPERATOR_METRICS_PORT = 8080;
/** Its name in the chart's Deployment (060-Deployment-strimzi-cluster-operator.yaml); metrics are at /metrics. */
export const STRIMZI_OPERATOR_METRICS_PORT_NAME = "http";

/** Ports of Kafka pods that the Cluster Operator connects to: KRaft controllers, replication (its admin client), the Kafka agent. */
export const OPERATOR_TO_KAFKA_PORTS = [9090, 9091, 8443] as const;

export interface ResolvedStrimziOperator {
    instance: string;
    namespace: string;
    watchNamespaces: string[];
    releaseName: string;
    replicas: number;
    resources: ResolvedResources;
    networkPolicy: boolean;
    values: HelmValues;
}

/**
 * The chart's values: the watched namespaces, the operator's size and security context, and Strimzi's
 * `restricted` Pod Security Provider, so that every pod it creates (Kafka, entity operator) passes a
 * namespace that enforces the Restricted Pod Security Standard.
 */
export function strimziChartValues(o: ResolvedStrimziOperator): HelmValues {
    return mergeValues({
        replicas: o.replicas,
        watchNamespaces: o.watchNamespaces,
        watchAnyNamespace: false,
        resources: containerResources(o.resources),
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: restrictedContainerSecurity(),
        extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
    }, o.values);
}

/** Egress from the operator's pods to the Kafka pods (`strimzi.io/kind: Kafka`) of each watched namespace. */
export function operatorNetworkPolicyManifest(o: ResolvedStrimziOperator): NetworkPolicy {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: `${o.releaseName}-to-kafka`, namespace: o.namespace, labels: componentLabels(o.instance, "strimzi-operator") },
        spec: {
            podSelector: { matchLabels: { ...STRIMZI_OPERATOR_POD_LABELS } },
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
