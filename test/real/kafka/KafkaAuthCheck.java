import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a real Kafka node with the broker configuration Strimzi writes for a Kafka resource
 * (test/support/strimzi-kafka.ts, with local ports and directories: test/support/kafka-auth-broker.ts),
 * sets up its users as Strimzi's User Operator does, and checks who gets in and what they may do.
 *
 * Usage: java -cp <kafka classpath> KafkaAuthCheck.java case.json workDir
 *
 * 1. Makes a key pair and self-signed certificate for each identity of the case (keytool), and puts
 *    the PEM text in for each `${strimzisecrets:…}` placeholder, as Strimzi's config provider would.
 * 2. Formats workDir's data directory for the node (StorageTool format, as Strimzi's start script) and
 *    starts it (KafkaRaftServer) in this JVM.
 * 3. As the User Operator (its certificate, on Strimzi's replication listener): creates the topics
 *    (the Topic Operator's part), each user's SCRAM-SHA-512 credential (4096 iterations) and its ACL
 *    bindings through the Admin API, and waits until the node sees them.
 * 4. Runs the checks, each recorded as {ok, records} or {ok: false, error: <exception class>, message}:
 *    produce      the user produces `records` records to its topic (idempotent, acks=all);
 *    consume      the user reads them back in its group (read_committed) and commits;
 *    noSasl       a client without SASL produces to the topic on the same listener;
 *    wrongPassword the user's name with another password;
 *    otherProduce, otherConsume  the other user (no ACL on the topic) produces to it / reads it in its own group;
 *    otherGroup   the other user reads its own topic in the user's group (no ACL on that group);
 *    otherOwnTopic the other user produces to its own topic (it is authenticated and authorized there).
 *    Each also records its duration in ms.
 * 5. Stops the node and prints one JSON line: {kafkaVersion, checks, prepareMs (certificates and format),
 *    brokerStartMs (start and set-up), stopMs, totalMs}.
 *
 * Exits 0 when every step ran (whatever the checks found), 1 when setting up failed, 2 on bad usage.
 */
public class KafkaAuthCheck {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STORE_PASSWORD = "local-only";
    static final Duration STEP = Duration.ofSeconds(30);

    record Pem(String certificate, String key) {}

    /** A key pair and self-signed certificate per identity, made by this JDK's keytool (in parallel: each is a JVM). */
    static Map<String, Pem> makeIdentities(JsonNode identities, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Map<String, Process> running = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : identities.properties()) {
            List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-J-XX:-UsePerfData", "-genkeypair", "-alias", "id", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", e.getValue().get("subject").asText(), "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", dir.resolve(e.getKey() + ".p12").toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
            if (e.getValue().hasNonNull("san")) cmd.addAll(List.of("-ext", "SAN=" + e.getValue().get("san").asText()));
            running.put(e.getKey(), new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }
        Map<String, Pem> out = new HashMap<>();
        for (Map.Entry<String, Process> e : running.entrySet()) {
            Process p = e.getValue();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool for " + e.getKey() + " failed: " + said);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(dir.resolve(e.getKey() + ".p12"))) {
                store.load(in, STORE_PASSWORD.toCharArray());
            }
            Key key = store.getKey("id", STORE_PASSWORD.toCharArray());
            Certificate cert = store.getCertificate("id");
            out.put(e.getKey(), new Pem(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", key.getEncoded())));
        }
        return out;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** `crt:<id>`, `key:<id>` or `trust:<id>,<id>…` as PEM text. */
    static String secretValue(String spec, Map<String, Pem> ids) {
        String[] kind = spec.split(":", 2);
        return switch (kind[0]) {
            case "crt" -> ids.get(kind[1]).certificate();
            case "key" -> ids.get(kind[1]).key();
            case "trust" -> {
                StringBuilder b = new StringBuilder();
                for (String id : kind[1].split(",")) b.append(ids.get(id).certificate());
                yield b.toString();
            }
            default -> throw new IllegalArgumentException("secret " + spec + ": not crt:, key: or trust:");
        };
    }

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{strimzisecrets:[^}]+}");

    /** The node's properties with every Secret placeholder resolved; one left over is an error. */
    static Properties nodeProperties(JsonNode c, Map<String, Pem> ids) {
        Properties props = new Properties();
        for (Map.Entry<String, JsonNode> e : c.get("properties").properties()) {
            String value = e.getValue().asText();
            Matcher m = PLACEHOLDER.matcher(value);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                JsonNode spec = c.get("secrets").get(m.group());
                if (spec == null) throw new IllegalArgumentException(e.getKey() + ": no local value for " + m.group());
                m.appendReplacement(b, Matcher.quoteReplacement(secretValue(spec.asText(), ids)));
            }
            m.appendTail(b);
            props.setProperty(e.getKey(), b.toString());
        }
        return props;
    }

    static void format(Properties props, String releaseVersion, Path dir) throws Exception {
        File file = dir.resolve("server.properties").toFile();
        try (var out = new FileOutputStream(file)) {
            props.store(out, null);
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int status = StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.getPath(), "-r", releaseVersion}, new PrintStream(said, true, StandardCharsets.UTF_8));
        if (status != 0) throw new IllegalStateException("kafka-storage format failed: " + said);
    }

    /** The User Operator's (and Topic Operator's) Admin client: TLS with its certificate, trusting the node's. */
    static Admin admin(JsonNode c, Map<String, Pem> ids) {
        JsonNode a = c.get("admin");
        Pem id = ids.get(a.get("identity").asText());
        Map<String, Object> conf = new HashMap<>();
        conf.put("bootstrap.servers", a.get("bootstrap").asText());
        conf.put("security.protocol", "SSL");
        conf.put("ssl.keystore.type", "PEM");
        conf.put("ssl.keystore.certificate.chain", id.certificate());
        conf.put("ssl.keystore.key", id.key());
        conf.put("ssl.truststore.type", "PEM");
        conf.put("ssl.truststore.certificates", ids.get("node").certificate());
        conf.put("default.api.timeout.ms", (int) STEP.toMillis());
        conf.put("request.timeout.ms", 10_000);
        return Admin.create(conf);
    }

    static AclBinding binding(JsonNode b) {
        return new AclBinding(
                new ResourcePattern(ResourceType.valueOf(b.get("resourceType").asText()), b.get("name").asText(), PatternType.valueOf(b.get("patternType").asText())),
                new AccessControlEntry(b.get("principal").asText(), b.get("host").asText(), AclOperation.valueOf(b.get("operation").asText()), AclPermissionType.valueOf(b.get("permission").asText())));
    }

    /** Topics, then SCRAM credentials and ACLs as the User Operator makes them; returns once the node serves them. */
    static void setUp(Admin admin, JsonNode c) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (admin.describeCluster().nodes().get().isEmpty()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the node did not join within " + STEP);
            Thread.sleep(200);
        }
        List<NewTopic> topics = new ArrayList<>();
        for (JsonNode t : c.get("topics")) {
            NewTopic topic = new NewTopic(t.get("name").asText(), java.util.Optional.of(t.get("partitions").asInt()),
                    t.hasNonNull("replicas") ? java.util.Optional.of((short) t.get("replicas").asInt()) : java.util.Optional.empty());
            Map<String, String> config = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : t.get("config").properties()) config.put(e.getKey(), e.getValue().asText());
            topics.add(topic.configs(config));
        }
        admin.createTopics(topics).all().get();
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (JsonNode u : c.get("users")) {
            // ScramCredentialsOperator: SCRAM-SHA-512, 4096 iterations
            credentials.add(new UserScramCredentialUpsertion(u.get("name").asText(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), u.get("password").asText()));
            for (JsonNode b : u.get("acls")) acls.add(binding(b));
        }
        admin.alterUserScramCredentials(credentials).all().get();
        admin.createAcls(acls).all().get();
        // The controller has them; wait until this node's metadata (which authenticates and authorizes) does too.
        while (admin.describeAcls(AclBindingFilter.ANY).values().get().size() < acls.size()
                || admin.describeUserScramCredentials().users().get().size() < credentials.size()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the node did not serve the users' credentials and ACLs within " + STEP);
            Thread.sleep(100);
        }
    }

    static Map<String, Object> clientConfig(JsonNode checks, String jaasConfig) {
        Map<String, Object> conf = new HashMap<>();
        conf.put("bootstrap.servers", checks.get("bootstrap").asText());
        if (jaasConfig != null) {
            conf.put("security.protocol", checks.get("securityProtocol").asText());
            conf.put("sasl.mechanism", "SCRAM-SHA-512");
            conf.put("sasl.jaas.config", jaasConfig);
        }
        conf.put("request.timeout.ms", 10_000);
        return conf;
    }

    static ObjectNode outcome(boolean ok, Integer records, Throwable error) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", ok);
        if (records != null) o.put("records", records);
        if (error != null) {
            Throwable e = error;
            // the Kafka exception inside the futures' and the clients' wrappers
            while ((e instanceof ExecutionException || e instanceof CompletionException || e.getClass() == KafkaException.class) && e.getCause() != null) e = e.getCause();
            o.put("error", e.getClass().getName());
            o.put("message", String.valueOf(e.getMessage()));
        }
        return o;
    }

    static ObjectNode produce(JsonNode checks, String jaasConfig, String topic, int records) {
        Map<String, Object> conf = clientConfig(checks, jaasConfig);
        conf.put("acks", "all");
        conf.put("enable.idempotence", true);
        // how long a client that never gets metadata (noSasl) waits
        conf.put("max.block.ms", 5_000);
        conf.put("delivery.timeout.ms", 20_000);
        conf.put("linger.ms", 0);
        try (var producer = new KafkaProducer<>(conf, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            return outcome(true, records, null);
        } catch (Exception e) {
            return outcome(false, null, e);
        }
    }

    /** Reads `topic` in `group` until `records` records or an error; commits what it read. */
    static ObjectNode consume(JsonNode checks, String jaasConfig, String topic, String group, int records) {
        Map<String, Object> conf = clientConfig(checks, jaasConfig);
        conf.put("group.id", group);
        conf.put("isolation.level", "read_committed");
        conf.put("auto.offset.reset", "earliest");
        conf.put("enable.auto.commit", false);
        conf.put("default.api.timeout.ms", 10_000);
        int read = 0;
        try (var consumer = new KafkaConsumer<>(conf, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + STEP.toNanos();
            while (read < records && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> got = consumer.poll(Duration.ofMillis(500));
                read += got.count();
            }
            if (read > 0) consumer.commitSync();
            return outcome(read == records, read, null);
        } catch (Exception e) {
            return outcome(false, read, e);
        }
    }

    /** Runs one check and records how long it took. */
    static void check(ObjectNode checks, String name, java.util.function.Supplier<ObjectNode> run) {
        long start = System.nanoTime();
        ObjectNode o = run.get();
        o.put("ms", (System.nanoTime() - start) / 1_000_000);
        checks.set(name, o);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaAuthCheck <case.json> <workDir>");
            System.exit(2);
        }
        long start = System.nanoTime();
        JsonNode c = JSON.readTree(new File(args[0]));
        Path work = Path.of(args[1]);
        Map<String, Pem> ids = makeIdentities(c.get("identities"), work.resolve("certs"));
        Properties props = nodeProperties(c, ids);
        format(props, c.get("releaseVersion").asText(), work);
        long prepareMs = (System.nanoTime() - start) / 1_000_000;

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        ObjectNode checks = JSON.createObjectNode();
        long brokerStart = System.nanoTime();
        long brokerStartMs;
        int status = 0;
        try {
            server.startup();
            JsonNode spec = c.get("checks");
            String topic = spec.get("topic").asText();
            String group = spec.get("group").asText();
            int records = spec.get("records").asInt();
            JsonNode other = spec.get("other");
            Map<String, String> jaas = new HashMap<>();
            for (JsonNode u : c.get("users")) jaas.put(u.get("name").asText(), u.get("jaasConfig").asText());
            try (Admin admin = admin(c, ids)) {
                setUp(admin, c);
            }
            brokerStartMs = (System.nanoTime() - brokerStart) / 1_000_000;
            String user = jaas.get(spec.get("user").asText());
            String otherUser = jaas.get(other.get("user").asText());
            check(checks, "produce", () -> produce(spec, user, topic, records));
            check(checks, "consume", () -> consume(spec, user, topic, group, records));
            check(checks, "noSasl", () -> produce(spec, null, topic, 1));
            check(checks, "wrongPassword", () -> produce(spec, spec.get("wrongPasswordJaasConfig").asText(), topic, 1));
            check(checks, "otherProduce", () -> produce(spec, otherUser, topic, 1));
            check(checks, "otherConsume", () -> consume(spec, otherUser, topic, other.get("group").asText(), records));
            check(checks, "otherGroup", () -> consume(spec, otherUser, other.get("topic").asText(), group, 1));
            check(checks, "otherOwnTopic", () -> produce(spec, otherUser, other.get("topic").asText(), 1));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
            brokerStartMs = -1;
        }
        long stop = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        long stopMs = (System.nanoTime() - stop) / 1_000_000;
        ObjectNode result = JSON.createObjectNode();
        result.put("kafkaVersion", AppInfoParser.getVersion());
        result.set("checks", checks);
        result.put("prepareMs", prepareMs);
        result.put("brokerStartMs", brokerStartMs);
        result.put("stopMs", stopMs);
        result.put("totalMs", (System.nanoTime() - start) / 1_000_000);
        System.out.println(JSON.writeValueAsString(result));
        System.out.flush();
        // Client and server threads that outlive their close() must not keep the JVM (and the test) waiting.
        System.exit(status);
    }
}
