/**
 * The metric names the platform's alerts read, per exporter, with where each name comes from. Tests
 * hold them against the real programs' output where a test runs that program (Flink, ZooKeeper).
 */

/**
 * Flink 2.2's Prometheus reporter (org.apache.flink.metrics.prometheus): `flink_` + the metric's
 * logical scope (`jobmanager_job`, `taskmanager_job_task`, `taskmanager_job_task_operator`) + its name,
 * joined by `_`, with every character outside `[a-zA-Z0-9:_]` made `_`; the scope's variables
 * (`job_name`, `task_name`, …) become labels. Names from Flink's MetricNames and its "Metrics" docs;
 * `pendingRecords` is FLIP-33's standard source metric, which flink-connector-kafka's
 * KafkaSourceReaderMetrics sets to the sum of the consumer's `records-lag` over its partitions.
 */
export const FLINK_METRICS = {
    /** Time in the RUNNING state, 0 in any other (metrics.job.status.enable's default CURRENT_TIME). */
    runningTime: "flink_jobmanager_job_runningTime",
    numRestarts: "flink_jobmanager_job_numRestarts",
    completedCheckpoints: "flink_jobmanager_job_numberOfCompletedCheckpoints",
    failedCheckpoints: "flink_jobmanager_job_numberOfFailedCheckpoints",
    backPressuredTime: "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
    pendingRecords: "flink_taskmanager_job_task_operator_pendingRecords",
} as const;

/**
 * Flink metrics the rules use that only a running Kafka source registers, so the MiniCluster test
 * (a job without Kafka) cannot see them.
 */
export const FLINK_KAFKA_SOURCE_METRICS: readonly string[] = [FLINK_METRICS.pendingRecords];

/**
 * Strimzi's Kafka pods through the JMX exporter rules of components/kafka/metrics.ts
 * (lowercaseOutputName): `kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value`
 * matches `kafka.(\w+)<type=(.+), name=(.+)><>Value` → `kafka_$1_$2_$3`; `IsrShrinksPerSec` matches
 * the `PerSec … Count` rule → `kafka_$1_$2_$3_total`. The MBeans are Kafka 4.3's ReplicaManager and,
 * on KRaft controllers, ControllerMetadataMetrics / QuorumControllerMetrics (`kafka.controller:
 * type=KafkaController`).
 */
export const KAFKA_METRICS = {
    underReplicatedPartitions: "kafka_server_replicamanager_underreplicatedpartitions",
    offlinePartitions: "kafka_controller_kafkacontroller_offlinepartitionscount",
    activeControllers: "kafka_controller_kafkacontroller_activecontrollercount",
    isrShrinks: "kafka_server_replicamanager_isrshrinks_total",
} as const;

/**
 * ZooKeeper 3.9's PrometheusMetricsProvider (zookeeper-metrics-providers): ServerMetrics' names as
 * they are. A server in the quorum exports `quorum_size`; the leader alone `synced_followers` and
 * `leader_uptime`; a server without a quorum neither, but ServerMetrics' counters such as
 * `looking_count` from its start (seen in test/real/zookeeper.test.ts's ensemble).
 */
export const ZOOKEEPER_METRICS = {
    quorumSize: "quorum_size",
    syncedFollowers: "synced_followers",
    leaderUptime: "leader_uptime",
    lookingCount: "looking_count",
} as const;

/**
 * kube-state-metrics (its docs/metrics/workload/pod-metrics.md and deployment-metrics.md, v2):
 * label names `namespace`, `pod`, `container`, `deployment`, `condition`, `phase`.
 */
export const KUBE_STATE_METRICS = {
    containerRestarts: "kube_pod_container_status_restarts_total",
    podReady: "kube_pod_status_ready",
    podPhase: "kube_pod_status_phase",
    deploymentAvailable: "kube_deployment_status_replicas_available",
} as const;

/** Prometheus's own series per scrape target: 1 when the last scrape succeeded, else 0. */
export const PROMETHEUS_UP = "up";
