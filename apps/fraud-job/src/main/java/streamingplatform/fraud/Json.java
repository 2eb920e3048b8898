package streamingplatform.fraud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON formats of the three topics (README.md). */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            // `{"id":…} garbage` is not JSON
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    /** Parses a transactions-topic value: a valid transaction, or the reason it is malformed. */
    public static SourceRecord parseTransaction(byte[] value) {
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = value == null ? null : MAPPER.readTree(value);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) return SourceRecord.malformed("not JSON", text);

        JsonNode id = root.get("id");
        if (id == null) return SourceRecord.malformed("id: missing", text);
        if (!id.isTextual() || id.textValue().isEmpty()) return SourceRecord.malformed("id: must be a non-empty string", text);

        Object timestamp = integer(root, "timestamp", "a non-negative integer (epoch milliseconds)", true);
        if (timestamp instanceof String) return SourceRecord.malformed((String) timestamp, text);
        Object origin = integer(root, "origin", "an integer", false);
        if (origin instanceof String) return SourceRecord.malformed((String) origin, text);
        Object target = integer(root, "target", "an integer", false);
        if (target instanceof String) return SourceRecord.malformed((String) target, text);
        if (((Long) origin).longValue() == ((Long) target).longValue()) return SourceRecord.malformed("target: must differ from origin", text);
        Object amount = integer(root, "amount", "a non-negative integer", true);
        if (amount instanceof String) return SourceRecord.malformed((String) amount, text);

        return SourceRecord.valid(new Transaction(id.textValue(), (Long) timestamp, (Long) origin, (Long) target, (Long) amount), text);
    }

    /** The field's value as a Long, or the reason it is not allowed as a String. */
    private static Object integer(JsonNode root, String field, String allowed, boolean nonNegative) {
        JsonNode node = root.get(field);
        if (node == null) return field + ": missing";
        // 1.0 and 1e3 are floating-point numbers in JSON's grammar (Jackson: not integral)
        if (!node.isIntegralNumber() || !node.canConvertToLong()) return field + ": must be " + allowed;
        long v = node.longValue();
        if (nonNegative && v < 0) return field + ": must be " + allowed;
        return v;
    }

    /** The fraud-topic value, fields in the documented order. */
    public static byte[] detection(Detection d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("origin", d.origin);
        o.put("target", d.target);
        o.put("windowStart", d.windowStart);
        o.put("windowEnd", d.windowEnd);
        o.put("total", d.total);
        o.put("count", d.count);
        o.put("firstTimestamp", d.firstTimestamp);
        o.put("lastTimestamp", d.lastTimestamp);
        ArrayNode ids = o.putArray("transactionIds");
        for (String id : d.transactionIds) ids.add(id);
        return bytes(o);
    }

    /** The dead-letter value: {"reason":…,"value":…}. */
    public static byte[] deadLetter(DeadLetter d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("reason", d.reason);
        o.put("value", d.value);
        return bytes(o);
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
