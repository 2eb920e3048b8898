/**
 * The metric names the platform's Grafana dashboards read, per exporter, with where each name comes
 * from, beside alert-metrics.ts (whose constants the dashboards reuse where the metric is the same).
 * Every metric name in a dashboard expression is one of these or of alert-metrics.ts: the unit tests
 * hold every PromQL selector to that, and tests against the real programs hold the names to their output.
 */

/**
 * Flink 2.2 through its Prometheus reporter: `flink_` + logical scope + `_` + name, characters outside
 * `[a-zA-Z0-9:_]` made `_` (see FLINK_METRICS). Names read from flink-runtime 2.2.1's classes:
 * `MetricNames` (numRecordsInPerSecond, busyTimeMsPerSecond, numRunningJobs, …),
 * `DefaultCheckpointStatsTracker` (lastCheckpointDuration, …, on the job's JobManager group) and
 * `MetricUtils` (`Status.JVM.Memory.Heap.Used|Max`, `Status.JVM.GarbageCollector.All.TimeMsPerSecond`,
 * the sum over the JVM's collectors, so no collector's name is needed). Labels: `job_name`, `job_id`,
 * `task_name`, `subtask_index`, `tm_id`, `host`, plus `flink_cluster` and `flink_component` from the
 * PodMonitor (pod-monitors.ts). test/real/flink.test.ts holds every one of these, and every `flink_` name
 * a dashboard selects (but the operator's and a Kafka source's), to the families a real 2.2.1 MiniCluster's
 * Prometheus reporter serves while a checkpointing job runs.
 */
export const FLINK_DASHBOARD_METRICS = {
    /** TaskIOMetricGroup's meters (MetricNames.IO_NUM_RECORDS_IN_RATE / _OUT_RATE), per subtask. */
    recordsInPerSecond: "flink_taskmanager_job_task_numRecordsInPerSecond",
    recordsOutPerSecond: "flink_taskmanager_job_task_numRecordsOutPerSecond",
    /** MetricNames.TASK_BUSY_TIME: ms of each second the subtask was busy. */
    busyTime: "flink_taskmanager_job_task_busyTimeMsPerSecond",
    /** DefaultCheckpointStatsTracker.LATEST_COMPLETED_CHECKPOINT_DURATION_METRIC, in ms. */
    lastCheckpointDuration: "flink_jobmanager_job_lastCheckpointDuration",
    /** LATEST_COMPLETED_CHECKPOINT_SIZE_METRIC: bytes of the last checkpoint (incremental: its delta). */
    lastCheckpointSize: "flink_jobmanager_job_lastCheckpointSize",
    /** LATEST_COMPLETED_CHECKPOINT_FULL_SIZE_METRIC: the full state size of the last checkpoint. */
    lastCheckpointFullSize: "flink_jobmanager_job_lastCheckpointFullSize",
    /** NUMBER_OF_IN_PROGRESS_CHECKPOINTS_METRIC. */
    inProgressCheckpoints: "flink_jobmanager_job_numberOfInProgressCheckpoints",
    /** MetricNames.NUM_RUNNING_JOBS, on the JobManager's own group. */
    runningJobs: "flink_jobmanager_numRunningJobs",
    /** MetricNames.NUM_REGISTERED_TASK_MANAGERS, TASK_SLOTS_AVAILABLE, TASK_SLOTS_TOTAL. */
    registeredTaskManagers: "flink_jobmanager_numRegisteredTaskManagers",
    taskSlotsAvailable: "flink_jobmanager_taskSlotsAvailable",
    taskSlotsTotal: "flink_jobmanager_taskSlotsTotal",
    /** MetricUtils: Status → JVM → Memory → Heap → Used / Max, on the JobManager and each TaskManager. */
    jobManagerHeapUsed: "flink_jobmanager_Status_JVM_Memory_Heap_Used",
    jobManagerHeapMax: "flink_jobmanager_Status_JVM_Memory_Heap_Max",
    taskManagerHeapUsed: "flink_taskmanager_Status_JVM_Memory_Heap_Used",
    taskManagerHeapMax: "flink_taskmanager_Status_JVM_Memory_Heap_Max",
    /** MetricUtils.instantiateGarbageCollectorMetrics: the `All` group's TimeMsPerSecond meter. */
    jobManagerGcTime: "flink_jobmanager_Status_JVM_GarbageCollector_All_TimeMsPerSecond",
    taskManagerGcTime: "flink_taskmanager_Status_JVM_GarbageCollector_All_TimeMsPerSecond",
} as const;

/**
 * Kafka 4.3's MBeans through the JMX exporter rules of components/kafka/metrics.ts (lowercaseOutputName;
 * characters outside `[a-zA-Z0-9:_]` made `_`), each derived from the first rule that matches:
 * - BrokerTopicMetrics (kafka-storage's org.apache.kafka.storage.log.metrics.BrokerTopicMetrics,
 *   `kafka.server:type=BrokerTopicMetrics,name=…PerSec[,topic=…]`) `Count` → the `PerSec … Count` rules →
 *   `kafka_server_brokertopicmetrics_<name>_total`, the broker's total without a `topic` label and one
 *   series per topic with it (select `topic=""` for totals, or the sum counts twice). Kafka has no
 *   MessagesOutPerSec: consumption shows as BytesOutPerSec and TotalFetchRequestsPerSec.
 * - ReplicaManager (`kafka.server:type=ReplicaManager`) gauges `Value` → `kafka_server_replicamanager_<name>`;
 *   its `IsrExpandsPerSec` meter → `…_isrexpands_total`.
 * - ControllerMetadataMetrics (`kafka.controller:type=KafkaController`, KRaft controllers only) `Value`.
 * - QuorumControllerMetrics' histograms (`kafka.controller:type=ControllerEventManager`) `NNthPercentile` →
 *   the percentile rule → `kafka_controller_controllereventmanager_<name>{quantile="0.NN"}`.
 * - RequestChannel (`kafka.network:type=RequestChannel,name=RequestQueueSize`) `Value`.
 * - KafkaRequestHandlerPool's `RequestHandlerAvgIdlePercent` meter `MeanRate` and SocketServer's
 *   `NetworkProcessorAvgIdlePercent` gauge `Value` → the `Percent` rules → `…_<name>_percent`.
 * - KafkaRaftMetrics (`kafka.server:type=raft-metrics`, attribute `commit-latency-avg`) → the raft gauge rule.
 * - RequestMetrics' `TotalTimeMs` histogram (`kafka.network:type=RequestMetrics,name=TotalTimeMs,request=…`)
 *   `50thPercentile` / `99thPercentile`, for Produce, FetchConsumer and FetchFollower only → its own rule →
 *   `kafka_network_requestmetrics_totaltimems{request, quantile}`; the other RequestMetrics are excluded.
 * test/real/kafka-metrics.test.ts holds every one of these, and every `kafka_` name a dashboard selects, to
 * a real Kafka 4.3.1 node's scrape through those rules (with the broker totals without `topic` and the
 * controller histograms' `quantile="0.99"` the dashboard selects).
 */
export const KAFKA_DASHBOARD_METRICS = {
    messagesIn: "kafka_server_brokertopicmetrics_messagesin_total",
    bytesIn: "kafka_server_brokertopicmetrics_bytesin_total",
    bytesOut: "kafka_server_brokertopicmetrics_bytesout_total",
    totalProduceRequests: "kafka_server_brokertopicmetrics_totalproducerequests_total",
    totalFetchRequests: "kafka_server_brokertopicmetrics_totalfetchrequests_total",
    partitionCount: "kafka_server_replicamanager_partitioncount",
    leaderCount: "kafka_server_replicamanager_leadercount",
    underMinIsrPartitions: "kafka_server_replicamanager_underminisrpartitioncount",
    isrExpands: "kafka_server_replicamanager_isrexpands_total",
    globalPartitionCount: "kafka_controller_kafkacontroller_globalpartitioncount",
    globalTopicCount: "kafka_controller_kafkacontroller_globaltopiccount",
    /** QuorumControllerMetrics.EVENT_QUEUE_TIME_MS: how long controller events wait, ms, by `quantile`. */
    controllerEventQueueTime: "kafka_controller_controllereventmanager_eventqueuetimems",
    /** EVENT_QUEUE_PROCESSING_TIME_MS: how long the controller takes per event, ms, by `quantile`. */
    controllerEventProcessingTime: "kafka_controller_controllereventmanager_eventqueueprocessingtimems",
    requestQueueSize: "kafka_network_requestchannel_requestqueuesize",
    requestHandlerIdle: "kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent",
    networkProcessorIdle: "kafka_network_socketserver_networkprocessoravgidle_percent",
    /** Time from a request's arrival to its response, ms, by `request` (Produce, FetchConsumer, FetchFollower) and `quantile` (0.50, 0.99). */
    requestTotalTime: "kafka_network_requestmetrics_totaltimems",
    /** KafkaRaftMetrics `commit-latency-avg`: ms to commit an entry of the metadata log. */
    raftCommitLatencyAvg: "kafka_server_raftmetrics_commit_latency_avg",
} as const;

/**
 * ZooKeeper 3.9's PrometheusMetricsProvider, names as registered (read from zookeeper 3.9.5's classes):
 * ZooKeeperServer's gauges (`avg_latency`, `max_latency`, `outstanding_requests`, `num_alive_connections`,
 * `znode_count`), LeaderZooKeeperServer's (`learners`, leader only) and ServerMetrics' ADVANCED summaries
 * `readlatency` / `updatelatency` (labels `quantile` 0.5, 0.9, 0.99). Latencies in ms.
 * test/real/zookeeper.test.ts holds every one of these to a real 3.9.5 ensemble's scrape: the leader serves
 * all, each follower all but `learners` (and the alerts' `synced_followers` and `leader_uptime`).
 */
export const ZOOKEEPER_DASHBOARD_METRICS = {
    avgLatency: "avg_latency",
    maxLatency: "max_latency",
    outstandingRequests: "outstanding_requests",
    aliveConnections: "num_alive_connections",
    znodeCount: "znode_count",
    learners: "learners",
    readLatency: "readlatency",
    updateLatency: "updatelatency",
} as const;

/**
 * The Flink Kubernetes Operator (FLINK_OPERATOR_VERSION 1.15.0) through Flink's Prometheus reporter, which
 * names a metric `flink_` + its logical scope + its name and exports Flink counters as gauges (no `_total`:
 * as the MiniCluster of test/real/flink.test.ts serves `flink_taskmanager_job_task_numRecordsIn`). Read in
 * apache/flink-kubernetes-operator, flink-kubernetes-operator/src/main/java/org/apache/flink/kubernetes/operator/metrics/
 * (the search index's revisions, which it does not tie to the release-1.15 tag; the group names and the
 * metric paths below are the same in each revision it holds):
 * - KubernetesOperatorMetricGroup.java, KubernetesResourceNamespaceMetricGroup.java and
 *   KubernetesResourceMetricGroup.java: getGroupName `k8soperator`, `namespace`, `resource`, so the logical
 *   scopes `k8soperator`, `k8soperator.namespace`, `k8soperator.namespace.resource`; their variables
 *   (KubernetesResourceNamespaceScopeFormat / KubernetesResourceScopeFormat) are the labels `resourcens`,
 *   `resourcetype` and `resourcename`;
 * - lifecycle/LifecycleMetrics.java (@2e8bc6fa2c9d): createNamespaceStateCountIfMissing registers, on the
 *   namespace group, `Lifecycle` → `State` → `<ResourceLifecycleState>` → gauge `Count`;
 * - OperatorJosdkMetrics.java (@09abda1ecdf1): reconcileCustomResource / failedReconciliation count, on the
 *   resource group, `JOSDK` → `Reconciliation` [→ `retries` | `failed`] → counter `Count`.
 * The docs (docs/content/docs/operations/metrics-logging.md, "How Metric Identifiers Are Built") give the
 * same Prometheus name, `flink_k8soperator_namespace_Lifecycle_State_STABLE_Count{resourcens, resourcetype}`.
 */
export const FLINK_OPERATOR_METRICS = {
    lifecycleStable: "flink_k8soperator_namespace_Lifecycle_State_STABLE_Count",
    lifecycleDeployed: "flink_k8soperator_namespace_Lifecycle_State_DEPLOYED_Count",
    lifecycleUpgrading: "flink_k8soperator_namespace_Lifecycle_State_UPGRADING_Count",
    lifecycleFailed: "flink_k8soperator_namespace_Lifecycle_State_FAILED_Count",
    reconciliations: "flink_k8soperator_namespace_resource_JOSDK_Reconciliation_Count",
    reconciliationsFailed: "flink_k8soperator_namespace_resource_JOSDK_Reconciliation_failed_Count",
    reconciliationsRetried: "flink_k8soperator_namespace_resource_JOSDK_Reconciliation_retries_Count",
} as const;

/**
 * The Strimzi Cluster Operator's Micrometer metrics (STRIMZI_VERSION 1.2.0; the entity operator's have the
 * same names), labels `kind`, `namespace`, `cluster_name`, `selector`. Read in strimzi/strimzi-kafka-operator
 * @0670a025041e (the search index's revision, which it does not tie to the 1.2.0 tag):
 * operator-common/src/main/java/io/strimzi/operator/common/metrics/MetricsHolder.java registers the counters
 * `strimzi.reconciliations`, `strimzi.reconciliations.successful`, `strimzi.reconciliations.failed`, the
 * timer `strimzi.reconciliations.duration` and the gauge `strimzi.resources` (tags from getTags). Micrometer's
 * Prometheus registry writes a counter as `<name>_total`, a timer as `<name>_seconds_count|_sum|_max`, a
 * gauge as `<name>`, dots made `_`; Strimzi's own system tests assert exactly these names
 * (`strimzi_reconciliations_total`, `…_successful_total`, `…_duration_seconds_sum|_max`, `strimzi_resources`).
 */
export const STRIMZI_OPERATOR_METRICS = {
    reconciliations: "strimzi_reconciliations_total",
    reconciliationsSuccessful: "strimzi_reconciliations_successful_total",
    reconciliationsFailed: "strimzi_reconciliations_failed_total",
    reconciliationDurationSum: "strimzi_reconciliations_duration_seconds_sum",
    reconciliationDurationCount: "strimzi_reconciliations_duration_seconds_count",
    reconciliationDurationMax: "strimzi_reconciliations_duration_seconds_max",
    resources: "strimzi_resources",
} as const;

/**
 * kube-state-metrics, besides KUBE_STATE_METRICS (alert-metrics.ts). kube-prometheus-stack 81.4.5 depends on
 * the kube-state-metrics chart 7.1.0 (versions.ts), which runs kube-state-metrics v2.18.0 (a rendered 7.1.0
 * chart's `app.kubernetes.io/version: "2.18.0"`; 7.0.1's Chart.yaml, prometheus-community/helm-charts
 * @09707f6a8c3a:charts/kube-state-metrics/Chart.yaml, has `appVersion: 2.17.0`). Read in
 * kubernetes/kube-state-metrics (the search index's revisions, v2 module `k8s.io/kube-state-metrics/v2`,
 * which it does not tie to the v2.18.0 tag): internal/store/deployment.go (@012b46d220861) registers
 * `kube_deployment_spec_replicas` (and the alerts' `kube_deployment_status_replicas_available`), both
 * STABLE, labels `namespace`, `deployment`; internal/store/testdata/stable-metrics-list.yaml (@07b90dc36486),
 * the list of STABLE metrics its tests hold the stores to, has them and the alerts' pod metrics
 * (`kube_pod_container_status_restarts_total`, `kube_pod_status_ready{condition}`, `kube_pod_status_phase{phase}`).
 * STABLE metrics keep their names and labels within v2.
 */
export const KUBE_STATE_DASHBOARD_METRICS = {
    deploymentSpecReplicas: "kube_deployment_spec_replicas",
} as const;

/** Prometheus's synthetic series of every alert of its rules, `alertstate` "pending" or "firing". */
export const PROMETHEUS_ALERTS = "ALERTS";

/** Every metric name above, for the tests that hold dashboards and real programs to them. */
export const DASHBOARD_METRIC_NAMES: readonly string[] = [
    ...Object.values(FLINK_DASHBOARD_METRICS),
    ...Object.values(KAFKA_DASHBOARD_METRICS),
    ...Object.values(ZOOKEEPER_DASHBOARD_METRICS),
    ...Object.values(FLINK_OPERATOR_METRICS),
    ...Object.values(STRIMZI_OPERATOR_METRICS),
    ...Object.values(KUBE_STATE_DASHBOARD_METRICS),
    PROMETHEUS_ALERTS,
];
