/**
 * The named container ports of each pod of a rendered stack's network world: from the render where it
 * describes the pod (StatefulSets, Deployments, FlinkDeployments as the operator and Flink build their
 * pods), and for the pods that operators and charts make, as their pinned sources do:
 * - Strimzi 1.2.0 Kafka nodes: `tcp-prometheus` 9404 when the Kafka has `metricsConfig`
 *   (cluster-operator/…/model/metrics/MetricsModel.java); the entity operator's Topic and User
 *   Operators: `healthcheck-to` 8080 and `healthcheck-uo` 8081 (renamed from `healthcheck` in 1.1,
 *   strimzi-kafka-operator PR 12782 and its CHANGELOG);
 * - the Strimzi chart: `http` 8080 (templates/060-Deployment-strimzi-cluster-operator.yaml);
 * - the Flink operator chart 1.15.0: `metrics` on `metrics.port` when that value is set
 *   (templates/controller/deployment.yaml).
 * Only the ports these sources name; a pod none of them describes has none.
 */
import { flinkDeploymentPods } from "./flink-pods";
import type { WorldPod } from "./network-world";
import type { RenderedStack } from "./render";

export interface NamedPort {
    name: string;
    containerPort: number;
}

function containerPorts(spec: { containers?: { ports?: NamedPort[] }[] }): NamedPort[] {
    return (spec.containers ?? []).flatMap((c) => (c.ports ?? []).filter((p) => p.name !== undefined).map((p) => ({ name: p.name, containerPort: p.containerPort })));
}

/** The named ports of a pod of `networkWorld(stack)`, by the name the world gave it. */
export function podPorts(stack: RenderedStack, pod: WorldPod): NamedPort[] {
    const labels = pod.podLabels ?? {};
    for (const o of stack.objects) {
        if (o.metadata.namespace !== pod.namespace) continue;
        if ((o.kind === "StatefulSet" || o.kind === "Deployment") && o.metadata.name === pod.name) return containerPorts(o.spec.template.spec);
        if (o.kind === "FlinkDeployment") {
            const built = flinkDeploymentPods(o).find((p) => `${o.metadata.name}-${p.role}` === pod.name);
            if (built) return containerPorts(built.spec);
        }
    }
    if (labels["strimzi.io/component-type"] === "kafka") {
        const kafka = stack.objects.find((o) => o.kind === "Kafka" && o.metadata.namespace === pod.namespace && o.metadata.name === labels["strimzi.io/cluster"]);
        return kafka?.spec.kafka.metricsConfig ? [{ name: "tcp-prometheus", containerPort: 9404 }] : [];
    }
    if (labels["strimzi.io/component-type"] === "entity-operator") {
        const kafka = stack.objects.find((o) => o.kind === "Kafka" && o.metadata.namespace === pod.namespace && o.metadata.name === labels["strimzi.io/cluster"]);
        const eo = kafka?.spec.entityOperator ?? {};
        return [...(eo.topicOperator ? [{ name: "healthcheck-to", containerPort: 8080 }] : []), ...(eo.userOperator ? [{ name: "healthcheck-uo", containerPort: 8081 }] : [])];
    }
    if (labels["strimzi.io/kind"] === "cluster-operator") return [{ name: "http", containerPort: 8080 }];
    if (labels["app.kubernetes.io/name"] === "flink-kubernetes-operator") {
        const port = stack.releases.find((r) => r.chart === "flink-kubernetes-operator")?.values?.metrics?.port;
        return port ? [{ name: "metrics", containerPort: Number(port) }] : [];
    }
    return [];
}
