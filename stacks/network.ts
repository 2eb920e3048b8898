/**
 * The stack's network plan: what each of its namespaces lets its pods reach beyond DNS and its own pods
 * (egress by role), and the operators' metrics ingress. Ingress into the workloads is theirs: Kafka's
 * listeners, ZooKeeper, the Flink clusters and the object store admit their own clients. Every rule
 * names the pods it is for and the ports it opens; only the platform's components get rules, and only
 * when the stack runs them.
 */
import { ANY_ADDRESS, KUBE_API_PORTS, PROMETHEUS_POD_LABELS, prometheusPeer } from "../components/core/network";
import { resolveArtifactPolicy } from "../components/flink/artifacts";
import { FLINK_METRICS_PORT } from "../components/flink/config";
import { FLINK_POD_LABELS, flinkComponentPodLabels } from "../components/flink/manifests";
import { FLINK_OPERATOR_METRICS_PORT, FLINK_OPERATOR_POD_LABELS } from "../components/flink/operator";
import { resolveKafkaClusterArgs } from "../components/kafka/cluster-args";
import { LISTENER_PORTS } from "../components/kafka/listeners";
import {
    ENTITY_OPERATOR_METRICS_PORTS,
    entityOperatorPodLabels,
    KAFKA_METRICS_PORT,
    kafkaBrokerPodLabels,
    kafkaNodePodLabels,
    STRIMZI_OPERATOR_POD_LABELS,
} from "../components/kafka/pod-labels";
import { STRIMZI_OPERATOR_METRICS_PORT } from "../components/kafka/strimzi-chart";
import type { NamespacePeerArgs } from "../components/namespace/args";
import { VERSITYGW_PORT } from "../components/storage/in-cluster-object-store";
import { ZOOKEEPER_PORTS } from "../components/zookeeper/config";
import { kafkaClusterArgs } from "./kafka";
import { demoScrapeTargets } from "./demo-scrape";
import { namespaceNames, NamespacePeers, NetworkPlan } from "./namespaces";
import type { PlatformConfig } from "./schema";
import { IN_CLUSTER_STORE_POD_LABELS, storageBackend } from "./storage";
import { plannedZooKeeperPodLabels } from "./zookeeper";


/** S3 and GCS (and AWS STS, for IRSA) answer HTTPS at addresses no policy can list. */
const CLOUD_STORAGE_PORT = 443;

/** What the plan depends on. Only `namespaces` is needed: a section that is missing (it failed its schema) adds no rules. */
export type NetworkInputs = Pick<PlatformConfig, "namespaces"> & Partial<Pick<PlatformConfig, "target" | "flink" | "kafka" | "zookeeper" | "storage" | "cluster" | "demo">>;

/** The API server rules of the pods `local`: one per CIDR, on the API ports. */
function kubeApiEgress(inputs: NetworkInputs, who: string, local: Record<string, string>): NamespacePeerArgs[] {
    const cidrs = inputs.cluster?.apiServerCidrs ?? [ANY_ADDRESS];
    return cidrs.map((cidr) => ({ cidr, ports: [...KUBE_API_PORTS], localPodLabels: { ...local }, policyName: `allow-kube-api-egress-${who}` }));
}

/** The parts of the platform that run, and what the rules (and the scrape monitors) need to know of them. */
export function running(inputs: NetworkInputs) {
    const flink = inputs.flink?.enabled ? inputs.flink : undefined;
    const zookeeper = inputs.zookeeper?.enabled ? inputs.zookeeper : undefined;
    const streaming = namespaceNames(inputs.namespaces).streaming;
    const kafka =
        inputs.kafka?.enabled && inputs.target !== undefined ? resolveKafkaClusterArgs(inputs.kafka.name, kafkaClusterArgs(inputs.kafka, streaming, inputs.target)) : undefined;
    const backend =
        flink !== undefined && inputs.storage !== undefined && inputs.target !== undefined ? storageBackend({ target: inputs.target, flink, storage: inputs.storage }) : undefined;
    return { flink, zookeeper, kafka, backend };
}

/**
 * Flink's JobManagers call the API (they create their TaskManager pods and, with Kubernetes HA, keep
 * leader and job metadata in ConfigMaps); with Kubernetes HA the TaskManagers read those ConfigMaps too.
 */
function flinkApiEgress(inputs: NetworkInputs): NamespacePeerArgs[] {
    if (!inputs.flink?.enabled) return [];
    const local = inputs.flink.ha === "kubernetes" ? FLINK_POD_LABELS : flinkComponentPodLabels("jobmanager");
    return kubeApiEgress(inputs, "flink", local);
}

/** Streaming: Flink, the entity operator and (with rack awareness) the brokers call the API; Flink reaches its cloud bucket. */
function streamingPeers(inputs: NetworkInputs): NamespacePeers {
    const { kafka, backend } = running(inputs);
    const egress = flinkApiEgress(inputs);
    if (kafka !== undefined) {
        egress.push(...kubeApiEgress(inputs, "kafka-entity-operator", entityOperatorPodLabels(kafka.name)));
        // Strimzi's init container reads the node's zone label for the broker's rack, on brokers only.
        if (kafka.rackTopologyKey !== undefined) egress.push(...kubeApiEgress(inputs, "kafka-brokers", kafkaBrokerPodLabels(kafka.name)));
    }
    if (backend === "s3" || backend === "gcs") {
        // The bucket's endpoints are anywhere on 443, as the API server may be: where the stack knows the
        // API's addresses, this rule leaves them out, so a TaskManager under ZooKeeper HA cannot reach it.
        const apiServer = inputs.cluster?.apiServerCidrs;
        egress.push({ cidr: ANY_ADDRESS, ...(apiServer !== undefined ? { except: apiServer } : {}), ports: [CLOUD_STORAGE_PORT], localPodLabels: { ...FLINK_POD_LABELS }, policyName: "allow-cloud-storage-egress" });
    }
    return { ingress: [], egress };
}

/** Tenants: their Flink pods call the API as the streaming namespace's do, and use the platform's Kafka, ZooKeeper and store. */
function tenantPeers(inputs: NetworkInputs): NamespacePeers {
    const { flink, zookeeper, kafka, backend } = running(inputs);
    if (flink === undefined) return { ingress: [], egress: [] };
    const streaming = namespaceNames(inputs.namespaces).streaming;
    const services: NamespacePeerArgs[] = [];
    if (kafka !== undefined) {
        const ports = [...(kafka.plainListener ? [LISTENER_PORTS.plain] : []), ...(kafka.tlsListener ? [LISTENER_PORTS.tls] : [])];
        if (ports.length > 0) services.push({ namespace: streaming, podLabels: kafkaBrokerPodLabels(kafka.name), ports });
    }
    if (zookeeper !== undefined) services.push({ namespace: streaming, podLabels: plannedZooKeeperPodLabels(zookeeper, streaming), ports: [ZOOKEEPER_PORTS.client] });
    if (backend === "in-cluster") services.push({ namespace: streaming, podLabels: { ...IN_CLUSTER_STORE_POD_LABELS }, ports: [VERSITYGW_PORT] });
    const egress = [...flinkApiEgress(inputs), ...services.map((peer) => ({ ...peer, localPodLabels: { ...FLINK_POD_LABELS }, policyName: "allow-platform-services-egress" }))];
    return { ingress: [], egress };
}

/** Monitoring: Prometheus discovers its targets through the API and scrapes exactly their metrics ports. */
function monitoringPeers(inputs: NetworkInputs): NamespacePeers {
    const { flink, zookeeper, kafka } = running(inputs);
    const names = namespaceNames(inputs.namespaces);
    const targets: NamespacePeerArgs[] = [];
    if (flink !== undefined) {
        for (const namespace of [names.streaming, ...names.tenants]) targets.push({ namespace, podLabels: { ...FLINK_POD_LABELS }, ports: [FLINK_METRICS_PORT] });
        targets.push({ namespace: names.operators, podLabels: { ...FLINK_OPERATOR_POD_LABELS }, ports: [FLINK_OPERATOR_METRICS_PORT] });
    }
    if (kafka !== undefined) {
        if (kafka.metrics) targets.push({ namespace: names.streaming, podLabels: kafkaNodePodLabels(kafka.name), ports: [KAFKA_METRICS_PORT] });
        // The Topic and User Operators' metrics; Strimzi's own policy admits every source to these ports.
        const entityOperatorPorts = [ENTITY_OPERATOR_METRICS_PORTS.topicOperator.port, ENTITY_OPERATOR_METRICS_PORTS.userOperator.port];
        targets.push({ namespace: names.streaming, podLabels: entityOperatorPodLabels(kafka.name), ports: entityOperatorPorts });
        targets.push({ namespace: names.operators, podLabels: { ...STRIMZI_OPERATOR_POD_LABELS }, ports: [STRIMZI_OPERATOR_METRICS_PORT] });
    }
    if (zookeeper !== undefined) targets.push({ namespace: names.streaming, podLabels: plannedZooKeeperPodLabels(zookeeper, names.streaming), ports: [ZOOKEEPER_PORTS.metrics] });
    for (const app of demoScrapeTargets(inputs)) targets.push({ namespace: app.namespace, podLabels: app.podLabels, ports: [app.port] });
    const scrape = targets.map((peer) => ({ ...peer, localPodLabels: { ...PROMETHEUS_POD_LABELS }, policyName: "allow-metrics-scrape-egress" }));
    return { ingress: [], egress: [...kubeApiEgress(inputs, "prometheus", PROMETHEUS_POD_LABELS), ...scrape] };
}

/**
 * Operators: each operator calls the API; every operator pod reaches the namespaces they manage (the
 * workloads' own policies decide what gets in); the Flink operator fetches session jobs' jars; the
 * monitoring namespace's Prometheus scrapes each operator's metrics port, and nothing else.
 */
function operatorPeers(inputs: NetworkInputs): NamespacePeers {
    const { flink, kafka } = running(inputs);
    const names = namespaceNames(inputs.namespaces);
    const ingress: NamespacePeerArgs[] = [];
    const egress = [names.streaming, ...names.tenants].map((namespace): NamespacePeerArgs => ({ namespace, policyName: "allow-managed-namespaces-egress" }));
    if (flink !== undefined) {
        egress.push(...kubeApiEgress(inputs, "flink-operator", FLINK_OPERATOR_POD_LABELS));
        const jobs = flink.session.enabled ? flink.session.jobs : [];
        if (jobs.length > 0) {
            const schemes = resolveArtifactPolicy(flink.operator.allowedArtifactSchemes, flink.operator.disallowRestrictedArtifactHosts).allowedSchemes;
            const ports = [...(schemes.includes("http") ? [80] : []), 443];
            egress.push({ cidr: ANY_ADDRESS, ports, localPodLabels: { ...FLINK_OPERATOR_POD_LABELS }, policyName: "allow-artifact-fetch-egress" });
        }
        ingress.push({ ...prometheusPeer(names.monitoring, [FLINK_OPERATOR_METRICS_PORT]), localPodLabels: { ...FLINK_OPERATOR_POD_LABELS }, policyName: "allow-metrics-scrape-flink-operator" });
    }
    if (kafka !== undefined) {
        egress.push(...kubeApiEgress(inputs, "strimzi", STRIMZI_OPERATOR_POD_LABELS));
        ingress.push({ ...prometheusPeer(names.monitoring, [STRIMZI_OPERATOR_METRICS_PORT]), localPodLabels: { ...STRIMZI_OPERATOR_POD_LABELS }, policyName: "allow-metrics-scrape-strimzi" });
    }
    return { ingress, egress };
}

/** The stack's rules for each of its namespaces. */
export function networkPlan(inputs: NetworkInputs): NetworkPlan {
    return { streaming: streamingPeers(inputs), monitoring: monitoringPeers(inputs), operators: operatorPeers(inputs), tenants: tenantPeers(inputs) };
}
