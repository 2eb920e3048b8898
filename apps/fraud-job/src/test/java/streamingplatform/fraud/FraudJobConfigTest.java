package streamingplatform.fraud;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FraudJobConfigTest {
    @Test
    void defaults() {
        FraudJobConfig c = FraudJobConfig.fromArgs(new String[] {"--bootstrap-servers", "kafka:9092"});
        assertEquals("kafka:9092", c.bootstrapServers);
        assertEquals("transactions", c.transactionsTopic);
        assertEquals("fraud", c.fraudTopic);
        assertEquals("transactions-dead-letter", c.deadLetterTopic);
        assertEquals("fraud-job", c.groupId);
        assertEquals(Duration.ofMinutes(10), c.windowSize);
        assertEquals(Duration.ofMinutes(2), c.windowSlide);
        assertEquals(10_000, c.threshold);
        assertEquals(Duration.ofSeconds(5), c.outOfOrderness);
        assertEquals("fraud-job", c.transactionalIdPrefix);
        assertEquals(Duration.ofSeconds(10), c.checkpointInterval);
        assertEquals(FraudJobConfig.StartingOffsets.COMMITTED, c.startingOffsets);
        assertEquals(0, c.kafkaProperties.size());
    }

    @Test
    void parsesEveryArgument() {
        FraudJobConfig c = FraudJobConfig.fromArgs(new String[] {"--bootstrap-servers", "b:1", "--window-size", "1 h", "--window-slide", "30 s",
                "--threshold", "5", "--out-of-orderness", "0 ms", "--starting-offsets", "latest", "--checkpoint-interval", "1 min"});
        assertEquals(Duration.ofHours(1), c.windowSize);
        assertEquals(Duration.ofSeconds(30), c.windowSlide);
        assertEquals(5, c.threshold);
        assertEquals(Duration.ZERO, c.outOfOrderness);
        assertEquals(FraudJobConfig.StartingOffsets.LATEST, c.startingOffsets);
        assertEquals(Duration.ofMinutes(1), c.checkpointInterval);
    }

    private static String problem(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> FraudJobConfig.fromArgs(args, Map.of())).getMessage();
    }

    @Test
    void badArgumentsNameTheArgumentAndWhatIsAllowed() {
        assertEquals("--bootstrap-servers: required, a non-empty string", problem());
        assertEquals("--window-size: must be a positive duration of whole milliseconds such as \"10 min\", \"30 s\" or \"500 ms\", got 'ten minutes'",
                problem("--bootstrap-servers", "b:1", "--window-size", "ten minutes"));
        assertEquals("--threshold: must be a non-negative integer, got '1.5'", problem("--bootstrap-servers", "b:1", "--threshold", "1.5"));
        assertEquals("--starting-offsets: must be committed, earliest or latest, got 'newest'",
                problem("--bootstrap-servers", "b:1", "--starting-offsets", "newest"));
        assertEquals("--window-slide: must not be longer than --window-size (1 min), got '2 min'",
                problem("--bootstrap-servers", "b:1", "--window-size", "1 min"));
        assertEquals("--threshold needs a value", problem("--bootstrap-servers", "b:1", "--threshold"));
        String unknown = problem("--bootstrap-servers", "b:1", "--treshold", "5");
        assertEquals(true, unknown.startsWith("unknown argument --treshold: allowed are --bootstrap-servers, --transactions-topic"), unknown);
        // all problems at once
        assertEquals("--bootstrap-servers: required, a non-empty string\n--threshold: must be a non-negative integer, got '-1'", problem("--threshold", "-1"));
    }

    @Test
    void kafkaPropertiesPassThroughIncludingConfigProviders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "config.providers=env",
                "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"fraud-job\" password=\"${env:PATH}\";",
                ""));
        FraudJobConfig c = FraudJobConfig.fromArgs(new String[] {"--bootstrap-servers", "b:1", "--kafka-properties", file.toString()});
        assertEquals("SASL_SSL", c.kafkaProperties.getProperty("security.protocol"));

        // The clients resolve ${env:…} themselves when they read the properties the job passes through.
        Map<String, Object> consumer = new HashMap<>();
        c.kafkaProperties.forEach((k, v) -> consumer.put((String) k, v));
        consumer.put("bootstrap.servers", c.bootstrapServers);
        consumer.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        consumer.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        String jaas = new ConsumerConfig(consumer).getPassword("sasl.jaas.config").value();
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"fraud-job\" password=\"" + System.getenv("PATH") + "\";", jaas);

        Properties producer = new Properties();
        producer.putAll(c.kafkaProperties);
        producer.put("bootstrap.servers", c.bootstrapServers);
        producer.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        producer.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        assertEquals(jaas, new ProducerConfig(producer).getPassword("sasl.jaas.config").value());

        assertEquals("--kafka-properties: cannot read the properties file '" + dir.resolve("missing") + "': java.nio.file.NoSuchFileException: " + dir.resolve("missing"),
                problem("--bootstrap-servers", "b:1", "--kafka-properties", dir.resolve("missing").toString()));
    }

    @Test
    void takesThePlatformsKafkaEnvironmentWhereTheArgumentsAreSilent() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka-kafka-bootstrap:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"fraud-job\" password=\"p\";");
        FraudJobConfig c = FraudJobConfig.fromArgs(new String[] {}, env);
        assertEquals("kafka-kafka-bootstrap:9092", c.bootstrapServers);
        assertEquals("SASL_PLAINTEXT", c.kafkaProperties.getProperty("security.protocol"));
        assertEquals("SCRAM-SHA-512", c.kafkaProperties.getProperty("sasl.mechanism"));
        assertEquals(env.get("KAFKA_SASL_JAAS_CONFIG"), c.kafkaProperties.getProperty("sasl.jaas.config"));
        // An argument wins over the environment.
        assertEquals("other:9092", FraudJobConfig.fromArgs(new String[] {"--bootstrap-servers", "other:9092"}, env).bootstrapServers);
    }
}
