package streamingplatform.fraud;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The job's topology (FraudTopology) on a local MiniCluster, for `npm run demo` (README.md). Takes the
 * job's arguments plus --parallelism N (default 1), --metrics-port P (Flink's Prometheus reporter; 0:
 * none), --checkpoint-dir DIR (required: checkpoints and the drain savepoint), and checkpoints every
 * second by default. Prints `RUNNING <jobId>` once the job runs, then reads commands from stdin:
 * `drain` processes everything written to the transactions topic so far, fires every window, commits
 * and stops (prints `FINISHED`); end of stdin cancels the job. Exit 0 on both; an error is a message on
 * stderr and a non-zero exit.
 */
public final class LocalFraudPipeline {
    private static volatile boolean stopping;

    private LocalFraudPipeline() {}

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fraud-job: bad arguments:\n" + e.getMessage());
            status = 2;
        } catch (Throwable e) {
            System.err.println("fraud-job: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>(FraudJobConfig.DEFAULTS);
        defaults.put("checkpoint-interval", "1 s");
        defaults.put("parallelism", "1");
        defaults.put("metrics-port", "0");
        defaults.put("checkpoint-dir", null);
        Map<String, String> values = FraudJobConfig.parseArgs(args, defaults);
        List<String> problems = new ArrayList<>();
        FraudJobConfig config;
        try {
            config = FraudJobConfig.from(values);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            config = null;
        }
        int parallelism = intArg(values, "parallelism", 1, 1024, problems);
        int metricsPort = intArg(values, "metrics-port", 0, 65535, problems);
        String checkpointDir = values.get("checkpoint-dir");
        if (checkpointDir == null || checkpointDir.isBlank()) problems.add("--checkpoint-dir: required, a local directory for checkpoints and the drain savepoint");
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));

        Path dir = Path.of(checkpointDir).toAbsolutePath();
        Files.createDirectories(dir);
        Map<String, String> flink = new HashMap<>();
        flink.put("execution.checkpointing.storage", "filesystem");
        flink.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        flink.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        // a failure ends the run (and the demo) with its error rather than restarting forever
        flink.put("restart-strategy.type", "none");
        if (metricsPort > 0) {
            flink.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            flink.put("metrics.reporter.prom.port", String.valueOf(metricsPort));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, Configuration.fromMap(flink));
        FraudTopology.build(env, config);
        JobClient job = env.executeAsync("fraud-detection");
        job.getJobExecutionResult().whenComplete((result, error) -> {
            if (!stopping) {
                System.err.println("fraud-job: the job ended unexpectedly" + (error != null ? ": " + error : ""));
                if (error != null) error.printStackTrace();
                System.exit(1);
            }
        });
        awaitRunning(job);
        System.out.println("RUNNING " + job.getJobID());
        System.out.flush();

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = stdin.readLine()) != null) {
            String command = line.trim();
            if (command.isEmpty()) continue;
            if (command.equals("drain")) {
                drain(config, job, dir.resolve("savepoints").toUri().toString());
                System.out.println("FINISHED");
                return 0;
            }
            System.err.println("fraud-job: unknown command '" + command + "': the commands are drain (and end of input, which cancels)");
        }
        stopping = true;
        job.cancel().get();
        try {
            job.getJobExecutionResult().get();
        } catch (ExecutionException cancelled) {
            // the result of a cancelled job is its cancellation
        }
        return 0;
    }

    private static int intArg(Map<String, String> values, String key, int min, int max, List<String> problems) {
        String v = values.get(key);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("--" + key + ": must be an integer from " + min + " to " + max + ", got '" + v + "'");
        return min;
    }

    private static void awaitRunning(JobClient job) throws Exception {
        while (true) {
            JobStatus status = job.getJobStatus().get();
            if (status == JobStatus.RUNNING) return;
            if (status.isTerminalState()) throw new IllegalStateException("the job is " + status + " before it ran");
            Thread.sleep(100);
        }
    }

    /**
     * Waits until the job's consumer group has committed (on a completed checkpoint) offsets at or past the
     * transactions topic's end offsets as they are now (read_committed), then stops the job with a savepoint
     * that first advances to the end of event time: every window fires and the final checkpoint commits the
     * sinks' Kafka transactions.
     */
    private static void drain(FraudJobConfig config, JobClient job, String savepointDir) throws Exception {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties);
        props.put("bootstrap.servers", config.bootstrapServers);
        try (Admin admin = Admin.create(props); KafkaConsumer<byte[], byte[]> probe = probe(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(config.transactionsTopic)).allTopicNames().get().get(config.transactionsTopic).partitions()
                    .forEach(p -> partitions.add(new TopicPartition(config.transactionsTopic, p.partition())));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartition tp : partitions) latest.put(tp, OffsetSpec.latest());
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));

            List<TopicPartition> pending = new ArrayList<>(partitions);
            while (!pending.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.groupId).partitionsToOffsetAndMetadata().get();
                pending.removeIf(tp -> consumedTo(probe, tp, committed.get(tp), ends.get(tp)));
                if (!pending.isEmpty()) Thread.sleep(200);
            }
        }
        stopping = true;
        for (int attempt = 1; ; attempt++) {
            try {
                job.stopWithSavepoint(true, savepointDir, SavepointFormatType.DEFAULT).get();
                break;
            } catch (ExecutionException e) {
                // e.g. a task not yet running; the job itself failing ends the run through its result
                if (attempt == 10) throw e;
                Thread.sleep(500);
            }
        }
        job.getJobExecutionResult().get();
    }

    /**
     * Whether the group's committed offset covers everything before `end`. The source commits the offset after
     * the last record it read, which is short of the end when control records (transaction markers) follow it:
     * then a read_committed consumer from the committed offset finds no record before the end.
     */
    private static boolean consumedTo(KafkaConsumer<byte[], byte[]> probe, TopicPartition tp, OffsetAndMetadata committed, long end) {
        if (end == 0 || (committed != null && committed.offset() >= end)) return true;
        probe.assign(List.of(tp));
        if (committed == null) probe.seekToBeginning(List.of(tp));
        else probe.seek(tp, committed.offset());
        ConsumerRecords<byte[], byte[]> records = probe.poll(Duration.ofMillis(500));
        return records.isEmpty() && probe.position(tp) >= end;
    }

    private static KafkaConsumer<byte[], byte[]> probe(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove("group.id");
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", "false");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
