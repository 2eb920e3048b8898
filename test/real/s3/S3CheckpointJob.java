import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Runs a keyed, stateful job on a Flink MiniCluster with the given configuration (Java properties: the
 * map that components/flink-config.ts renders for the in-cluster store) until a completed checkpoint's
 * `_metadata` appears under the given directory (the bucket's directory on the S3 server's disk), then
 * cancels it. The S3 file system is loaded as Flink loads it in the image: as a plugin, from the
 * directory that FLINK_PLUGINS_DIR names. Credentials come from AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, as the pods get them from the store's Secret.
 *
 * Usage: S3CheckpointJob <flink-conf.properties> <bucket-directory> <timeout-seconds>
 * Prints "CHECKPOINT <path of _metadata>" and exits 0, or exits 1 when none appears in time.
 */
public class S3CheckpointJob {

    /** Counts the numbers per key in keyed RocksDB state, so that each checkpoint has state to write. */
    static class CountPerKey extends RichMapFunction<Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public Long map(Long value) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            return next;
        }
    }

    /** Named classes rather than lambdas: Flink reads a lambda's types off its class, which the source launcher's class loader hides. */
    static class Numbers implements GeneratorFunction<Long, Long> {
        @Override
        public Long map(Long index) {
            return index;
        }
    }

    static class Bucket16 implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long value) {
            return value % 16;
        }
    }

    /**
     * This program's own classes as a jar for the job (`pipeline.jars`): the source launcher keeps
     * them in memory, where the MiniCluster's user-code class loader cannot see them.
     */
    static String jarOfOwnClasses() throws Exception {
        Path jar = Files.createTempFile("s3-checkpoint-job", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : new Class<?>[] {S3CheckpointJob.class, CountPerKey.class, Numbers.class, Bucket16.class}) {
                String name = c.getName().replace('.', '/') + ".class";
                try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) throw new IllegalStateException("no bytes for " + name);
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar.toUri().toString();
    }

    static Optional<Path> findMetadata(Path bucket) throws Exception {
        if (!Files.isDirectory(bucket)) return Optional.empty();
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata") && p.toFile().length() > 0).findFirst();
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.flink.runtime.checkpoint", "info");

        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Paths.get(args[0]))) {
            properties.load(reader);
        }
        Map<String, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        Configuration conf = Configuration.fromMap(map);
        conf.set(PipelineOptions.JARS, List.of(jarOfOwnClasses()));
        Path bucket = Paths.get(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));

        // As a TaskManager or JobManager process does at start: file systems from the plugins directory.
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.fromSource(new DataGeneratorSource<>(new Numbers(), Long.MAX_VALUE, RateLimiterStrategy.perSecond(200), Types.LONG), WatermarkStrategy.noWatermarks(), "numbers")
                .keyBy(new Bucket16())
                .map(new CountPerKey())
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("s3-checkpoint");
        System.out.println("JOB " + job.getJobID());

        Optional<Path> metadata = Optional.empty();
        JobStatus status = null;
        while (System.nanoTime() < deadline) {
            metadata = findMetadata(bucket);
            if (metadata.isPresent()) break;
            status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) break;
            Thread.sleep(500);
        }
        if (metadata.isPresent()) {
            System.out.println("CHECKPOINT " + metadata.get());
        } else {
            System.out.println("NO CHECKPOINT; job status " + status);
        }
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("cancel: " + e);
        }
        // The MiniCluster's threads would keep the JVM alive: leave at once.
        System.exit(metadata.isPresent() ? 0 : 1);
    }
}
