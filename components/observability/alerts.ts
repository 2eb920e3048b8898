/**
 * The platform's alerts as one PrometheusRule (monitoring.coreos.com/v1), for the Prometheus
 * Operator to load. Pure: the rules are data, so promtool can check and unit-test them offline.
 */
import { componentLabels, dnsLabelMessage, isDnsLabel } from "../core/labels";
import type { PrometheusRule } from "../core/objects";
import { Problems, type Problem } from "../core/problems";
import { FLINK_METRICS, KAFKA_METRICS, KUBE_STATE_METRICS, PROMETHEUS_UP, ZOOKEEPER_METRICS } from "./alert-metrics";
import { alertThresholds, alertThresholdsProblems, type AlertThresholdsArgs } from "./alert-thresholds";
import { OPERATOR_POD_MONITOR_NAMES } from "./pod-monitors";

/** The alerts' settings that do not place the rule: what ObservabilityStack takes as `alerts`. Plain values only: the names are checked and written into expressions. */
export interface AlertRulesSettings {
    /** @default "platform-alerts" */
    name?: string;
    /** The namespaces whose pods the pod alerts watch. @default ["streaming", "operators", "monitoring"] */
    podNamespaces?: string[];
    /**
     * The operators' Deployments (kube-state-metrics) and, as substrings of their scrape jobs' names
     * (`up{job}`), the operators whose metrics must stay scraped.
     * @default ["strimzi-cluster-operator", "flink-kubernetes-operator"]
     */
    operators?: string[];
    /** @default every default of AlertThresholdsArgs */
    thresholds?: AlertThresholdsArgs;
}

export interface AlertRulesArgs extends AlertRulesSettings {
    /** The namespace of the PrometheusRule (the monitoring stack's, as its rule selector expects). */
    namespace: string;
    /** Extra labels on the PrometheusRule, e.g. the one the Prometheus's `ruleSelector` matches. @default {} */
    labels?: Record<string, string>;
}

export const ALERT_RULES_DEFAULTS = {
    name: "platform-alerts",
    podNamespaces: ["streaming", "operators", "monitoring"],
    operators: [OPERATOR_POD_MONITOR_NAMES.strimzi, OPERATOR_POD_MONITOR_NAMES.flink],
};

export type Severity = "critical" | "warning";
type Rule = NonNullable<NonNullable<PrometheusRule["spec"]["groups"]>[number]["rules"]>[number];

export function alertRulesProblems(args: AlertRulesArgs): Problem[] {
    const problems = new Problems();
    problems.check(isDnsLabel(args.namespace), "namespace", dnsLabelMessage(args.namespace));
    if (args.name !== undefined) problems.check(isDnsLabel(args.name), "name", dnsLabelMessage(args.name));
    const names = (key: "podNamespaces" | "operators") => {
        const list = args[key];
        if (list === undefined) return;
        problems.check(Array.isArray(list) && list.length > 0, key, `must be a non-empty list of names, got ${JSON.stringify(list)}`);
        if (!Array.isArray(list)) return;
        list.forEach((n, i) => problems.check(isDnsLabel(n), `${key}[${i}]`, dnsLabelMessage(n)));
    };
    names("podNamespaces");
    names("operators");
    problems.add("thresholds", alertThresholdsProblems(args.thresholds));
    return problems.list;
}

/** Milliseconds of a one-unit Prometheus duration (checked by alertThresholdsProblems). */
export function durationMs(duration: string): number {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
    if (!m) throw new Error(`not a duration: ${duration}`);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms"];
    return Number(m[1]) * unit;
}

function alert(name: string, severity: Severity, expr: string, forDuration: string | undefined, text: { summary: string; description: string; runbook: string }): Rule {
    return {
        alert: name,
        expr,
        ...(forDuration === undefined ? {} : { for: forDuration }),
        labels: { severity },
        annotations: { summary: text.summary, description: text.description, runbook: text.runbook },
    };
}

/** The rule groups: Flink, Kafka, ZooKeeper, the operators and the platform's pods. */
export function platformAlertGroups(args: AlertRulesArgs): { name: string; rules: Rule[] }[] {
    const t = alertThresholds(args.thresholds);
    const namespaces = (args.podNamespaces ?? ALERT_RULES_DEFAULTS.podNamespaces).join("|");
    const operators = (args.operators ?? ALERT_RULES_DEFAULTS.operators).join("|");
    const f = FLINK_METRICS;
    const k = KAFKA_METRICS;
    const z = ZOOKEEPER_METRICS;
    const ks = KUBE_STATE_METRICS;
    const job = "{{ $labels.namespace }}/{{ $labels.job_name }}";
    const byJob = "max by (namespace, job_name)";
    return [
        {
            name: "platform.flink",
            rules: [
                alert("FlinkJobNotRunning", "critical", `${byJob} (${f.runningTime}) == 0`, t.flinkJobNotRunningFor, {
                    summary: `Flink job ${job} is not running`,
                    description: `The job has been out of RUNNING (restarting, failing, created or suspended) for ${t.flinkJobNotRunningFor}.`,
                    runbook: "kubectl describe flinkdeployment; read the JobManager log for the exception that stops the job; fix the cause and let the operator redeploy from the last checkpoint.",
                }),
                alert("FlinkJobRestarting", "warning", `${byJob} (increase(${f.numRestarts}[${t.flinkRestartWindow}])) > ${t.flinkRestarts}`, undefined, {
                    summary: `Flink job ${job} keeps restarting`,
                    description: `{{ $value | humanize }} restarts in ${t.flinkRestartWindow}, more than ${t.flinkRestarts}.`,
                    runbook: "Read the TaskManager logs for the failing task's exception (bad records, lost TaskManagers, OOM kills); the restart strategy only hides it.",
                }),
                alert("FlinkCheckpointsFailing", "warning", `${byJob} (increase(${f.failedCheckpoints}[${t.checkpointFailureWindow}])) > ${t.checkpointFailures}`, undefined, {
                    summary: `Checkpoints of Flink job ${job} fail`,
                    description: `{{ $value | humanize }} failed checkpoints in ${t.checkpointFailureWindow}, more than ${t.checkpointFailures}.`,
                    runbook: "Open the job's Checkpoints tab: a timeout points to back-pressure or slow storage, an exception to the checkpoint bucket's credentials or quota.",
                }),
                alert(
                    "FlinkNoRecentCheckpoint",
                    "critical",
                    `${byJob} (changes(${f.completedCheckpoints}[${t.checkpointMaxAge}])) == 0 and on (namespace, job_name) ${byJob} (${f.runningTime}) > ${durationMs(t.checkpointMaxAge)}`,
                    undefined,
                    {
                        summary: `Flink job ${job} has completed no checkpoint in ${t.checkpointMaxAge}`,
                        description: `The job runs, but a restart now would replay everything since its last checkpoint more than ${t.checkpointMaxAge} ago.`,
                        runbook: "Check that checkpointing is on and that checkpoints neither fail nor time out (FlinkCheckpointsFailing, FlinkBackpressure); then the bucket's reachability.",
                    },
                ),
                alert("FlinkBackpressure", "warning", `max by (namespace, job_name, task_name) (${f.backPressuredTime}) > ${t.backpressureMsPerSecond}`, t.backpressureFor, {
                    summary: `Task {{ $labels.task_name }} of Flink job ${job} is back-pressured`,
                    description: `Back-pressured {{ $value | humanize }} ms of each second for ${t.backpressureFor}.`,
                    runbook: "Find the first task downstream that is busy, not back-pressured (the job graph in the UI); scale its parallelism or fix its slow sink or state access.",
                }),
                alert(
                    "FlinkKafkaConsumerLagGrowing",
                    "warning",
                    `sum by (namespace, job_name) (${f.pendingRecords}) > ${t.consumerLagRecords} and on (namespace, job_name) sum by (namespace, job_name) (deriv(${f.pendingRecords}[${t.consumerLagWindow}])) > 0`,
                    t.consumerLagWindow,
                    {
                        summary: `Kafka consumer lag of Flink job ${job} grows`,
                        description: `{{ $value | humanize }} records behind its Kafka topics, more than ${t.consumerLagRecords}, and growing for ${t.consumerLagWindow}.`,
                        runbook: "The job reads slower than producers write: look for back-pressure and restarts, then raise the job's parallelism (up to the topic's partitions).",
                    },
                ),
            ],
        },
        {
            name: "platform.kafka",
            rules: [
                alert("KafkaUnderReplicatedPartitions", "warning", `sum by (namespace) (${k.underReplicatedPartitions}) > 0`, t.kafkaReplicationFor, {
                    summary: "Kafka in {{ $labels.namespace }} has under-replicated partitions",
                    description: `{{ $value }} partitions have fewer in-sync replicas than replicas, for ${t.kafkaReplicationFor}.`,
                    runbook: "kubectl get pods of the Kafka cluster: a broker down or restarting is the usual cause; else its disk or network (kafka-topics --describe --under-replicated-partitions).",
                }),
                alert("KafkaOfflinePartitions", "critical", `max by (namespace) (${k.offlinePartitions}) > 0`, "1m", {
                    summary: "Kafka in {{ $labels.namespace }} has offline partitions",
                    description: "{{ $value }} partitions have no leader: their producers and consumers stop.",
                    runbook: "Bring back the brokers that hold the partitions' replicas (kubectl get pods, their logs); do not enable unclean leader election unless losing data is acceptable.",
                }),
                alert("KafkaNoActiveController", "critical", `sum by (namespace) (${k.activeControllers}) != 1`, "1m", {
                    summary: "Kafka in {{ $labels.namespace }} has {{ $value }} active controllers, not one",
                    description: "Without exactly one active KRaft controller no metadata changes: no leader elections, topic or ACL changes.",
                    runbook: "Check the controller pods and their quorum (kafka-metadata-quorum describe --status); a majority of controllers must run and reach each other.",
                }),
                alert("KafkaIsrShrinking", "warning", `sum by (namespace, pod) (rate(${k.isrShrinks}[5m])) > 0`, t.kafkaReplicationFor, {
                    summary: "In-sync replica sets shrink on Kafka broker {{ $labels.namespace }}/{{ $labels.pod }}",
                    description: `Followers fall out of sync with this broker's partitions for ${t.kafkaReplicationFor}.`,
                    runbook: "A slow or overloaded follower: check the brokers' CPU, disk latency and network, and whether one broker restarts.",
                }),
            ],
        },
        {
            name: "platform.zookeeper",
            rules: [
                alert("ZooKeeperQuorumLost", "critical", `count by (namespace) (${z.lookingCount}) unless on (namespace) count by (namespace) (${z.leaderUptime})`, t.zookeeperQuorumFor, {
                    summary: "ZooKeeper in {{ $labels.namespace }} has no quorum",
                    description: `{{ $value }} servers run but none leads, for ${t.zookeeperQuorumFor}: Flink's ZooKeeper HA cannot elect leaders or record checkpoints.`,
                    runbook: "A majority of the ensemble must run and reach each other on the quorum and election ports: kubectl get pods, their logs, then the NetworkPolicies between them.",
                }),
                alert("ZooKeeperQuorumAtRisk", "warning", `${z.syncedFollowers} + 1 <= floor(${z.quorumSize} / 2) + 1`, t.zookeeperQuorumFor, {
                    summary: "ZooKeeper in {{ $labels.namespace }} can lose no further server",
                    description: "The leader and its synced followers are a bare majority of the ensemble; one more server down loses the quorum.",
                    runbook: "Bring back the missing servers (kubectl get pods of the StatefulSet, their logs); postpone node drains until they are synced.",
                }),
            ],
        },
        {
            name: "platform.operators",
            rules: [
                alert("OperatorUnavailable", "critical", `max by (namespace, deployment) (${ks.deploymentAvailable}{deployment=~"${operators}"}) < 1`, t.operatorDownFor, {
                    summary: "Operator {{ $labels.namespace }}/{{ $labels.deployment }} has no available replica",
                    description: `For ${t.operatorDownFor}: the resources it manages are not reconciled (no deployments, upgrades or recoveries).`,
                    runbook: "kubectl describe deployment and its pods: image pulls, crashes (its log), or webhook certificates.",
                }),
                alert("OperatorMetricsDown", "warning", `max by (namespace, job) (${PROMETHEUS_UP}{job=~".*(${operators}).*"}) == 0`, t.operatorDownFor, {
                    summary: "Prometheus cannot scrape {{ $labels.job }}",
                    description: `No target of the operator's scrape job answered for ${t.operatorDownFor}.`,
                    runbook: "Check the operator's pods, then the monitor's port and the NetworkPolicies that admit the scrape.",
                }),
            ],
        },
        {
            name: "platform.pods",
            rules: [
                alert("PodCrashLooping", "warning", `max by (namespace, pod, container) (increase(${ks.containerRestarts}{namespace=~"${namespaces}"}[${t.podRestartWindow}])) > ${t.podRestarts}`, undefined, {
                    summary: "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} keeps restarting",
                    description: `{{ $value | humanize }} restarts in ${t.podRestartWindow}, more than ${t.podRestarts}.`,
                    runbook: "kubectl logs --previous for the crash; kubectl describe pod for OOMKilled or failing probes.",
                }),
                alert(
                    "PodNotReady",
                    "warning",
                    `max by (namespace, pod) (${ks.podReady}{namespace=~"${namespaces}", condition="false"}) == 1 unless on (namespace, pod) max by (namespace, pod) (${ks.podPhase}{phase="Succeeded"}) == 1`,
                    t.podNotReadyFor,
                    {
                        summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} is not ready",
                        description: `Not ready for ${t.podNotReadyFor}.`,
                        runbook: "kubectl describe pod: unschedulable (quota, resources), image pull, or a failing readiness probe.",
                    },
                ),
            ],
        },
    ];
}

/** The platform's alerts as one PrometheusRule. */
export function platformAlertRules(args: AlertRulesArgs): PrometheusRule {
    const name = args.name ?? ALERT_RULES_DEFAULTS.name;
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name, namespace: args.namespace, labels: { ...componentLabels(name, "alerts"), ...args.labels } },
        spec: { groups: platformAlertGroups(args) },
    };
}
