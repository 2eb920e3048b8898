/**
 * What Prometheus scrapes of the platform, as Prometheus Operator PodMonitors (pure: no Pulumi). Each
 * selects exactly the pods of one component kind by their labels and its metrics port by name, in the
 * namespaces it names; the namespaces' NetworkPolicies admit Prometheus to those ports and no others
 * (stacks/network.ts). The monitors need the Prometheus Operator's CRDs, so the monitoring stack's
 * component creates them (createObject) rather than the components they watch.
 */
import { componentLabels, dnsLabelMessage, isDnsLabel } from "../core/labels";
import { FLINK_POD_LABELS } from "../core/network";
import type { PodMonitor } from "../core/objects";
import { Problem, Problems, throwIfProblems } from "../core/problems";
import { FLINK_METRICS_PORT_NAME } from "../flink/config";
import { FLINK_OPERATOR_METRICS_PORT_NAME, FLINK_OPERATOR_POD_LABELS } from "../flink/operator";
import { ENTITY_OPERATOR_METRICS_PORTS, entityOperatorPodLabels, KAFKA_METRICS_PORT_NAME, kafkaNodePodLabels, STRIMZI_OPERATOR_POD_LABELS } from "../kafka/pod-labels";
import { STRIMZI_OPERATOR_METRICS_PORT_NAME } from "../kafka/strimzi-chart";
import { ZOOKEEPER_METRICS_PORT_NAME } from "../zookeeper/config";
import { zookeeperSelector } from "../zookeeper/manifests";

/**
 * The label every platform PodMonitor carries. The platform's Prometheus selects monitors by it
 * (`podMonitorSelector.matchLabels`), so a monitor a user adds elsewhere is picked up only when it
 * carries it too, and the chart's own monitors (which it selects by its release label) stay apart.
 */
export const SCRAPE_LABEL = "streaming-platform.io/scrape";
export const PLATFORM_SCRAPE_LABELS: Readonly<Record<string, string>> = { [SCRAPE_LABEL]: "true" };

type Endpoint = NonNullable<PodMonitor["spec"]["podMetricsEndpoints"]>[number];
type Relabeling = NonNullable<Endpoint["relabelings"]>[number];

/** A pod label copied onto every series of the target under another name. */
function podLabelAs(label: string, target: string): Relabeling {
    return { action: "replace", sourceLabels: [`__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`], targetLabel: target };
}

/** The Kubernetes node a pod runs on, so a dashboard can tell a slow disk from a slow broker. */
const NODE_NAME: Relabeling = { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node_name" };

/** The Flink clusters' namespaces and the Flink operator's. */
export interface FlinkScrapeArgs {
    namespaces: string[];
    operatorNamespace: string;
}

/** The Kafka cluster, its namespace, the Strimzi operator's namespace and whether the nodes export metrics. */
export interface KafkaScrapeArgs {
    cluster: string;
    namespace: string;
    operatorNamespace: string;
    metrics: boolean;
}

/** The ZooKeeper ensemble's name and namespace. */
export interface ZooKeeperScrapeArgs {
    name: string;
    namespace: string;
}

/** An app of the platform's (the fraud demo's generator and actor): its pods and the name of their metrics port. */
export interface AppScrapeArgs {
    /** The PodMonitor's name, and so Prometheus' job name. */
    name: string;
    namespace: string;
    podLabels: Record<string, string>;
    /** @default "metrics" */
    port?: string;
}

/** What the platform's PodMonitors scrape: what ObservabilityStack takes as `podMonitors`. */
export interface PlatformPodMonitorsSettings {
    /**
     * Flink: the namespaces whose Flink clusters are scraped (every JobManager and TaskManager there,
     * the platform's and the tenants' own, by Flink's labels and the container port named "metrics"),
     * and the Flink operator's namespace. @default no Flink monitors
     */
    flink?: FlinkScrapeArgs;
    /**
     * Kafka: the cluster's name and namespace, the Strimzi Cluster Operator's namespace, and whether
     * the nodes export metrics (the cluster's `metrics`). The entity operator is scraped either way.
     * @default no Kafka monitors
     */
    kafka?: KafkaScrapeArgs;
    /** The ZooKeeper ensemble: its name (its pods' `app.kubernetes.io/instance`) and namespace. @default no ZooKeeper monitor */
    zookeeper?: ZooKeeperScrapeArgs;
    /** Apps, each by its pods' labels and metrics port (the fraud demo's). @default none */
    apps?: AppScrapeArgs[];
    /** How often Prometheus scrapes each target, a Prometheus duration. @default "30s" */
    interval?: string;
}

export interface PlatformPodMonitorsArgs extends PlatformPodMonitorsSettings {
    /** Namespace the PodMonitors live in: the monitoring namespace, where the platform's Prometheus looks for them. Required. */
    namespace: string;
}

/** Prometheus' duration syntax (model.ParseDuration), as the PodMonitor CRD's pattern has it. */
export const PROMETHEUS_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

export const DEFAULT_SCRAPE_INTERVAL = "30s";

/** Every problem of the arguments, by argument path. */
export function platformPodMonitorsProblems(args: PlatformPodMonitorsArgs): Problem[] {
    const problems = new Problems();
    const namespace = (path: string, value: string) => problems.check(isDnsLabel(value), path, dnsLabelMessage(value));
    namespace("namespace", args.namespace);
    if (args.flink !== undefined) {
        problems.check(args.flink.namespaces.length > 0, "flink.namespaces", "must name at least one namespace (where Flink clusters run), got []");
        args.flink.namespaces.forEach((ns, i) => namespace(`flink.namespaces[${i}]`, ns));
        namespace("flink.operatorNamespace", args.flink.operatorNamespace);
    }
    if (args.kafka !== undefined) {
        namespace("kafka.namespace", args.kafka.namespace);
        namespace("kafka.operatorNamespace", args.kafka.operatorNamespace);
        problems.check(isDnsLabel(args.kafka.cluster), "kafka.cluster", dnsLabelMessage(args.kafka.cluster));
    }
    if (args.zookeeper !== undefined) {
        namespace("zookeeper.namespace", args.zookeeper.namespace);
        problems.check(isDnsLabel(args.zookeeper.name), "zookeeper.name", dnsLabelMessage(args.zookeeper.name));
    }
    (args.apps ?? []).forEach((app, i) => {
        problems.check(isDnsLabel(app.name), `apps[${i}].name`, dnsLabelMessage(app.name));
        namespace(`apps[${i}].namespace`, app.namespace);
        problems.check(Object.keys(app.podLabels ?? {}).length > 0, `apps[${i}].podLabels`, "must select the app's pods by at least one label, got {}");
    });
    const interval = args.interval ?? DEFAULT_SCRAPE_INTERVAL;
    problems.check(interval !== "0" && interval !== "" && PROMETHEUS_DURATION.test(interval), "interval", `must be a Prometheus duration such as "30s" or "1m", got ${JSON.stringify(args.interval)}`);
    return problems.list;
}

interface MonitorParts {
    name: string;
    /** The `app.kubernetes.io/name` of the monitor itself: the component it watches. */
    component: string;
    namespaces: string[];
    podLabels: Readonly<Record<string, string>>;
    ports: string[];
    relabelings?: Relabeling[];
}

function podMonitor(args: PlatformPodMonitorsArgs, parts: MonitorParts): PodMonitor {
    const interval = args.interval ?? DEFAULT_SCRAPE_INTERVAL;
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: parts.name, namespace: args.namespace, labels: { ...componentLabels(parts.name, parts.component), ...PLATFORM_SCRAPE_LABELS } },
        spec: {
            selector: { matchLabels: { ...parts.podLabels } },
            namespaceSelector: { matchNames: [...new Set(parts.namespaces)] },
            podMetricsEndpoints: parts.ports.map((port) => ({
                port,
                path: "/metrics",
                interval,
                ...(parts.relabelings !== undefined ? { relabelings: parts.relabelings.map((r) => ({ ...r })) } : {}),
            })),
        },
    };
}

/** The JobManagers and TaskManagers of every Flink cluster, application and session, of the given namespaces. */
export function flinkClustersPodMonitor(args: PlatformPodMonitorsArgs, flink: NonNullable<PlatformPodMonitorsArgs["flink"]>): PodMonitor {
    return podMonitor(args, {
        name: "flink-clusters",
        component: "flink",
        namespaces: flink.namespaces,
        podLabels: FLINK_POD_LABELS,
        ports: [FLINK_METRICS_PORT_NAME],
        // Flink labels its pods with the cluster (`app`, the FlinkDeployment's name) and the role.
        relabelings: [podLabelAs("app", "flink_cluster"), podLabelAs("component", "flink_component")],
    });
}

/**
 * The operators' PodMonitors' names: Prometheus names their scrape jobs after them, and the
 * OperatorMetricsDown alert finds the operators' jobs by these names.
 */
export const OPERATOR_POD_MONITOR_NAMES = { flink: "flink-kubernetes-operator", strimzi: "strimzi-cluster-operator" } as const;

export function flinkOperatorPodMonitor(args: PlatformPodMonitorsArgs, flink: NonNullable<PlatformPodMonitorsArgs["flink"]>): PodMonitor {
    return podMonitor(args, { name: OPERATOR_POD_MONITOR_NAMES.flink, component: "flink-operator", namespaces: [flink.operatorNamespace], podLabels: FLINK_OPERATOR_POD_LABELS, ports: [FLINK_OPERATOR_METRICS_PORT_NAME] });
}

export function strimziOperatorPodMonitor(args: PlatformPodMonitorsArgs, kafka: NonNullable<PlatformPodMonitorsArgs["kafka"]>): PodMonitor {
    return podMonitor(args, {
        name: OPERATOR_POD_MONITOR_NAMES.strimzi,
        component: "strimzi-operator",
        namespaces: [kafka.operatorNamespace],
        podLabels: STRIMZI_OPERATOR_POD_LABELS,
        ports: [STRIMZI_OPERATOR_METRICS_PORT_NAME],
    });
}

/** Every node of the Kafka cluster, brokers and controllers, with the labels Strimzi's dashboards group by. */
export function kafkaNodesPodMonitor(args: PlatformPodMonitorsArgs, kafka: NonNullable<PlatformPodMonitorsArgs["kafka"]>): PodMonitor {
    return podMonitor(args, {
        name: `${kafka.cluster}-kafka`,
        component: "kafka",
        namespaces: [kafka.namespace],
        podLabels: kafkaNodePodLabels(kafka.cluster),
        ports: [KAFKA_METRICS_PORT_NAME],
        relabelings: [
            podLabelAs("strimzi.io/cluster", "strimzi_io_cluster"),
            podLabelAs("strimzi.io/pool-name", "strimzi_io_pool_name"),
            podLabelAs("strimzi.io/broker-role", "strimzi_io_broker_role"),
            podLabelAs("strimzi.io/controller-role", "strimzi_io_controller_role"),
            NODE_NAME,
        ],
    });
}

/** The Topic and User Operators of the cluster's entity operator, each on its own port. */
export function entityOperatorPodMonitor(args: PlatformPodMonitorsArgs, kafka: NonNullable<PlatformPodMonitorsArgs["kafka"]>): PodMonitor {
    return podMonitor(args, {
        name: `${kafka.cluster}-entity-operator`,
        component: "kafka-entity-operator",
        namespaces: [kafka.namespace],
        podLabels: entityOperatorPodLabels(kafka.cluster),
        ports: [ENTITY_OPERATOR_METRICS_PORTS.topicOperator.name, ENTITY_OPERATOR_METRICS_PORTS.userOperator.name],
        relabelings: [podLabelAs("strimzi.io/cluster", "strimzi_io_cluster")],
    });
}

export function zookeeperPodMonitor(args: PlatformPodMonitorsArgs, zookeeper: NonNullable<PlatformPodMonitorsArgs["zookeeper"]>): PodMonitor {
    return podMonitor(args, {
        // The platform's ensemble is called "zookeeper": no "zookeeper-zookeeper".
        name: zookeeper.name.endsWith("zookeeper") ? zookeeper.name : `${zookeeper.name}-zookeeper`,
        component: "zookeeper",
        namespaces: [zookeeper.namespace],
        podLabels: zookeeperSelector(zookeeper),
        ports: [ZOOKEEPER_METRICS_PORT_NAME],
        relabelings: [NODE_NAME],
    });
}

export function appPodMonitor(args: PlatformPodMonitorsArgs, app: AppScrapeArgs): PodMonitor {
    return podMonitor(args, { name: app.name, component: app.name, namespaces: [app.namespace], podLabels: app.podLabels, ports: [app.port ?? "metrics"] });
}

/**
 * The PodMonitors of every platform component the arguments name: what the monitoring stack's
 * component creates once the Prometheus Operator's CRDs exist. Throws an ArgumentError listing every
 * problem of the arguments.
 */
export function platformPodMonitors(args: PlatformPodMonitorsArgs): PodMonitor[] {
    throwIfProblems("platformPodMonitors", args.namespace, platformPodMonitorsProblems(args));
    const { flink, kafka, zookeeper } = args;
    return [
        ...(flink !== undefined ? [flinkClustersPodMonitor(args, flink), flinkOperatorPodMonitor(args, flink)] : []),
        ...(kafka !== undefined ? [strimziOperatorPodMonitor(args, kafka), ...(kafka.metrics ? [kafkaNodesPodMonitor(args, kafka)] : []), entityOperatorPodMonitor(args, kafka)] : []),
        ...(zookeeper !== undefined ? [zookeeperPodMonitor(args, zookeeper)] : []),
        ...(args.apps ?? []).map((app) => appPodMonitor(args, app)),
    ];
}
