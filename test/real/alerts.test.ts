/**
 * The rendered alert rules, read by Prometheus's promtool: `check rules` accepts them (and refuses a
 * broken expression), and `test rules` makes each alert fire on a failing synthetic series after its
 * `for`, with its labels and annotations, while the healthy series beside it stay quiet.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { platformAlertRules } from "../../components/observability";
import { scratchDir } from "../support/scratch";
import { requireTools } from "../support/tools";

const RULES = platformAlertRules({ namespace: "monitoring" });
const ALERTS = RULES.spec.groups?.flatMap((g) => g.rules ?? []) ?? [];

interface Case {
    alert: string;
    /** promtool's series notation: `metric{labels}` → `values`. */
    series: Record<string, string>;
    evalTime: string;
    /** The labels of each expected alert (besides alertname and severity) and the value its annotations show. */
    fires: { labels: Record<string, string>; value: number }[];
}

const S = 'namespace="streaming"';
const CASES: Case[] = [
    {
        alert: "FlinkJobNotRunning",
        series: { [`flink_jobmanager_job_runningTime{${S},job_name="broken"}`]: "0x20", [`flink_jobmanager_job_runningTime{${S},job_name="fine"}`]: "60000+60000x20" },
        evalTime: "10m",
        fires: [{ labels: { namespace: "streaming", job_name: "broken" }, value: 0 }],
    },
    {
        alert: "FlinkJobRestarting",
        series: { [`flink_jobmanager_job_numRestarts{${S},job_name="broken"}`]: "0+1x30", [`flink_jobmanager_job_numRestarts{${S},job_name="fine"}`]: "1x30" },
        evalTime: "20m",
        fires: [{ labels: { namespace: "streaming", job_name: "broken" }, value: 15 }],
    },
    {
        alert: "FlinkCheckpointsFailing",
        series: { [`flink_jobmanager_job_numberOfFailedCheckpoints{${S},job_name="broken"}`]: "0+1x30", [`flink_jobmanager_job_numberOfFailedCheckpoints{${S},job_name="fine"}`]: "3x30" },
        evalTime: "20m",
        fires: [{ labels: { namespace: "streaming", job_name: "broken" }, value: 10 }],
    },
    {
        alert: "FlinkNoRecentCheckpoint",
        series: {
            [`flink_jobmanager_job_numberOfCompletedCheckpoints{${S},job_name="stuck"}`]: "5x40",
            [`flink_jobmanager_job_runningTime{${S},job_name="stuck"}`]: "0+60000x40",
            [`flink_jobmanager_job_numberOfCompletedCheckpoints{${S},job_name="fine"}`]: "0+1x40",
            [`flink_jobmanager_job_runningTime{${S},job_name="fine"}`]: "0+60000x40",
        },
        evalTime: "30m",
        fires: [{ labels: { namespace: "streaming", job_name: "stuck" }, value: 0 }],
    },
    {
        alert: "FlinkBackpressure",
        series: {
            [`flink_taskmanager_job_task_backPressuredTimeMsPerSecond{${S},job_name="j",task_name="slow",subtask_index="0"}`]: "900x30",
            [`flink_taskmanager_job_task_backPressuredTimeMsPerSecond{${S},job_name="j",task_name="fast",subtask_index="0"}`]: "100x30",
        },
        evalTime: "20m",
        fires: [{ labels: { namespace: "streaming", job_name: "j", task_name: "slow" }, value: 900 }],
    },
    {
        alert: "FlinkKafkaConsumerLagGrowing",
        series: {
            [`flink_taskmanager_job_task_operator_pendingRecords{${S},job_name="behind",subtask_index="0"}`]: "20000+1000x40",
            [`flink_taskmanager_job_task_operator_pendingRecords{${S},job_name="steady",subtask_index="0"}`]: "20000x40",
            [`flink_taskmanager_job_task_operator_pendingRecords{${S},job_name="small",subtask_index="0"}`]: "0+10x40",
        },
        evalTime: "30m",
        fires: [{ labels: { namespace: "streaming", job_name: "behind" }, value: 50000 }],
    },
    {
        alert: "KafkaUnderReplicatedPartitions",
        series: { [`kafka_server_replicamanager_underreplicatedpartitions{${S},pod="kafka-0"}`]: "3x20", 'kafka_server_replicamanager_underreplicatedpartitions{namespace="other",pod="kafka-0"}': "0x20" },
        evalTime: "10m",
        fires: [{ labels: { namespace: "streaming" }, value: 3 }],
    },
    {
        alert: "KafkaOfflinePartitions",
        series: { [`kafka_controller_kafkacontroller_offlinepartitionscount{${S},pod="kafka-controller-0"}`]: "2x10", 'kafka_controller_kafkacontroller_offlinepartitionscount{namespace="other",pod="c-0"}': "0x10" },
        evalTime: "5m",
        fires: [{ labels: { namespace: "streaming" }, value: 2 }],
    },
    {
        alert: "KafkaNoActiveController",
        series: {
            [`kafka_controller_kafkacontroller_activecontrollercount{${S},pod="c-0"}`]: "0x10",
            [`kafka_controller_kafkacontroller_activecontrollercount{${S},pod="c-1"}`]: "0x10",
            'kafka_controller_kafkacontroller_activecontrollercount{namespace="other",pod="c-0"}': "1x10",
            'kafka_controller_kafkacontroller_activecontrollercount{namespace="other",pod="c-1"}': "0x10",
        },
        evalTime: "5m",
        fires: [{ labels: { namespace: "streaming" }, value: 0 }],
    },
    {
        alert: "KafkaIsrShrinking",
        series: { [`kafka_server_replicamanager_isrshrinks_total{${S},pod="kafka-1"}`]: "0+6x20", [`kafka_server_replicamanager_isrshrinks_total{${S},pod="kafka-0"}`]: "5x20" },
        evalTime: "15m",
        fires: [{ labels: { namespace: "streaming", pod: "kafka-1" }, value: 0.1 }],
    },
    {
        alert: "ZooKeeperQuorumLost",
        series: {
            [`looking_count{${S},pod="zookeeper-0"}`]: "3x10",
            'looking_count{namespace="other",pod="zookeeper-0"}': "1x10",
            'looking_count{namespace="other",pod="zookeeper-1"}': "1x10",
            'leader_uptime{namespace="other",pod="zookeeper-1"}': "0+60000x10",
        },
        evalTime: "5m",
        fires: [{ labels: { namespace: "streaming" }, value: 1 }],
    },
    {
        alert: "ZooKeeperQuorumAtRisk",
        series: {
            [`synced_followers{${S},pod="zookeeper-1"}`]: "1x10",
            [`quorum_size{${S},pod="zookeeper-1"}`]: "3x10",
            'synced_followers{namespace="other",pod="zookeeper-2"}': "2x10",
            'quorum_size{namespace="other",pod="zookeeper-2"}': "3x10",
        },
        evalTime: "5m",
        fires: [{ labels: { namespace: "streaming", pod: "zookeeper-1" }, value: 1 }],
    },
    {
        alert: "OperatorUnavailable",
        series: {
            'kube_deployment_status_replicas_available{namespace="operators",deployment="strimzi-cluster-operator"}': "0x10",
            'kube_deployment_status_replicas_available{namespace="operators",deployment="flink-kubernetes-operator"}': "1x10",
            'kube_deployment_status_replicas_available{namespace="monitoring",deployment="grafana"}': "0x10",
        },
        evalTime: "10m",
        fires: [{ labels: { namespace: "operators", deployment: "strimzi-cluster-operator" }, value: 0 }],
    },
    {
        alert: "OperatorMetricsDown",
        series: {
            'up{namespace="operators",job="operators/flink-kubernetes-operator",instance="10.0.0.1:9999"}': "0x10",
            'up{namespace="operators",job="operators/strimzi-cluster-operator",instance="10.0.0.2:8080"}': "1x10",
            'up{namespace="monitoring",job="monitoring/grafana",instance="10.0.0.3:3000"}': "0x10",
        },
        evalTime: "10m",
        fires: [{ labels: { namespace: "operators", job: "operators/flink-kubernetes-operator" }, value: 0 }],
    },
    {
        alert: "PodCrashLooping",
        series: {
            [`kube_pod_container_status_restarts_total{${S},pod="a",container="c"}`]: "0+1x20",
            [`kube_pod_container_status_restarts_total{${S},pod="b",container="c"}`]: "2x20",
            'kube_pod_container_status_restarts_total{namespace="kube-system",pod="x",container="c"}': "0+1x20",
        },
        evalTime: "20m",
        fires: [{ labels: { namespace: "streaming", pod: "a", container: "c" }, value: 15 }],
    },
    {
        alert: "PodNotReady",
        series: {
            [`kube_pod_status_ready{${S},pod="a",condition="false"}`]: "1x20",
            [`kube_pod_status_ready{${S},pod="b",condition="false"}`]: "0x20",
            [`kube_pod_status_ready{${S},pod="done",condition="false"}`]: "1x20",
            [`kube_pod_status_phase{${S},pod="done",phase="Succeeded"}`]: "1x20",
            'kube_pod_status_ready{namespace="kube-system",pod="x",condition="false"}': "1x20",
        },
        evalTime: "15m",
        fires: [{ labels: { namespace: "streaming", pod: "a" }, value: 1 }],
    },
];

/** Prometheus's `humanize` for the values these cases show: SI prefixes, %.4g. */
function humanize(v: number): string {
    if (Math.abs(v) >= 1000) {
        const prefixes = ["k", "M", "G", "T"];
        let i = -1;
        while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
            v /= 1000;
            i++;
        }
        return `${Number(v.toPrecision(4))}${prefixes[i]}`;
    }
    return String(Number(v.toPrecision(4)));
}

/** The annotations' templates as Prometheus fills them for one alert. */
function render(template: string, labels: Record<string, string>, value: number): string {
    return template
        .replace(/\{\{ \$value \| humanize \}\}/g, humanize(value))
        .replace(/\{\{ \$value \}\}/g, String(value))
        .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l: string) => labels[l] ?? "");
}

function promtool(args: string[], cwd: string) {
    const result = spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 60_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the platform's alert rules, read by promtool", () => {
    it("every alert has a severity, a summary, a description, a runbook and a test case", () => {
        for (const rule of ALERTS) {
            assert.match(rule.labels?.severity ?? "", /^(critical|warning)$/, rule.alert);
            for (const key of ["summary", "description", "runbook"]) assert.ok(rule.annotations?.[key], `${rule.alert} has no ${key}`);
        }
        assert.deepEqual(ALERTS.map((r) => r.alert).sort(), CASES.map((c) => c.alert).sort());
    });

    it("promtool check rules accepts them, and refuses a broken expression", () => {
        requireTools("promtool");
        const dir = scratchDir("alerts-check-");
        fs.writeFileSync(path.join(dir, "rules.yml"), stringify(RULES.spec));
        const ok = promtool(["check", "rules", "rules.yml"], dir);
        assert.equal(ok.status, 0, ok.output);
        assert.match(ok.output, new RegExp(`SUCCESS: ${ALERTS.length} rules found`));

        const broken = structuredClone(RULES.spec);
        const first = broken.groups?.[0].rules?.[0];
        assert.ok(first);
        first.expr = "max by (namespace (flink_jobmanager_job_runningTime) == 0";
        fs.writeFileSync(path.join(dir, "broken.yml"), stringify(broken));
        const bad = promtool(["check", "rules", "broken.yml"], dir);
        assert.notEqual(bad.status, 0, bad.output);
        assert.match(bad.output, /FlinkJobNotRunning|parse error/, bad.output);
    });

    it("promtool test rules: each alert fires on its failing series after its `for`, and not on the healthy ones", () => {
        requireTools("promtool");
        const dir = scratchDir("alerts-test-");
        fs.writeFileSync(path.join(dir, "rules.yml"), stringify(RULES.spec));
        const tests = CASES.map((c) => {
            const rule = ALERTS.find((r) => r.alert === c.alert);
            assert.ok(rule, `no rule ${c.alert}`);
            return {
                name: c.alert,
                interval: "1m",
                input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
                alert_rule_test: [
                    // before its `for` has passed (from the first sample), nothing fires
                    ...(rule.for ? [{ eval_time: "0m", alertname: c.alert, exp_alerts: [] }] : []),
                    {
                        eval_time: c.evalTime,
                        alertname: c.alert,
                        exp_alerts: c.fires.map((f) => ({
                            exp_labels: { ...f.labels, severity: rule.labels?.severity },
                            exp_annotations: Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, render(v, f.labels, f.value)])),
                        })),
                    },
                ],
            };
        });
        fs.writeFileSync(path.join(dir, "tests.yml"), stringify({ rule_files: ["rules.yml"], evaluation_interval: "1m", tests }));
        const result = promtool(["test", "rules", "tests.yml"], dir);
        assert.equal(result.status, 0, result.output);
        assert.match(result.output, /SUCCESS/);
    });
});
