import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.highavailability.zookeeper.CuratorFrameworkWithUnhandledErrorListener;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.ZooKeeperUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import org.apache.flink.shaded.curator5.org.apache.curator.framework.CuratorFramework;

/**
 * Runs a Flink MiniCluster with exactly the configuration the platform renders (a config.yaml, read as
 * the image reads it) and a small checkpointed job on it: a rate-limited sequence, keyed, summed in
 * RocksDB state. With the platform's ZooKeeper HA, RocksDB, incremental checkpoints and file system
 * storage, it waits until MIN_CHECKPOINTS checkpoints completed, shows where Flink put them (the
 * checkpoint directory, the HA storage directory, the HA znodes), and cancels the job.
 *
 * <pre>
 * java -cp … FlinkHaCheckpointJob.java CONF_DIR WORK_DIR MIN_CHECKPOINTS TIMEOUT_SECONDS
 * </pre>
 *
 * Prints "completed checkpoints: N", "checkpoint file: …", "ha file: …", "znode: …", "prometheus :PORT: …"
 * lines and "OK";
 * exits 1 with "FAILED: reason" if the job fails or too few checkpoints complete within TIMEOUT_SECONDS.
 */
public class FlinkHaCheckpointJob {

    /** The n-th record is n. */
    public static class Sequence implements GeneratorFunction<Long, Long> {
        @Override
        public Long map(Long n) {
            return n;
        }
    }

    public static class ByRemainder implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long value) {
            return value % 8;
        }
    }

    /** The running sum per key, in keyed state (RocksDB, so every checkpoint has state to write). */
    public static class RunningSum extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> sum;

        @Override
        public void open(OpenContext context) {
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context context, Collector<Long> out) throws Exception {
            Long previous = sum.value();
            long next = (previous == null ? 0L : previous) + value;
            sum.update(next);
            out.collect(next);
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length != 4) {
            System.err.println("usage: FlinkHaCheckpointJob CONF_DIR WORK_DIR MIN_CHECKPOINTS TIMEOUT_SECONDS");
            System.exit(2);
        }
        Path work = Paths.get(args[1]);
        int wanted = Integer.parseInt(args[2]);
        long timeoutSeconds = Long.parseLong(args[3]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        // whatever hangs (a cluster that does not start or stop), the program ends
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(timeoutSeconds + 30));
                System.out.println("FAILED: still running " + (timeoutSeconds + 30) + " s after the start (see the last step above)");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException ignored) {
                // ended in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();

        int status;
        try {
            status = run(args[0], work, wanted, deadline, writeJobClasses(work));
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static int run(String confDir, Path work, int wanted, long deadline, Path classes) throws Exception {
        Configuration rendered = GlobalConfiguration.loadConfiguration(confDir);
        Map<String, String> settings = rendered.toMap();
        // What a MiniCluster on one host needs, and nothing else: ports and scratch directories. In the
        // cluster each pod has its own; here the test's programs share one host. The Prometheus
        // reporter's port is a free one the test wrote into CONF_DIR's file; the JobManager's RPC and
        // REST ports are random (withRandomPorts, below), and so are the blob server's and the
        // TaskManager's, by Flink's defaults.
        // And where the processes write their local scratch files (in a pod: its own /tmp): the test's
        // directory, which the test removes, instead of this host's /tmp.
        settings.put(CoreOptions.TMP_DIRS.key(), work.resolve("tmp").toString());
        settings.put(WebOptions.TMP_DIR.key(), work.resolve("web").toString());
        Files.createDirectories(work.resolve("tmp"));
        Configuration conf = Configuration.fromMap(settings);
        System.out.println("high-availability.type: " + conf.get(HighAvailabilityOptions.HA_MODE));
        System.out.println("high-availability.zookeeper.quorum: " + conf.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM));

        MiniClusterConfiguration clusterConfiguration = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(conf.get(TaskManagerOptions.NUM_TASK_SLOTS))
                // the JobManager's RPC port and the REST port: random free ones (rest.bind-port=0, jobmanager.rpc.port=0)
                .withRandomPorts()
                .build();
        MiniCluster cluster = new MiniCluster(clusterConfiguration);
        try {
            System.out.println("starting the cluster (its HA services connect first)");
            cluster.start();
            System.out.println("cluster started, REST at " + cluster.getRestAddress().get(30, TimeUnit.SECONDS));

            // The job gets the same configuration, as an application's main() gets the image's config.yaml:
            // checkpointing, state backend and restart strategy come from it.
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
            env.fromSource(new DataGeneratorSource<>(new Sequence(), Long.MAX_VALUE, RateLimiterStrategy.perSecond(500), Types.LONG), WatermarkStrategy.noWatermarks(), "sequence")
                    .keyBy(new ByRemainder())
                    .process(new RunningSum())
                    .name("running-sum")
                    .sinkTo(new DiscardingSink<>());
            JobGraph job = env.getStreamGraph().getJobGraph(FlinkHaCheckpointJob.class.getClassLoader(), null);
            // The job's classes live in this source file's in-memory class loader, which Flink's user code
            // class loader cannot see: hand them over as a class path, as a job jar would be.
            job.setClasspaths(List.of(classes.toUri().toURL()));
            JobID jobId = cluster.submitJob(job).get(60, TimeUnit.SECONDS).getJobID();
            System.out.println("job submitted: " + jobId);

            long completed = 0;
            AccessExecutionGraph graph = null;
            while (System.nanoTime() < deadline) {
                graph = cluster.getExecutionGraph(jobId).get(30, TimeUnit.SECONDS);
                if (graph.getState().isGloballyTerminalState()) {
                    String cause = graph.getFailureInfo() != null ? graph.getFailureInfo().getExceptionAsString() : "no failure recorded";
                    System.out.println("FAILED: the job ended " + graph.getState() + ": " + cause);
                    return 1;
                }
                CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
                completed = stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
                if (completed >= wanted) break;
                Thread.sleep(500);
            }
            System.out.println("job state: " + (graph == null ? "unknown" : graph.getState()));
            System.out.println("completed checkpoints: " + completed);
            if (completed < wanted) {
                CheckpointStatsSnapshot stats = graph == null ? null : graph.getCheckpointStatsSnapshot();
                String failed = stats == null ? "" : ", failed: " + stats.getCounts().getNumberOfFailedCheckpoints()
                        + (stats.getHistory().getLatestFailedCheckpoint() != null ? " (" + stats.getHistory().getLatestFailedCheckpoint().getFailureMessage() + ")" : "");
                System.out.println("FAILED: " + completed + " of " + wanted + " checkpoints completed within the time" + failed);
                return 1;
            }
            CompletedCheckpointStats latest = graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
            if (latest != null) System.out.println("latest checkpoint: " + latest.getExternalPath());

            // where Flink put them, while the job runs
            listFiles("checkpoint file", conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
            listFiles("ha file", conf.get(HighAvailabilityOptions.HA_STORAGE_PATH));
            listZnodes(conf);
            scrapePrometheus(conf.toMap().get("metrics.reporter.prom.port"), jobId);

            cluster.cancelJob(jobId).get(30, TimeUnit.SECONDS);
            JobStatus end = null;
            for (int i = 0; i < 60; i++) {
                end = cluster.getJobStatus(jobId).get(30, TimeUnit.SECONDS);
                if (end.isGloballyTerminalState()) break;
                Thread.sleep(500);
            }
            System.out.println("job after cancel: " + end);
            if (end != JobStatus.CANCELED) {
                System.out.println("FAILED: the job did not cancel");
                return 1;
            }
            System.out.println("OK");
            return 0;
        } finally {
            cluster.closeAsync().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The Prometheus reporter's endpoint: prints its line of the job's completed checkpoints, as "prometheus :PORT: …",
     * and the name of every metric family it serves, as "prometheus family: NAME".
     */
    static void scrapePrometheus(String port, JobID jobId) throws InterruptedException {
        if (port == null) return;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String label = "job_id=\"" + jobId + "\"";
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.out.println("prometheus :" + port + ": HTTP " + response.statusCode());
                return;
            }
            response.body().lines()
                    .filter(l -> l.startsWith("flink_jobmanager_job_numberOfCompletedCheckpoints{") && l.contains(label))
                    .forEach(l -> System.out.println("prometheus :" + port + ": " + l));
            // every family the reporter serves, so the test can hold the alert rules' metric names against them
            response.body().lines()
                    .filter(l -> l.startsWith("# TYPE "))
                    .forEach(l -> System.out.println("prometheus family: " + l.split(" ")[2]));
        } catch (IOException e) {
            System.out.println("prometheus :" + port + ": " + e);
        }
    }

    /** Every file under a file:// directory, relative to it. */
    static void listFiles(String label, String uri) throws IOException {
        if (uri == null) return;
        Path root = Paths.get(URI.create(uri));
        if (!Files.isDirectory(root)) {
            System.out.println(label + ": none (" + uri + " is not a directory)");
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().forEach(p -> System.out.println(label + ": " + p));
        }
    }

    /** The znodes Flink's ZooKeeper HA services keep, through Flink's own client (its root and cluster id as namespace). */
    static void listZnodes(Configuration conf) throws Exception {
        if (!ZooKeeperUtils.isZooKeeperRecoveryMode(conf)) return;
        try (CuratorFrameworkWithUnhandledErrorListener client = ZooKeeperUtils.startCuratorFramework(conf, t -> System.out.println("ZooKeeper client error: " + t))) {
            CuratorFramework zk = client.asCuratorFramework();
            System.out.println("znode namespace: /" + zk.getNamespace());
            printTree(zk, "/", 0);
        }
    }

    static void printTree(CuratorFramework zk, String path, int depth) throws Exception {
        if (depth > 6) return;
        List<String> children = new ArrayList<>(zk.getChildren().forPath(path));
        children.sort(Comparator.naturalOrder());
        for (String child : children) {
            String childPath = (path.equals("/") ? "" : path) + "/" + child;
            System.out.println("znode: " + childPath);
            printTree(zk, childPath, depth + 1);
        }
    }

    /** This file's classes, as .class files in WORK_DIR/classes (the job's class path). */
    static Path writeJobClasses(Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("classes"));
        List<Class<?>> classes = new ArrayList<>(List.of(FlinkHaCheckpointJob.class));
        classes.addAll(Arrays.asList(FlinkHaCheckpointJob.class.getDeclaredClasses()));
        for (Class<?> c : classes) {
            String resource = c.getName().replace('.', '/') + ".class";
            try (InputStream in = FlinkHaCheckpointJob.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("cannot read the bytes of " + c.getName());
                Path target = dir.resolve(resource);
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
