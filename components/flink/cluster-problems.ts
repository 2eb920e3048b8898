/** The rules both Flink cluster shapes share, and those of one job, by argument path (pure). */
import { dnsLabelMessage, isDnsLabel } from "../core/labels";
import { clientPeersProblems } from "../core/network";
import { Problem, Problems } from "../core/problems";
import { isCpuQuantity, isMemoryQuantity } from "../core/quantity";
import { FlinkJobArgs, resolveFlinkCluster, resolveJob, type FlinkClusterShape } from "./cluster-args";
import { CHECKPOINTING_MODES, FLINK_REST_PORT, HA_TYPES, RESTART_STRATEGIES, UPGRADE_MODES } from "./config";
import { flinkKafkaProblems } from "./kafka";

/** Flink derives its Services' and ConfigMaps' names from the cluster's, so it must leave room. */
export const FLINK_CLUSTER_NAME_MAX = 45;

/** A count the user may leave out (its default is one), or a whole number of at least one. */
export const isPositiveInt = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 1);
const positiveIntMessage = (n: number | undefined) => `must be a whole number, 1 or more, got ${JSON.stringify(n)}`;
const oneOf = (allowed: readonly string[], value: string | undefined) => `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`;

/**
 * The cluster's own arguments, shared by both shapes; `taskManager.replicas` is each shape's own rule.
 * The storage is not looked at: it is an Input, known only once the store exists.
 */
export function flinkClusterProblems(name: string, args: FlinkClusterShape): Problem[] {
    const c = resolveFlinkCluster(name, args);
    const problems = new Problems()
        .check(
            isDnsLabel(c.name) && c.name.length <= FLINK_CLUSTER_NAME_MAX,
            "name",
            `${dnsLabelMessage(c.name, FLINK_CLUSTER_NAME_MAX)} (Flink derives Service and ConfigMap names from it)`,
        )
        .check(isDnsLabel(c.namespace), "namespace", dnsLabelMessage(c.namespace))
        .check((HA_TYPES as readonly string[]).includes(c.haType), "haType", oneOf(HA_TYPES, c.haType))
        .check(
            c.haType !== "zookeeper" || (args.zookeeperQuorum !== undefined && args.zookeeperQuorum !== ""),
            "zookeeperQuorum",
            'is required with haType "zookeeper": the connect string of a ZooKeeper ensemble',
        )
        .check([1, 2].includes(c.jobManager.replicas), "jobManager.replicas", `must be 1 or 2 (a standby), got ${JSON.stringify(c.jobManager.replicas)}`)
        .check(isPositiveInt(c.taskManager.slots), "taskManager.slots", positiveIntMessage(c.taskManager.slots));
    for (const [role, r] of [["jobManager", c.jobManager.resources], ["taskManager", c.taskManager.resources]] as const) {
        problems
            .check(isCpuQuantity(r.cpu), `${role}.cpu`, `must be a CPU quantity such as "500m" or "1", got ${JSON.stringify(r.cpu)}`)
            .check(isMemoryQuantity(r.memory), `${role}.memory`, `must be a quantity such as "1Gi", got ${JSON.stringify(r.memory)}`);
    }
    if (args.kafka !== undefined) problems.add("kafka", flinkKafkaProblems(args.kafka, c.namespace));
    const mode = c.checkpointing?.mode;
    const restart = c.restartStrategy?.type;
    return problems
        .check(mode === undefined || (CHECKPOINTING_MODES as readonly string[]).includes(mode), "checkpointing.mode", oneOf(CHECKPOINTING_MODES, mode))
        .check(isPositiveInt(c.checkpointing?.retained), "checkpointing.retained", positiveIntMessage(c.checkpointing?.retained))
        .check(restart === undefined || (RESTART_STRATEGIES as readonly string[]).includes(restart), "restartStrategy.type", oneOf(RESTART_STRATEGIES, restart))
        .check(Number.isInteger(c.timeoutSeconds) && c.timeoutSeconds > 0, "timeoutSeconds", `must be a whole number above 0, got ${JSON.stringify(c.timeoutSeconds)}`)
        .add("restClients", clientPeersProblems(c.restClients, `the REST port ${FLINK_REST_PORT}`))
        .check(isDnsLabel(c.monitoringNamespace), "monitoringNamespace", dnsLabelMessage(c.monitoringNamespace)).list;
}

/** One job's arguments, by path relative to the job. */
export function flinkJobProblems(args: FlinkJobArgs): Problem[] {
    const job = resolveJob(args);
    return new Problems()
        .check(typeof job.jarURI === "string" && job.jarURI !== "", "jarURI", `is required: the job's artifact, e.g. "local:///opt/flink/usrlib/job.jar", got ${JSON.stringify(job.jarURI)}`)
        .check(isPositiveInt(job.parallelism), "parallelism", positiveIntMessage(job.parallelism))
        .check((UPGRADE_MODES as readonly string[]).includes(job.upgradeMode), "upgradeMode", oneOf(UPGRADE_MODES, job.upgradeMode)).list;
}

/** A session's TaskManager count, which an application does not take. */
export function taskManagerReplicasProblems(replicas: number | undefined): Problem[] {
    return new Problems().check(isPositiveInt(replicas), "taskManager.replicas", positiveIntMessage(replicas)).list;
}
