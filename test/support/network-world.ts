/**
 * The cluster a rendered stack makes, as its NetworkPolicies see it: every namespace with its labels,
 * the pods the render describes with the labels they will carry, a few stand-ins (Prometheus, kube-dns,
 * a plain pod per namespace, a namespace the stack does not manage), the API server and an internet
 * address, and every NetworkPolicy: the rendered ones plus those Strimzi generates for each Kafka.
 * Pure: no render, no engine.
 */
import { alloyPodLabels } from "../../components/observability/alloy-config";
import { lokiPodLabels } from "../../components/observability/logs-chart";
import { ALLOY_CHART, LOKI_CHART } from "../../components/observability/logs-versions";
import { resolveMetricsStackArgs } from "../../components/observability/metrics-stack-args";
import { METRICS_STACK_LABEL, metricsStackPodLabels } from "../../components/observability/metrics-stack-chart";
import { KUBE_PROMETHEUS_STACK_CHART } from "../../components/observability/versions";
import { flinkDeploymentPods } from "./flink-pods";
import type { RenderedStack, K8sObject } from "./render";
import { STRIMZI_CLUSTER_OPERATOR_POD_LABELS, strimziNetworkPolicies, strimziSelector } from "./strimzi-network-policies";
import type { Endpoint } from "./netpol-engine";

const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** A namespace no stack creates, with no policies of its own: "any other namespace". */
export const OTHER_NAMESPACE = "elsewhere";

/** An address outside the cluster (TEST-NET-3, RFC 5737): "the internet", and where S3 and GCS live. */
export const INTERNET_IP = "203.0.113.10";

/** The API server's address when the stack names no `cluster.apiServerCidrs`: minikube's. */
export const DEFAULT_API_SERVER_IP = "192.168.49.2";

/** The cloud's instance metadata server, where GKE Workload Identity and EKS hand out credentials. */
export const METADATA_SERVER_IP = "169.254.169.254";

export interface WorldPod extends Endpoint {
    /** What the test calls it: `flink-session-jobmanager`, `prometheus`, `api-server`. */
    name: string;
}

export interface NetworkWorld {
    /** Each namespace's labels, by name. */
    namespaces: Map<string, Record<string, string>>;
    pods: Map<string, WorldPod>;
    policies: K8sObject[];
}

/** Adds a pod the render does not describe (a tenant's own Flink cluster), with the next free address. */
export function addPod(world: NetworkWorld, name: string, namespace: string, podLabels: Record<string, string>): WorldPod {
    if (world.pods.has(name)) throw new Error(`two pods named ${name} in the world`);
    const namespaceLabels = world.namespaces.get(namespace);
    if (!namespaceLabels) throw new Error(`pod ${name} is in namespace ${namespace}, which the stack does not create`);
    const n = world.pods.size;
    const pod = { name, ip: `10.244.${Math.floor(n / 250)}.${(n % 250) + 2}`, namespace, namespaceLabels, podLabels };
    world.pods.set(name, pod);
    return pod;
}

// Strimzi's labels on a node pool's pods (KafkaPool, KafkaCluster#generatePodSets) and on the entity
// operator's (EntityOperator: component type "entity-operator"), over their pod templates'.
function kafkaPoolPodLabels(kafka: K8sObject, pool: K8sObject): Record<string, string> {
    const cluster = kafka.metadata.name;
    const roles: string[] = pool.spec.roles ?? [];
    return {
        ...kafka.spec.kafka.template?.pod?.metadata?.labels,
        ...pool.spec.template?.pod?.metadata?.labels,
        ...strimziSelector(cluster, "kafka"),
        "strimzi.io/component-type": "kafka",
        "strimzi.io/pool-name": pool.metadata.name,
        "strimzi.io/broker-role": String(roles.includes("broker")),
        "strimzi.io/controller-role": String(roles.includes("controller")),
        "app.kubernetes.io/name": "kafka",
        "app.kubernetes.io/instance": cluster,
    };
}

function entityOperatorPodLabels(kafka: K8sObject): Record<string, string> {
    return {
        ...kafka.spec.entityOperator.template?.pod?.metadata?.labels,
        ...strimziSelector(kafka.metadata.name, "entity-operator"),
        "strimzi.io/component-type": "entity-operator",
        "app.kubernetes.io/name": "entity-operator",
        "app.kubernetes.io/instance": kafka.metadata.name,
    };
}

/** Builds the world of one rendered stack. `apiServerIp` is an address inside the stack's `cluster.apiServerCidrs`. */
export function networkWorld(stack: RenderedStack, apiServerIp = DEFAULT_API_SERVER_IP): NetworkWorld {
    const namespaceLabels = new Map<string, Record<string, string>>();
    for (const ns of stack.objects.filter((o) => o.kind === "Namespace")) {
        namespaceLabels.set(ns.metadata.name, { ...ns.metadata.labels, [NAMESPACE_NAME_LABEL]: ns.metadata.name });
    }
    for (const name of ["kube-system", OTHER_NAMESPACE]) namespaceLabels.set(name, { [NAMESPACE_NAME_LABEL]: name });

    const world: NetworkWorld = { namespaces: namespaceLabels, pods: new Map(), policies: [] };
    const add = (name: string, namespace: string, podLabels: Record<string, string>): void => void addPod(world, name, namespace, podLabels);

    for (const o of stack.objects) {
        if (o.kind === "StatefulSet" || o.kind === "Deployment") add(o.metadata.name, o.metadata.namespace!, o.spec.template.metadata.labels ?? {});
        if (o.kind === "FlinkDeployment") {
            for (const pod of flinkDeploymentPods(o)) add(`${o.metadata.name}-${pod.role}`, o.metadata.namespace!, pod.metadata.labels ?? {});
        }
    }
    const kafkas = stack.objects.filter((o) => o.kind === "Kafka");
    for (const kafka of kafkas) {
        const pools = stack.objects.filter((o) => o.kind === "KafkaNodePool" && o.metadata.namespace === kafka.metadata.namespace && o.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name);
        for (const pool of pools) add(`${pool.metadata.name}`, kafka.metadata.namespace!, kafkaPoolPodLabels(kafka, pool));
        if (kafka.spec.entityOperator) add(`${kafka.metadata.name}-entity-operator`, kafka.metadata.namespace!, entityOperatorPodLabels(kafka));
    }

    const strimzi = stack.releases.find((r) => r.chart.endsWith("strimzi-kafka-operator"));
    if (strimzi) add("strimzi-cluster-operator", strimzi.namespace!, { ...STRIMZI_CLUSTER_OPERATOR_POD_LABELS, ...strimzi.values?.labels });
    const flinkOperator = stack.releases.find((r) => r.chart === "flink-kubernetes-operator");
    // The chart's selectorLabels (templates/_helpers.tpl: the chart's name) and operatorPod.labels.
    if (flinkOperator) add("flink-operator", flinkOperator.namespace!, { "app.kubernetes.io/name": "flink-kubernetes-operator", ...flinkOperator.values?.operatorPod?.labels });

    const metricsStack = stack.releases.find((r) => r.chart === KUBE_PROMETHEUS_STACK_CHART);
    if (metricsStack) {
        // The release's pods, with the labels the operator and the charts give them (metricsStackPodLabels)
        // and the operator's own on the Prometheus and Alertmanager it runs.
        const pods = metricsStackPodLabels(resolveMetricsStackArgs(metricsStack.name, { namespace: metricsStack.namespace!, releaseName: metricsStack.name }));
        const ns = metricsStack.namespace!;
        const managed = (kind: string, instance: string) => ({ "app.kubernetes.io/name": kind, "app.kubernetes.io/instance": instance, "app.kubernetes.io/managed-by": "prometheus-operator", [kind]: instance });
        add("prometheus", ns, { ...managed("prometheus", pods.prometheus[METRICS_STACK_LABEL]), ...pods.prometheus });
        add("alertmanager", ns, { ...managed("alertmanager", pods.alertmanager[METRICS_STACK_LABEL]), ...pods.alertmanager });
        add("grafana", ns, pods.grafana);
        add("kube-state-metrics", ns, pods.kubeStateMetrics);
        add("prometheus-operator", ns, pods.operator);
    } else if (namespaceLabels.has("monitoring")) {
        // Without the metrics stack: what the Prometheus Operator puts on the pods of a Prometheus named "k8s".
        add("prometheus", "monitoring", { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": "k8s", "app.kubernetes.io/managed-by": "prometheus-operator", prometheus: "k8s" });
    }
    const loki = stack.releases.find((r) => r.chart === LOKI_CHART.chart);
    if (loki) add("loki", loki.namespace!, lokiPodLabels(loki.name));
    const alloy = stack.releases.find((r) => r.chart === ALLOY_CHART.chart);
    if (alloy) add("alloy", alloy.namespace!, alloyPodLabels(alloy.name));
    for (const namespace of namespaceLabels.keys()) {
        if (namespace !== "kube-system") add(`${namespace}-other`, namespace, { app: "something-else" });
    }
    add("kube-dns", "kube-system", { "k8s-app": "kube-dns" });
    world.pods.set("api-server", { name: "api-server", ip: apiServerIp });
    world.pods.set("internet", { name: "internet", ip: INTERNET_IP });
    world.pods.set("metadata-server", { name: "metadata-server", ip: METADATA_SERVER_IP });

    world.policies = [
        ...stack.objects.filter((o) => o.kind === "NetworkPolicy"),
        ...kafkas.flatMap((kafka) => {
            if (!strimzi) throw new Error(`Kafka ${kafka.metadata.name} without a Strimzi release in the render`);
            return strimziNetworkPolicies(kafka, strimzi);
        }),
    ];
    return world;
}

/** The pod of that name, or the first pod that carries all of `labels`; an error lists the pods there are. */
export function podOf(world: NetworkWorld, name: string, labels?: Record<string, string>): WorldPod {
    const pod = labels
        ? [...world.pods.values()].find((p) => Object.entries(labels).every(([k, v]) => p.podLabels?.[k] === v))
        : world.pods.get(name);
    if (!pod) throw new Error(`no pod ${labels ? `labelled ${JSON.stringify(labels)}` : name} in the world; there are: ${[...world.pods.keys()].join(", ")}`);
    return pod;
}
