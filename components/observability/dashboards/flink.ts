/**
 * The Flink dashboard: throughput, checkpoints, back-pressure, restarts, and the JVMs' heap and GC, per
 * Flink cluster (the FlinkDeployment, label `flink_cluster`) and job, with variables for the namespace,
 * the cluster and the job.
 */
import { FLINK_METRICS } from "../alert-metrics";
import { FLINK_DASHBOARD_METRICS } from "../dashboard-metrics";
import { finish, labelVariable, platformDashboard, PROMETHEUS, row, statPanel, timeSeries, ZERO_IS_GOOD, type Dashboard, type DashboardOptions } from "./panels";

export const FLINK_DASHBOARD_NAME = "flink";

/** The series of the chosen namespaces, clusters and jobs. */
const JOB = `namespace=~"$namespace", flink_cluster=~"$cluster", job_name=~"$job"`;
const CLUSTER = `namespace=~"$namespace", flink_cluster=~"$cluster"`;

export function flinkDashboard(options: DashboardOptions): Dashboard {
    const f = FLINK_METRICS;
    const d = FLINK_DASHBOARD_METRICS;
    const byJob = "sum by (namespace, flink_cluster, job_name)";
    const jobLegend = "{{flink_cluster}} / {{job_name}}";
    const builder = platformDashboard(FLINK_DASHBOARD_NAME, "Flink", options)
        .description("Flink clusters and jobs: throughput, checkpoints, back-pressure, restarts, JVM heap and GC.")
        .withVariable(labelVariable("namespace", "Namespace", PROMETHEUS, `label_values(${f.runningTime}, namespace)`))
        .withVariable(labelVariable("cluster", "Flink cluster", PROMETHEUS, `label_values(${f.runningTime}{namespace=~"$namespace"}, flink_cluster)`))
        .withVariable(labelVariable("job", "Job", PROMETHEUS, `label_values(${f.runningTime}{namespace=~"$namespace", flink_cluster=~"$cluster"}, job_name)`))
        .withRow(row("Jobs"))
        .withPanel(statPanel("Jobs running", { expr: `count(max by (namespace, flink_cluster, job_name) (${f.runningTime}{${JOB}}) > 0) or vector(0)` }, { width: 6 }))
        .withPanel(
            statPanel("Jobs not running", { expr: `count(max by (namespace, flink_cluster, job_name) (${f.runningTime}{${JOB}}) == 0) or vector(0)` }, { width: 6, steps: ZERO_IS_GOOD }),
        )
        .withPanel(statPanel("Restarts (1h)", { expr: `sum(increase(${f.numRestarts}{${JOB}}[1h])) or vector(0)` }, { width: 6, steps: ZERO_IS_GOOD }))
        .withPanel(statPanel("Free task slots", { expr: `sum(${d.taskSlotsAvailable}{${CLUSTER}})` }, { width: 6 }))
        .withPanel(timeSeries("Records in per second", "rps", [{ expr: `${byJob} (${d.recordsInPerSecond}{${JOB}})`, legend: jobLegend }]))
        .withPanel(timeSeries("Records out per second", "rps", [{ expr: `${byJob} (${d.recordsOutPerSecond}{${JOB}})`, legend: jobLegend }]))
        .withPanel(timeSeries("Restarts", "short", [{ expr: `${byJob} (increase(${f.numRestarts}{${JOB}}[$__rate_interval]))`, legend: jobLegend }]))
        .withPanel(
            timeSeries("Back-pressured time per task", "ms", [{ expr: `max by (flink_cluster, job_name, task_name) (${f.backPressuredTime}{${JOB}})`, legend: "{{job_name}} / {{task_name}}" }], {
                description: "Milliseconds of each second the busiest subtask of each task waited for its output buffers (1000: fully back-pressured).",
            }),
        )
        .withPanel(timeSeries("Busy time per task", "ms", [{ expr: `max by (flink_cluster, job_name, task_name) (${d.busyTime}{${JOB}})`, legend: "{{job_name}} / {{task_name}}" }]))
        .withPanel(timeSeries("Kafka source lag", "short", [{ expr: `${byJob} (${f.pendingRecords}{${JOB}})`, legend: jobLegend }]))
        .withPanel(
            timeSeries(
                "Clusters: running jobs, TaskManagers and task slots",
                "short",
                [
                    { expr: `sum by (flink_cluster) (${d.runningJobs}{${CLUSTER}})`, legend: "{{flink_cluster}} running jobs" },
                    { expr: `sum by (flink_cluster) (${d.registeredTaskManagers}{${CLUSTER}})`, legend: "{{flink_cluster}} TaskManagers" },
                    { expr: `sum by (flink_cluster) (${d.taskSlotsTotal}{${CLUSTER}})`, legend: "{{flink_cluster}} slots" },
                    { expr: `sum by (flink_cluster) (${d.taskSlotsAvailable}{${CLUSTER}})`, legend: "{{flink_cluster}} free slots" },
                ],
                { width: 24 },
            ),
        )
        .withRow(row("Checkpoints"))
        .withPanel(timeSeries("Last checkpoint duration", "ms", [{ expr: `max by (flink_cluster, job_name) (${d.lastCheckpointDuration}{${JOB}})`, legend: jobLegend }], { width: 8 }))
        .withPanel(
            timeSeries(
                "Last checkpoint size",
                "bytes",
                [
                    { expr: `max by (flink_cluster, job_name) (${d.lastCheckpointSize}{${JOB}})`, legend: "{{job_name}} checkpointed" },
                    { expr: `max by (flink_cluster, job_name) (${d.lastCheckpointFullSize}{${JOB}})`, legend: "{{job_name}} full" },
                ],
                { width: 8 },
            ),
        )
        .withPanel(
            timeSeries(
                "Checkpoints completed and failed",
                "short",
                [
                    { expr: `${byJob} (increase(${f.completedCheckpoints}{${JOB}}[$__rate_interval]))`, legend: "{{job_name}} completed" },
                    { expr: `${byJob} (increase(${f.failedCheckpoints}{${JOB}}[$__rate_interval]))`, legend: "{{job_name}} failed" },
                    { expr: `${byJob} (${d.inProgressCheckpoints}{${JOB}})`, legend: "{{job_name}} in progress" },
                ],
                { width: 8 },
            ),
        )
        .withRow(row("JVM"))
        .withPanel(
            timeSeries("JobManager heap", "bytes", [
                { expr: `sum by (flink_cluster, pod) (${d.jobManagerHeapUsed}{${CLUSTER}})`, legend: "{{pod}} used" },
                { expr: `sum by (flink_cluster, pod) (${d.jobManagerHeapMax}{${CLUSTER}})`, legend: "{{pod}} max" },
            ]),
        )
        .withPanel(
            timeSeries("TaskManager heap", "bytes", [
                { expr: `sum by (flink_cluster, pod) (${d.taskManagerHeapUsed}{${CLUSTER}})`, legend: "{{pod}} used" },
                { expr: `sum by (flink_cluster, pod) (${d.taskManagerHeapMax}{${CLUSTER}})`, legend: "{{pod}} max" },
            ]),
        )
        .withPanel(
            timeSeries(
                "GC time per second",
                "ms",
                [
                    { expr: `sum by (flink_cluster, pod) (${d.jobManagerGcTime}{${CLUSTER}})`, legend: "{{pod}}" },
                    { expr: `sum by (flink_cluster, pod) (${d.taskManagerGcTime}{${CLUSTER}})`, legend: "{{pod}}" },
                ],
                { width: 24, description: "Milliseconds of each second the JVM spent in garbage collection, all collectors together." },
            ),
        );
    return finish(builder);
}
