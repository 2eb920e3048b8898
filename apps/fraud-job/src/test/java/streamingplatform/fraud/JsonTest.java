package streamingplatform.fraud;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    private static SourceRecord parse(String value) {
        return Json.parseTransaction(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesAValidTransactionAndIgnoresExtraFields() {
        String value = "{\"id\":\"t-000001\",\"timestamp\":1700000000000,\"origin\":3,\"target\":7,\"amount\":8341,\"currency\":\"EUR\"}";
        SourceRecord r = parse(value);
        assertTrue(r.isValid());
        assertNull(r.reason);
        assertEquals(new Transaction("t-000001", 1700000000000L, 3, 7, 8341), r.transaction);
        assertEquals(value, r.value);
        assertEquals("3-7", r.transaction.pair());
    }

    @Test
    void zeroAmountIsValid() {
        assertTrue(parse("{\"id\":\"a\",\"timestamp\":0,\"origin\":1,\"target\":2,\"amount\":0}").isValid());
    }

    // '|' separates the value from the reason (values contain commas)
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "hello | not JSON",
            "`` | not JSON",
            "[1,2] | not JSON",
            "42 | not JSON",
            "{\"id\":\"a\" | not JSON",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":2,\"amount\":3} trailing | not JSON",
            "{} | id: missing",
            "{\"id\":\"\",\"timestamp\":1,\"origin\":1,\"target\":2,\"amount\":3} | id: must be a non-empty string",
            "{\"id\":7,\"timestamp\":1,\"origin\":1,\"target\":2,\"amount\":3} | id: must be a non-empty string",
            "{\"id\":\"a\",\"origin\":1,\"target\":2,\"amount\":3} | timestamp: missing",
            "{\"id\":\"a\",\"timestamp\":\"1\",\"origin\":1,\"target\":2,\"amount\":3} | timestamp: must be a non-negative integer (epoch milliseconds)",
            "{\"id\":\"a\",\"timestamp\":1.5,\"origin\":1,\"target\":2,\"amount\":3} | timestamp: must be a non-negative integer (epoch milliseconds)",
            "{\"id\":\"a\",\"timestamp\":-1,\"origin\":1,\"target\":2,\"amount\":3} | timestamp: must be a non-negative integer (epoch milliseconds)",
            "{\"id\":\"a\",\"timestamp\":1,\"target\":2,\"amount\":3} | origin: missing",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":\"1\",\"target\":2,\"amount\":3} | origin: must be an integer",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1.0,\"target\":2,\"amount\":3} | origin: must be an integer",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"amount\":3} | target: missing",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":null,\"amount\":3} | target: must be an integer",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":99999999999999999999,\"amount\":3} | target: must be an integer",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":4,\"target\":4,\"amount\":3} | target: must differ from origin",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":2} | amount: missing",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":2,\"amount\":-1} | amount: must be a non-negative integer",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":2,\"amount\":1e3} | amount: must be a non-negative integer",
            "{\"id\":\"a\",\"timestamp\":1,\"origin\":1,\"target\":2,\"amount\":12.5} | amount: must be a non-negative integer",
    })
    void malformedRecordsGetTheirReason(String value, String reason) {
        SourceRecord r = parse(value);
        assertFalse(r.isValid());
        assertEquals(reason, r.reason);
        assertEquals(value, r.value);
    }

    @Test
    void nullAndInvalidUtf8AreNotJson() {
        SourceRecord tombstone = Json.parseTransaction(null);
        assertEquals("not JSON", tombstone.reason);
        assertEquals("", tombstone.value);
        assertEquals("not JSON", Json.parseTransaction(new byte[] {'{', (byte) 0xC3, '}'}).reason);
    }

    @Test
    void detectionFieldsInTheDocumentedOrder() {
        Detection d = new Detection();
        d.origin = 1;
        d.target = 3;
        d.windowStart = 1_699_999_680_000L;
        d.windowEnd = 1_700_000_280_000L;
        d.total = 19895;
        d.count = 2;
        d.firstTimestamp = 1_700_000_000_000L;
        d.lastTimestamp = 1_700_000_001_000L;
        d.transactionIds = new String[] {"t-1", "t-\"2\""};
        assertEquals("{\"origin\":1,\"target\":3,\"windowStart\":1699999680000,\"windowEnd\":1700000280000,\"total\":19895,\"count\":2,"
                        + "\"firstTimestamp\":1700000000000,\"lastTimestamp\":1700000001000,\"transactionIds\":[\"t-1\",\"t-\\\"2\\\"\"]}",
                new String(Json.detection(d), StandardCharsets.UTF_8));
        assertArrayEquals("1-3".getBytes(StandardCharsets.UTF_8),
                new FraudTopology.DetectionSchema("fraud").serialize(d, null, null).key());
        assertEquals("fraud", new FraudTopology.DetectionSchema("fraud").serialize(d, null, null).topic());
    }

    @Test
    void deadLetterCarriesReasonAndOriginalValue() {
        assertEquals("{\"reason\":\"not JSON\",\"value\":\"{\\\"a\\\": 1\"}",
                new String(Json.deadLetter(new DeadLetter("not JSON", "{\"a\": 1")), StandardCharsets.UTF_8));
    }
}
