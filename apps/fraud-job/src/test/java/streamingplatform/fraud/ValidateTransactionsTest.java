package streamingplatform.fraud;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The validation operator fed the way the Kafka source feeds it with one partition: each record, then
 * the watermark PunctuatedWatermarks emits after it.
 */
class ValidateTransactionsTest {
    private static final long OUT_OF_ORDERNESS = 5_000;

    private ValidateTransactions fn;
    private OneInputStreamOperatorTestHarness<SourceRecord, Transaction> harness;
    private PunctuatedWatermarks watermarks;
    private final List<Long> emittedWatermarks = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        fn = new ValidateTransactions();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(fn);
        watermarks = new PunctuatedWatermarks(OUT_OF_ORDERNESS);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** What the source does with one record: parse, emit it, then run the watermark generator on it. */
    private void read(String value) throws Exception {
        SourceRecord r = Json.parseTransaction(value.getBytes(StandardCharsets.UTF_8));
        long ts = r.isValid() ? r.transaction.timestamp : 0;
        harness.processElement(new StreamRecord<>(r, ts));
        watermarks.onEvent(r, ts, new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emittedWatermarks.add(watermark.getTimestamp());
                try {
                    harness.processWatermark(watermark.getTimestamp());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        });
    }

    private static String tx(String id, long ts) {
        return "{\"id\":\"" + id + "\",\"timestamp\":" + ts + ",\"origin\":1,\"target\":2,\"amount\":100}";
    }

    private List<String> passedIds() {
        return harness.extractOutputValues().stream().map(t -> t.id).collect(Collectors.toList());
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(ValidateTransactions.DEAD_LETTERS).stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    @Test
    void disorderWithinTheBoundIsCountedAndLateRecordsAreDeadLetters() throws Exception {
        read(tx("a", 100_000));
        read(tx("b", 95_000)); // max 100000 - 5000 = 95000: not late (watermark 94999)
        read(tx("c", 94_999)); // at the watermark: late
        read(tx("d", 120_000));
        read(tx("e", 115_000)); // watermark 114999: on time
        read(tx("f", 100_000)); // late
        assertEquals(List.of("a", "b", "d", "e"), passedIds());
        assertEquals(List.of(
                new DeadLetter("late: timestamp 94999 is at or before the watermark 94999", tx("c", 94_999)),
                new DeadLetter("late: timestamp 100000 is at or before the watermark 114999", tx("f", 100_000))), deadLetters());
        assertEquals(4, fn.transactionsIn.getCount());
        assertEquals(2, fn.lateRecords.getCount());
        assertEquals(0, fn.malformedRecords.getCount());
    }

    @Test
    void lateRecordsDoNotMoveTheWatermarkBackAndAnOlderOnTimeOneDoesNotMoveIt() throws Exception {
        read(tx("a", 100_000));
        read(tx("b", 96_000));
        read(tx("c", 50_000));
        assertEquals(List.of(94_999L, 94_999L, 94_999L), emittedWatermarks);
    }

    @Test
    void malformedRecordsAreDeadLettersAndDoNotMoveTheWatermark() throws Exception {
        read(tx("a", 100_000));
        read("{\"id\":\"x\",\"timestamp\":900000,\"origin\":1,\"target\":1,\"amount\":5}");
        read("not json");
        read(tx("b", 95_500)); // the malformed record's 900000 did not move the watermark: on time
        assertEquals(List.of("a", "b"), passedIds());
        assertEquals(List.of(
                new DeadLetter("target: must differ from origin", "{\"id\":\"x\",\"timestamp\":900000,\"origin\":1,\"target\":1,\"amount\":5}"),
                new DeadLetter("not JSON", "not json")), deadLetters());
        assertEquals(List.of(94_999L, 94_999L), emittedWatermarks);
        assertEquals(2, fn.malformedRecords.getCount());
        assertEquals(2, fn.transactionsIn.getCount());
        assertEquals(0, fn.lateRecords.getCount());
    }

    @Test
    void beforeAnyWatermarkNothingIsLate() throws Exception {
        read(tx("a", 0));
        assertEquals(List.of("a"), passedIds());
    }
}
