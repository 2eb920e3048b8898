import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.storage.internals.log.LogConfig;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Checks broker and topic configurations with Kafka's own configuration code: the broker configuration
 * that the platform puts into a Strimzi Kafka resource (spec.kafka.config), and the topic configuration of
 * its KafkaTopic resources.
 *
 * Usage: java -cp <kafka classpath> KafkaConfigCheck.java cases.json
 *
 * cases.json: {"cases": [{"name": "...", "layout": "combined" | "separate",
 *                         "broker": {key: value, ...}, "topics": {name: {key: value, ...}}}]}
 *
 * For each case, every broker key must be one that KafkaConfig defines and every value must parse and pass
 * the key's validator; then the configuration, with the KRaft keys that Strimzi manages itself added
 * (process.roles, node.id, the controller quorum, listeners and their security protocols, log directories),
 * must build a KafkaConfig for each role the layout runs. Every topic key must be a LogConfig key with a
 * valid value, and the whole topic configuration must pass LogConfig.validate.
 *
 * Prints "KAFKA_VERSION <version>", then one line per problem ("PROBLEM <case>: ...") or per accepted
 * configuration ("OK <case>: ..."). Exits 0 when there is no problem, 1 when there is one, 2 on bad usage.
 */
public class KafkaConfigCheck {

    /** What Strimzi writes for a node of cluster "events" in namespace "streaming", before the user's configuration. */
    static Properties strimziManaged(String roles, int nodeId, String voters) {
        String host = "events-pool-" + nodeId + ".events-kafka-brokers.streaming.svc";
        Properties p = new Properties();
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("process.roles", roles);
        p.setProperty("controller.listener.names", "CONTROLPLANE-9090");
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listener.security.protocol.map", "CONTROLPLANE-9090:SSL,REPLICATION-9091:SSL,PLAIN-9092:PLAINTEXT,TLS-9093:SSL");
        p.setProperty("log.dirs", "/var/lib/kafka/data-0/kafka-log" + nodeId);
        p.setProperty("metadata.log.dir", "/var/lib/kafka/data-0/kafka-log" + nodeId);
        boolean broker = roles.contains("broker");
        boolean controller = roles.contains("controller");
        List<String> listeners = new ArrayList<>();
        if (controller) listeners.add("CONTROLPLANE-9090://0.0.0.0:9090");
        if (broker) {
            listeners.add("REPLICATION-9091://0.0.0.0:9091");
            listeners.add("PLAIN-9092://0.0.0.0:9092");
            listeners.add("TLS-9093://0.0.0.0:9093");
            p.setProperty("advertised.listeners", "REPLICATION-9091://" + host + ":9091,PLAIN-9092://" + host + ":9092,TLS-9093://" + host + ":9093");
            p.setProperty("inter.broker.listener.name", "REPLICATION-9091");
        }
        p.setProperty("listeners", String.join(",", listeners));
        return p;
    }

    static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object == null) return out;
        for (Map.Entry<String, JsonNode> e : object.properties()) out.put(e.getKey(), text(e.getValue()));
        return out;
    }

    /** The known key closest to an unknown one, when it is a likely typo. */
    static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 5) ? " (did you mean \"" + best + "\"?)" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Every key known to `keys`, every value parsed and validated as that key's type and validator. */
    static List<String> checkKeys(String what, Map<String, String> config, Map<String, ConfigDef.ConfigKey> keys) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            ConfigDef.ConfigKey key = keys.get(e.getKey());
            if (key == null) {
                problems.add(what + ": unknown key \"" + e.getKey() + "\"" + suggestion(e.getKey(), keys.keySet()));
                continue;
            }
            try {
                Object parsed = ConfigDef.parseType(key.name, e.getValue(), key.type);
                if (key.validator != null) key.validator.ensureValid(key.name, parsed);
            } catch (ConfigException ex) {
                problems.add(what + ": invalid value for \"" + e.getKey() + "\": " + ex.getMessage());
            }
        }
        return problems;
    }

    static List<String> checkBroker(String name, String layout, Map<String, String> broker) {
        List<String> problems = checkKeys("broker config", broker, KafkaConfig.configDef().configKeys());
        if (!problems.isEmpty()) return problems;
        List<String[]> nodes = new ArrayList<>();
        if (layout.equals("combined")) {
            nodes.add(new String[] {"broker,controller", "0", "0@events-pool-0.events-kafka-brokers.streaming.svc:9090"});
        } else {
            String voters = "0@c-0:9090,1@c-1:9090,2@c-2:9090";
            nodes.add(new String[] {"controller", "0", voters});
            nodes.add(new String[] {"broker", "3", voters});
        }
        for (String[] node : nodes) {
            Properties props = strimziManaged(node[0], Integer.parseInt(node[1]), node[2]);
            props.putAll(broker);
            try {
                KafkaConfig.fromProps(props, false);
                System.out.println("OK " + name + ": broker config (" + broker.size() + " keys) accepted by KafkaConfig for a " + node[0] + " node");
            } catch (Exception ex) {
                problems.add("broker config rejected by KafkaConfig for a " + node[0] + " node: " + ex.getMessage());
            }
        }
        return problems;
    }

    static List<String> checkTopic(String name, String topic, Map<String, String> config) {
        String what = "topic " + topic;
        List<String> problems = checkKeys(what, config, LogConfig.configKeys());
        if (!problems.isEmpty()) return problems;
        try {
            // Kafka 4.3 takes the topic's configuration as a map (4.2 took Properties).
            LogConfig.validate(config);
            System.out.println("OK " + name + ": " + what + " config (" + config.size() + " keys) accepted by LogConfig");
        } catch (Exception ex) {
            problems.add(what + ": rejected by LogConfig: " + ex.getMessage());
        }
        return problems;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KafkaConfigCheck <cases.json>");
            System.exit(2);
        }
        JsonNode root = new ObjectMapper().readTree(new File(args[0]));
        System.out.println("KAFKA_VERSION " + AppInfoParser.getVersion());
        int problems = 0;
        for (JsonNode c : root.path("cases")) {
            String name = c.path("name").asText("case");
            String layout = c.path("layout").asText("combined");
            List<String> found = new ArrayList<>();
            if (c.has("broker")) found.addAll(checkBroker(name, layout, strings(c.get("broker"))));
            for (Map.Entry<String, JsonNode> t : c.path("topics").properties()) found.addAll(checkTopic(name, t.getKey(), strings(t.getValue())));
            for (String problem : found) System.out.println("PROBLEM " + name + ": " + problem);
            problems += found.size();
        }
        System.out.flush();
        System.exit(problems == 0 ? 0 : 1);
    }
}
