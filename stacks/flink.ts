import * as pulumi from "@pulumi/pulumi";
import { flinkPodsPeer, NetworkPeerArgs } from "../components/core/network";
import { Problem, problemsAt, relocate, uniqueProblems } from "../components/core/problems";
import { FlinkApplication, flinkApplicationProblems, FlinkApplicationShape } from "../components/flink/application";
import type { FlinkClusterShape } from "../components/flink/cluster-args";
import { allowedArtifactSchemesProblems } from "../components/flink/artifacts";
import type { FlinkKafkaArgs } from "../components/flink/kafka";
import { flinkClusterPodLabels, flinkServiceAccountNames } from "../components/flink/manifests";
import { FLINK_OPERATOR_POD_LABELS, FlinkOperator, FlinkOperatorArgs, flinkOperatorResourcesProblems } from "../components/flink/operator";
import { FlinkSessionCluster, flinkSessionClusterProblems, FlinkSessionClusterShape } from "../components/flink/session-cluster";
import type { FlinkStorage } from "../components/flink/storage";
import type { PlatformNamespaceNames } from "./namespaces";
import type { FlinkConfig, PlatformConfig } from "./schema";

/** The operator's component name, and its Helm release's. */
const OPERATOR_NAME = "flink-operator";

type ClusterConfig = FlinkConfig["session"] | FlinkConfig["applications"][string];

/** How each Kafka user is reached, by user name: what a cluster's `kafkaUser` turns into. */
export type FlinkKafkaUsers = Readonly<Record<string, FlinkKafkaArgs>>;

/** Where the operator and the clusters run, and where the Prometheus that scrapes them runs. */
export interface FlinkPlacement {
    operatorNamespace: string;
    namespace: string;
    /** Where the operator runs Flink clusters: the platform's and any a tenant declares. */
    watchNamespaces: string[];
    monitoringNamespace: string;
}

/** The operator in the operators namespace, the platform's clusters in streaming, tenants' clusters in their namespaces. */
export function flinkPlacement(names: PlatformNamespaceNames): FlinkPlacement {
    return { operatorNamespace: names.operators, namespace: names.streaming, watchNamespaces: [names.streaming, ...names.tenants], monitoringNamespace: names.monitoring };
}

/** The Flink pods of every namespace the operator watches: what ZooKeeper and the object store admit. */
export function flinkPodPeers(placement: Pick<FlinkPlacement, "watchNamespaces">): NetworkPeerArgs[] {
    return placement.watchNamespaces.map((namespace) => flinkPodsPeer(namespace));
}

function clusterArgs(
    flink: FlinkConfig,
    cluster: ClusterConfig,
    placement: FlinkPlacement,
    zookeeperQuorum: pulumi.Input<string> | undefined,
    kafkaUsers: FlinkKafkaUsers,
): FlinkClusterShape {
    return {
        kafka: cluster.kafkaUser === undefined ? undefined : kafkaUsers[cluster.kafkaUser],
        namespace: placement.namespace,
        // The operator drives the clusters through their REST API: only its pods reach it.
        restClients: [{ namespace: placement.operatorNamespace, podLabels: { ...FLINK_OPERATOR_POD_LABELS } }],
        monitoringNamespace: placement.monitoringNamespace,
        haType: flink.ha,
        zookeeperQuorum: flink.ha === "zookeeper" ? zookeeperQuorum : undefined,
        image: cluster.image,
        jobManager: cluster.jobManager,
        taskManager: cluster.taskManager,
        checkpointing: cluster.checkpointing,
        restartStrategy: cluster.restartStrategy,
        flinkConfiguration: cluster.flinkConfiguration,
        timeoutSeconds: cluster.timeoutSeconds,
    };
}

/**
 * The session cluster's arguments from the `flink` section, without the storage, which comes from the
 * store. Its jobs' jars are checked against what the section's operator allows.
 */
export function flinkSessionArgs(
    flink: FlinkConfig,
    placement: FlinkPlacement,
    zookeeperQuorum: pulumi.Input<string> | undefined,
    kafkaUsers: FlinkKafkaUsers = {},
): FlinkSessionClusterShape {
    return {
        ...clusterArgs(flink, flink.session, placement, zookeeperQuorum, kafkaUsers),
        jobs: flink.session.jobs,
        allowedArtifactSchemes: flink.operator.allowedArtifactSchemes,
        disallowRestrictedArtifactHosts: flink.operator.disallowRestrictedArtifactHosts,
    };
}

/** Application `name`'s arguments from the `flink` section, without the storage. */
export function flinkApplicationArgs(
    flink: FlinkConfig,
    name: string,
    placement: FlinkPlacement,
    zookeeperQuorum: pulumi.Input<string> | undefined,
    kafkaUsers: FlinkKafkaUsers = {},
): FlinkApplicationShape {
    const app = flink.applications[name];
    return { ...clusterArgs(flink, app, placement, zookeeperQuorum, kafkaUsers), job: app.job };
}

/** The Flink clusters of the section, by component name. */
function clusterNames(flink: FlinkConfig): string[] {
    return [...(flink.session.enabled ? [flink.session.name] : []), ...Object.keys(flink.applications)];
}

/** Each cluster's `kafkaUser` by its key path and cluster name. */
function kafkaUserKeys(flink: FlinkConfig): { path: string; cluster: string; user: string }[] {
    const keys: { path: string; cluster: string; user: string }[] = [];
    if (flink.session.enabled && flink.session.kafkaUser !== undefined) keys.push({ path: "flink.session.kafkaUser", cluster: flink.session.name, user: flink.session.kafkaUser });
    for (const [name, app] of Object.entries(flink.applications)) {
        if (app.kafkaUser !== undefined) keys.push({ path: `flink.applications.${name}.kafkaUser`, cluster: name, user: app.kafkaUser });
    }
    return keys;
}

/** The pods of the clusters that run as each Kafka user (by user name), which the Kafka listeners must admit. */
export function flinkKafkaClients(flink: FlinkConfig, namespace: string): Record<string, NetworkPeerArgs[]> {
    const clients: Record<string, NetworkPeerArgs[]> = {};
    if (!flink.enabled) return clients;
    for (const { cluster, user } of kafkaUserKeys(flink)) (clients[user] ??= []).push({ namespace, podLabels: flinkClusterPodLabels({ name: cluster }) });
    return clients;
}

/** A `kafkaUser` that names no user of `kafka.users`, or Kafka that is off ("disabled"). */
function kafkaUserReferenceProblems(flink: FlinkConfig, kafkaUsers: FlinkKafkaUsers | "disabled"): Problem[] {
    return kafkaUserKeys(flink).flatMap(({ path, user }): Problem[] => {
        if (kafkaUsers === "disabled") return [{ path, message: `needs Kafka, and kafka.enabled is false, got ${JSON.stringify(user)}` }];
        const names = Object.keys(kafkaUsers);
        if (names.includes(user)) return [];
        return [{ path, message: `must be a user of kafka.users (${names.length > 0 ? names.join(", ") : "none declared"}), got ${JSON.stringify(user)}` }];
    });
}

/** The ServiceAccounts the Flink clusters will run as, for storage backends that grant access by identity. */
export function flinkServiceAccounts(flink: FlinkConfig): string[] {
    if (!flink.enabled) return [];
    return clusterNames(flink).flatMap((name) => flinkServiceAccountNames({ name }));
}

/** Where the clusters' arguments that the `flink` section does not hold come from. */
const MOVED = {
    haType: "flink.ha",
    namespace: "namespaces.streaming.name",
    zookeeperQuorum: "zookeeper.enabled",
    "restClients[0].namespace": "namespaces.operators.name",
    monitoringNamespace: "namespaces.monitoring.name",
};
/** The session cluster's copy of the operator's settings. */
const SESSION_MOVED = {
    ...MOVED,
    name: "flink.session.name",
    allowedArtifactSchemes: "flink.operator.allowedArtifactSchemes",
    disallowRestrictedArtifactHosts: "flink.operator.disallowRestrictedArtifactHosts",
};

/**
 * The Flink components' problems with the arguments createFlink gives them, by stack key path. The
 * quorum is the ensemble's planned connect string, or undefined without one. The operator's
 * namespaces come from the `namespaces` section, whose own rules check them; the section sets its
 * resources and which jars it fetches for session jobs. A rule that fails alike for several clusters
 * (no quorum) or for the operator and the session cluster (a bad scheme) is reported once.
 */
export function flinkProblems(flink: FlinkConfig, placement: FlinkPlacement, zookeeperQuorum: string | undefined, kafkaUsers: FlinkKafkaUsers | "disabled" = {}): Problem[] {
    const problems = [
        ...problemsAt("flink.operator.resources", flinkOperatorResourcesProblems(flink.operator.resources)),
        ...problemsAt("flink.operator", allowedArtifactSchemesProblems(flink.operator.allowedArtifactSchemes)),
        ...kafkaUserReferenceProblems(flink, kafkaUsers),
    ];
    const users = kafkaUsers === "disabled" ? {} : kafkaUsers;
    // A user's namespace and authentication come from kafka.users; the cluster's key names the user.
    const kafkaMoves = (at: string) => ({ "kafka.namespace": `${at}.kafkaUser`, "kafka.authentication": `${at}.kafkaUser` });
    if (flink.session.enabled) {
        const session = flinkSessionClusterProblems(flink.session.name, flinkSessionArgs(flink, placement, zookeeperQuorum, users));
        problems.push(...relocate("flink.session", session, { ...SESSION_MOVED, ...kafkaMoves("flink.session") }));
    }
    for (const name of Object.keys(flink.applications)) {
        const at = `flink.applications.${name}`;
        const application = flinkApplicationProblems(name, flinkApplicationArgs(flink, name, placement, zookeeperQuorum, users));
        problems.push(...relocate(at, application, { ...MOVED, ...kafkaMoves(at), name: at }));
    }
    return uniqueProblems(problems);
}

function operatorArgs(flink: FlinkConfig, placement: FlinkPlacement): FlinkOperatorArgs {
    return {
        namespace: placement.operatorNamespace,
        watchNamespaces: placement.watchNamespaces,
        resources: flink.operator.resources,
        allowedArtifactSchemes: flink.operator.allowedArtifactSchemes,
        disallowRestrictedArtifactHosts: flink.operator.disallowRestrictedArtifactHosts,
    };
}

export interface PlatformFlink {
    operator: FlinkOperator;
    session?: FlinkSessionCluster;
    applications: Record<string, FlinkApplication>;
}

export function createFlink(
    config: Pick<PlatformConfig, "flink">,
    placement: FlinkPlacement,
    storage: pulumi.Input<FlinkStorage>,
    zookeeperQuorum: pulumi.Input<string> | undefined,
    opts: pulumi.ComponentResourceOptions,
    kafkaUsers: FlinkKafkaUsers = {},
): PlatformFlink {
    const { flink } = config;
    const operator = new FlinkOperator(OPERATOR_NAME, operatorArgs(flink, placement), opts);
    // The operator's CRDs, at its version, must exist before any FlinkDeployment: the operator's children.
    const clusterOpts = { ...opts, dependsOn: [...toArray(opts.dependsOn), operator] };
    const session = flink.session.enabled
        ? new FlinkSessionCluster(flink.session.name, { ...flinkSessionArgs(flink, placement, zookeeperQuorum, kafkaUsers), storage }, clusterOpts)
        : undefined;
    const applications: Record<string, FlinkApplication> = {};
    for (const name of Object.keys(flink.applications)) {
        applications[name] = new FlinkApplication(name, { ...flinkApplicationArgs(flink, name, placement, zookeeperQuorum, kafkaUsers), storage }, clusterOpts);
    }
    return { operator, session, applications };
}

function toArray<T>(value: pulumi.Input<pulumi.Input<T>[]> | pulumi.Input<T> | undefined): pulumi.Input<T>[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value as pulumi.Input<T>];
}
