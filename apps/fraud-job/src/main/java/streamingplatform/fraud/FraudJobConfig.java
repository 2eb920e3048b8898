package streamingplatform.fraud;

import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The job's arguments (`--key value`), checked before anything starts: each problem names the
 * argument and what it allows, and all of them are reported at once.
 */
public final class FraudJobConfig implements Serializable {
    public enum StartingOffsets { COMMITTED, EARLIEST, LATEST }

    /** The arguments of the cluster job and their defaults (null: required, or optional without a default). */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("bootstrap-servers", null);
        DEFAULTS.put("transactions-topic", "transactions");
        DEFAULTS.put("fraud-topic", "fraud");
        DEFAULTS.put("dead-letter-topic", "transactions-dead-letter");
        DEFAULTS.put("group-id", "fraud-job");
        DEFAULTS.put("window-size", "10 min");
        DEFAULTS.put("window-slide", "2 min");
        DEFAULTS.put("threshold", "10000");
        DEFAULTS.put("out-of-orderness", "5 s");
        DEFAULTS.put("transactional-id-prefix", "fraud-job");
        DEFAULTS.put("checkpoint-interval", "10 s");
        DEFAULTS.put("starting-offsets", "committed");
        DEFAULTS.put("kafka-properties", null);
    }

    public String bootstrapServers;
    public String transactionsTopic;
    public String fraudTopic;
    public String deadLetterTopic;
    public String groupId;
    public Duration windowSize;
    public Duration windowSlide;
    public long threshold;
    public Duration outOfOrderness;
    public String transactionalIdPrefix;
    public Duration checkpointInterval;
    public StartingOffsets startingOffsets;
    /** Extra Kafka client properties (--kafka-properties), for the source, the sinks and the local runner's admin client. */
    public Properties kafkaProperties = new Properties();

    /** The values of `args` by key, with `extra` (the local runner's arguments and defaults) allowed as well. */
    static Map<String, String> parseArgs(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                problems.add("unexpected argument '" + arg + "': arguments are --key value");
                continue;
            }
            String key = arg.substring(2);
            if (!defaults.containsKey(key)) {
                problems.add("unknown argument --" + key + ": allowed are --" + String.join(", --", defaults.keySet()));
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) i++;
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                problems.add("--" + key + " needs a value");
                continue;
            }
            if (!seen.add(key)) problems.add("--" + key + " is given twice");
            values.put(key, args[++i]);
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
        return values;
    }

    public static FraudJobConfig fromArgs(String[] args) {
        return fromArgs(args, System.getenv());
    }

    /**
     * What the platform gives a Flink cluster that reaches Kafka as a KafkaUser (FLINK_KAFKA_ENV in
     * components/flink/kafka.ts): the bootstrap address and the SCRAM settings, the JAAS line from the
     * user's Secret. The job's arguments and --kafka-properties win over them.
     */
    static final Map<String, String> PLATFORM_KAFKA_ENV = Map.of(
            "KAFKA_SECURITY_PROTOCOL", "security.protocol",
            "KAFKA_SASL_MECHANISM", "sasl.mechanism",
            "KAFKA_SASL_JAAS_CONFIG", "sasl.jaas.config");
    static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    /** The cluster job's configuration of its arguments, with the platform's Kafka settings from `env`. */
    static FraudJobConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> values = parseArgs(args, DEFAULTS);
        if (values.get("bootstrap-servers") == null && env.get(BOOTSTRAP_ENV) != null) values.put("bootstrap-servers", env.get(BOOTSTRAP_ENV));
        FraudJobConfig c = from(values);
        PLATFORM_KAFKA_ENV.forEach((variable, property) -> {
            String value = env.get(variable);
            if (value != null && !value.isEmpty()) c.kafkaProperties.putIfAbsent(property, value);
        });
        return c;
    }

    /** The configuration of parsed values (which may hold more keys, such as the local runner's). */
    static FraudJobConfig from(Map<String, String> v) {
        List<String> problems = new ArrayList<>();
        FraudJobConfig c = new FraudJobConfig();
        c.bootstrapServers = nonEmpty(v, "bootstrap-servers", problems);
        c.transactionsTopic = nonEmpty(v, "transactions-topic", problems);
        c.fraudTopic = nonEmpty(v, "fraud-topic", problems);
        c.deadLetterTopic = nonEmpty(v, "dead-letter-topic", problems);
        c.groupId = nonEmpty(v, "group-id", problems);
        c.transactionalIdPrefix = nonEmpty(v, "transactional-id-prefix", problems);
        c.windowSize = duration(v, "window-size", false, problems);
        c.windowSlide = duration(v, "window-slide", false, problems);
        c.outOfOrderness = duration(v, "out-of-orderness", true, problems);
        c.checkpointInterval = duration(v, "checkpoint-interval", false, problems);
        if (c.windowSize != null && c.windowSlide != null && c.windowSlide.compareTo(c.windowSize) > 0) {
            problems.add("--window-slide: must not be longer than --window-size (" + v.get("window-size") + "), got '" + v.get("window-slide") + "'");
        }
        String threshold = v.get("threshold");
        try {
            c.threshold = Long.parseLong(threshold.trim());
            if (c.threshold < 0) problems.add("--threshold: must be a non-negative integer, got '" + threshold + "'");
        } catch (NumberFormatException e) {
            problems.add("--threshold: must be a non-negative integer, got '" + threshold + "'");
        }
        String offsets = v.get("starting-offsets");
        switch (offsets) {
            case "committed" -> c.startingOffsets = StartingOffsets.COMMITTED;
            case "earliest" -> c.startingOffsets = StartingOffsets.EARLIEST;
            case "latest" -> c.startingOffsets = StartingOffsets.LATEST;
            default -> problems.add("--starting-offsets: must be committed, earliest or latest, got '" + offsets + "'");
        }
        String file = v.get("kafka-properties");
        if (file != null) {
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                c.kafkaProperties.load(r);
            } catch (IOException | RuntimeException e) {
                problems.add("--kafka-properties: cannot read the properties file '" + file + "': " + e);
            }
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
        return c;
    }

    private static String nonEmpty(Map<String, String> v, String key, List<String> problems) {
        String value = v.get(key);
        if (value == null || value.isBlank()) {
            problems.add("--" + key + ": required, a non-empty string");
            return null;
        }
        return value;
    }

    static Duration duration(Map<String, String> v, String key, boolean zeroAllowed, List<String> problems) {
        String value = v.get(key);
        String allowed = "--" + key + ": must be a " + (zeroAllowed ? "non-negative" : "positive") + " duration of whole milliseconds such as \"10 min\", \"30 s\" or \"500 ms\", got '" + value + "'";
        try {
            Duration d = TimeUtils.parseDuration(value);
            if (d.isNegative() || (!zeroAllowed && d.isZero()) || d.toNanos() % 1_000_000 != 0) {
                problems.add(allowed);
                return null;
            }
            return d;
        } catch (RuntimeException e) {
            problems.add(allowed);
            return null;
        }
    }
}
