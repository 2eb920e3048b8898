import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka node with the Prometheus JMX exporter as Strimzi runs it, for test/real/kafka-metrics.test.ts
 * (the case is written by test/support/kafka-metrics-broker.ts).
 *
 * Usage: java -cp <kafka classpath> KafkaMetricsCheck.java case.json workDir
 *
 * 1. Starts what the exporter's Java agent (jmx_prometheus_javaagent, JavaAgent.premain) starts when
 *    Strimzi's kafka_run.sh passes it `=9404:metrics-config.json`: the JVM metrics, a JmxCollector in
 *    agent mode on the configuration file, and the HTTP server, here on the case's address and port.
 * 2. Formats workDir's data directory (StorageTool format, as Strimzi's start script) and starts the
 *    node (KafkaRaftServer) in this JVM: its MBeans are in the platform MBean server the collector reads.
 * 3. Creates the case's topic (its partitions, one replica), produces `records` records with keys spread
 *    over the partitions, and reads them back in the case's group, committing: the per-topic meters
 *    (BrokerTopicMetrics with topic=…) and the group coordinator's exist from then on.
 * 4. Prints one JSON line {ready: true, kafkaVersion, exporterVersion, startMs, trafficMs} and waits
 *    until its standard input ends or says "stop" (the test scrapes the exporter meanwhile; a test
 *    process that dies closes the pipe, so the node never outlives it).
 * 5. Stops the node and prints {stopped: true, stopMs}.
 */
public class KafkaMetricsCheck {
    static final ObjectMapper JSON = new ObjectMapper();

    static void format(Properties props, String releaseVersion, Path dir) throws Exception {
        File file = dir.resolve("server.properties").toFile();
        try (var out = new FileOutputStream(file)) {
            props.store(out, null);
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int status = StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.getPath(), "-r", releaseVersion}, new PrintStream(said, true, StandardCharsets.UTF_8));
        if (status != 0) throw new IllegalStateException("kafka-storage format failed: " + said);
    }

    /** The collector's version, from its jar's Maven properties. */
    static String exporterVersion() throws Exception {
        try (InputStream in = JmxCollector.class.getResourceAsStream("/META-INF/maven/io.prometheus.jmx/collector/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }

    /** What JavaAgent.premain registers and starts (its build-info metric aside, which lives in the agent's jar). */
    static HTTPServer startExporter(JsonNode exporter) throws Exception {
        JvmMetrics.builder().register(PrometheusRegistry.defaultRegistry);
        new JmxCollector(new File(exporter.get("configFile").asText()), JmxCollector.Mode.AGENT).register(PrometheusRegistry.defaultRegistry);
        return HTTPServer.builder()
            .inetAddress(InetAddress.getByName(exporter.get("host").asText()))
            .port(exporter.get("port").asInt())
            .registry(PrometheusRegistry.defaultRegistry)
            .buildAndStart();
    }

    static void traffic(JsonNode c) throws Exception {
        String bootstrap = c.get("bootstrap").asText();
        String topic = c.get("topic").asText();
        int partitions = c.get("partitions").asInt();
        int records = c.get("records").asInt();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> producerConf = Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", "true", "linger.ms", "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConf, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) producer.send(new ProducerRecord<>(topic, i % partitions, "key-" + i, "value-" + i)).get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConf = Map.of(
            "bootstrap.servers", bootstrap,
            "group.id", c.get("group").asText(),
            "auto.offset.reset", "earliest",
            "enable.auto.commit", "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConf, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < records) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("read " + seen + " of " + records + " records within 60 s");
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(500));
                seen += batch.count();
            }
            consumer.commitSync(Duration.ofSeconds(30));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaMetricsCheck <case.json> <workDir>");
            System.exit(2);
        }
        long start = System.nanoTime();
        JsonNode c = JSON.readTree(new File(args[0]));
        Path work = Path.of(args[1]);
        Properties props = new Properties();
        for (Map.Entry<String, JsonNode> e : c.get("properties").properties()) props.setProperty(e.getKey(), e.getValue().asText());

        HTTPServer exporter = startExporter(c.get("exporter"));
        format(props, c.get("releaseVersion").asText(), work);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        int status = 0;
        try {
            server.startup();
            long startMs = (System.nanoTime() - start) / 1_000_000;
            long trafficStart = System.nanoTime();
            traffic(c);
            ObjectNode ready = JSON.createObjectNode();
            ready.put("ready", true);
            ready.put("kafkaVersion", AppInfoParser.getVersion());
            ready.put("exporterVersion", exporterVersion());
            ready.put("startMs", startMs);
            ready.put("trafficMs", (System.nanoTime() - trafficStart) / 1_000_000);
            System.out.println(JSON.writeValueAsString(ready));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.trim().equals("stop"); line = in.readLine()) {
                // nothing else is said on stdin
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        long stop = System.nanoTime();
        exporter.close();
        server.shutdown();
        server.awaitShutdown();
        ObjectNode stopped = JSON.createObjectNode();
        stopped.put("stopped", true);
        stopped.put("stopMs", (System.nanoTime() - stop) / 1_000_000);
        System.out.println(JSON.writeValueAsString(stopped));
        System.out.flush();
        // Client and server threads that outlive their close() must not keep the JVM (and the test) waiting.
        System.exit(status);
    }
}
