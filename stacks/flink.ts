import * as pulumi from "@pulumi/pulumi";
import { FlinkApplication, FlinkApplicationArgs } from "../components/flink/application";
import { FlinkClusterArgs } from "../components/flink/cluster-args";
import { FlinkOperator } from "../components/flink/operator";
import { FlinkSessionCluster, FlinkSessionClusterArgs } from "../components/flink/session-cluster";
import type { FlinkStorage } from "../components/flink/storage";
import type { FlinkConfig, PlatformConfig } from "./schema";

type ClusterConfig = FlinkConfig["session"] | FlinkConfig["applications"][string];

function clusterArgs(config: PlatformConfig, cluster: ClusterConfig, namespace: string, zookeeperQuorum?: pulumi.Input<string>): Omit<FlinkClusterArgs, "storage"> {
    return {
        namespace,
        haType: config.flink.ha,
        zookeeperQuorum: config.flink.ha === "zookeeper" ? zookeeperQuorum : undefined,
        image: cluster.image,
        jobManager: cluster.jobManager,
        taskManager: cluster.taskManager,
        checkpointing: cluster.checkpointing,
        restartStrategy: cluster.restartStrategy,
        flinkConfiguration: cluster.flinkConfiguration,
        timeoutSeconds: cluster.timeoutSeconds,
    };
}

/** The session cluster's arguments from the stack configuration (without storage, which comes later). */
export function flinkSessionArgs(config: PlatformConfig, namespace: string, zookeeperQuorum?: pulumi.Input<string>): Omit<FlinkSessionClusterArgs, "storage"> {
    return { ...clusterArgs(config, config.flink.session, namespace, zookeeperQuorum), jobs: config.flink.session.jobs };
}

export function flinkApplicationArgs(config: PlatformConfig, name: string, namespace: string, zookeeperQuorum?: pulumi.Input<string>): Omit<FlinkApplicationArgs, "storage"> {
    const app = config.flink.applications[name];
    return { ...clusterArgs(config, app, namespace, zookeeperQuorum), job: app.job };
}

/** The ServiceAccounts the Flink clusters will run as, for storage backends that grant access by identity. */
export function flinkServiceAccounts(config: PlatformConfig): string[] {
    if (!config.flink.enabled) return [];
    const clusters = [...(config.flink.session.enabled ? [config.flink.session.name] : []), ...Object.keys(config.flink.applications)];
    return clusters.map((name) => `${name}-flink`);
}

export interface PlatformFlink {
    operator: FlinkOperator;
    session?: FlinkSessionCluster;
    applications: Record<string, FlinkApplication>;
}

export function createFlink(
    config: PlatformConfig,
    placement: { operatorNamespace: string; namespace: string; watchNamespaces: string[] },
    storage: FlinkStorage,
    zookeeperQuorum: pulumi.Input<string> | undefined,
    opts: pulumi.ComponentResourceOptions,
): PlatformFlink {
    const operator = new FlinkOperator("flink-operator", { namespace: placement.operatorNamespace, watchNamespaces: placement.watchNamespaces, resources: config.flink.operator.resources }, opts);
    // The operator's CRDs must exist before any FlinkDeployment.
    const clusterOpts = { ...opts, dependsOn: [...toArray(opts.dependsOn), operator] };
    const session = config.flink.session.enabled
        ? new FlinkSessionCluster(config.flink.session.name, { ...flinkSessionArgs(config, placement.namespace, zookeeperQuorum), storage }, clusterOpts)
        : undefined;
    const applications: Record<string, FlinkApplication> = {};
    for (const name of Object.keys(config.flink.applications)) {
        applications[name] = new FlinkApplication(name, { ...flinkApplicationArgs(config, name, placement.namespace, zookeeperQuorum), storage }, clusterOpts);
    }
    return { operator, session, applications };
}

function toArray<T>(value: pulumi.Input<pulumi.Input<T>[]> | pulumi.Input<T> | undefined): pulumi.Input<T>[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? (value) : [value as pulumi.Input<T>];
}
