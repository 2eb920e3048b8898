package streamingplatform.fraud;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window operator the topology builds (the job's window assigner, Flink's default event-time trigger
 * of WindowedStream, DetectFraud) with the default 10 min windows every 2 min and threshold 10000.
 */
class DetectFraudTest {
    private static final long MIN = 60_000;
    private static final long SLIDE = 2 * MIN;
    private static final long SIZE = 10 * MIN;
    /** A multiple of the slide. */
    private static final long T0 = 1_700_000_040_000L;

    private DetectFraud fn;
    private KeyedOneInputStreamOperatorTestHarness<String, Transaction, Detection> harness;

    @BeforeEach
    void open() throws Exception {
        assertEquals(0, T0 % SLIDE);
        FraudJobConfig config = FraudJobConfig.fromArgs(new String[] {"--bootstrap-servers", "unused:9092"});
        fn = new DetectFraud(config.threshold, config.windowSlide.toMillis());
        WindowOperatorBuilder<Transaction, String, TimeWindow> builder = new WindowOperatorBuilder<>(FraudTopology.windows(config), EventTimeTrigger.create(),
                new ExecutionConfig(), TypeInformation.of(Transaction.class), Transaction::pair, Types.STRING);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(builder.process(fn), Transaction::pair, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void add(String id, long ts, long origin, long target, long amount) throws Exception {
        harness.processElement(new StreamRecord<>(new Transaction(id, ts, origin, target, amount), ts));
    }

    private void add(String id, long ts, long amount) throws Exception {
        add(id, ts, 1, 2, amount);
    }

    private List<Detection> detections() {
        return harness.extractOutputValues();
    }

    private static List<String> ids(Detection d) {
        return List.of(d.transactionIds);
    }

    @Test
    void windowsAreAlignedToTheSlideAndASingleBigTransactionIsReportedOnce() throws Exception {
        long ts = T0 + 12_345;
        add("t-1", ts, 20_000);
        harness.processWatermark(Long.MAX_VALUE);
        List<Detection> out = detections();
        assertEquals(1, out.size());
        Detection d = out.get(0);
        // the first window (smallest end) that holds ts: [T0 - 8 min, T0 + 2 min)
        assertEquals(T0 - 4 * SLIDE, d.windowStart);
        assertEquals(T0 + SLIDE, d.windowEnd);
        assertEquals("{\"origin\":1,\"target\":2,\"windowStart\":" + (T0 - 4 * SLIDE) + ",\"windowEnd\":" + (T0 + SLIDE)
                + ",\"total\":20000,\"count\":1,\"firstTimestamp\":" + ts + ",\"lastTimestamp\":" + ts + ",\"transactionIds\":[\"t-1\"]}",
                new String(Json.detection(d), StandardCharsets.UTF_8));
        assertEquals(1, fn.detectionsOut.getCount());
    }

    @Test
    void aWindowHoldsItsStartButNotItsEnd() throws Exception {
        add("a", T0, 6_000);              // the start of [T0, T0 + 10 min)
        add("b", T0 + SIZE, 6_000);       // its end: never in a window with a
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(List.of(), detections());
    }

    @Test
    void aWindowHoldsStartToEndMinusOne() throws Exception {
        add("a", T0, 6_000);
        add("d", T0 + SIZE - 1, 6_000);
        harness.processWatermark(Long.MAX_VALUE);
        List<Detection> out = detections();
        assertEquals(1, out.size());
        assertEquals(T0, out.get(0).windowStart);
        assertEquals(T0 + SIZE, out.get(0).windowEnd);
        assertEquals(List.of("a", "d"), ids(out.get(0)));
        assertEquals(T0, out.get(0).firstTimestamp);
        assertEquals(T0 + SIZE - 1, out.get(0).lastTimestamp);
    }

    @Test
    void theThresholdIsStrictlyAbove() throws Exception {
        add("a", T0 + 1_000, 1, 2, 6_000);
        add("b", T0 + 2_000, 1, 2, 4_000); // 10000: not above
        add("c", T0 + 1_000, 5, 6, 6_000);
        add("d", T0 + 2_000, 5, 6, 4_001); // 10001
        harness.processWatermark(Long.MAX_VALUE);
        List<Detection> out = detections();
        assertEquals(1, out.size());
        assertEquals("5-6", out.get(0).pair());
        assertEquals(10_001, out.get(0).total);
        assertEquals(2, out.get(0).count);
    }

    @Test
    void aBurstIsReportedOnceAndAgainWhenANewTransactionJoinsIt() throws Exception {
        add("b1", T0 + 1_000, 5_000);
        add("b2", T0 + 2_000, 5_000);
        add("b3", T0 + 3_000, 5_000);
        // fires [T0 - 8 min, T0 + 2 min), the first of the five windows that hold the burst
        harness.processWatermark(T0 + SLIDE - 1);
        assertEquals(1, detections().size());
        assertEquals(List.of("b1", "b2", "b3"), ids(detections().get(0)));

        add("n", T0 + SLIDE + 10_000, 1); // joins the four later windows that hold the burst
        harness.processWatermark(Long.MAX_VALUE);
        List<Detection> out = detections();
        assertEquals(2, out.size(), out.toString());
        Detection again = out.get(1);
        assertEquals(T0 - 3 * SLIDE, again.windowStart);
        assertEquals(List.of("b1", "b2", "b3", "n"), ids(again));
        assertEquals(15_001, again.total);
        assertEquals(4, again.count);
        assertEquals(2, fn.detectionsOut.getCount());
    }

    @Test
    void overlappingBurstsOfDifferentPairsAreIndependent() throws Exception {
        add("a1", T0 + 1_000, 1, 2, 11_000);
        add("b1", T0 + 1_000, 2, 1, 11_000);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(List.of("1-2", "2-1"), detections().stream().map(Detection::pair).sorted().collect(Collectors.toList()));
    }

    @Test
    void aTransactionThatLeavesAndANewWindowAboveTheThresholdIsReportedOnlyWithNewIds() throws Exception {
        // x and y above the threshold together; later z alone with y is above as well (y detected, z new)
        add("x", T0 + 1_000, 6_000);
        add("y", T0 + 5 * MIN, 6_000);
        add("z", T0 + 11 * MIN, 6_000);
        harness.processWatermark(Long.MAX_VALUE);
        List<Detection> out = detections();
        assertEquals(2, out.size(), out.toString());
        assertEquals(List.of("x", "y"), ids(out.get(0)));
        assertEquals(List.of("y", "z"), ids(out.get(1)));
        assertTrue(out.get(0).windowEnd < out.get(1).windowEnd);
    }

    @Test
    void idsAreOrderedByTimestampAndTiesKeepTheReadOrder() throws Exception {
        add("late-in-time", T0 + 3_000, 4_000);
        add("tie-second-read", T0 + 1_000, 4_000);
        add("tie-third-read", T0 + 1_000, 4_000);
        add("first", T0 + 500, 4_000);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, detections().size());
        assertArrayEquals(new String[] {"first", "tie-second-read", "tie-third-read", "late-in-time"}, detections().get(0).transactionIds);
        assertEquals(T0 + 500, detections().get(0).firstTimestamp);
        assertEquals(T0 + 3_000, detections().get(0).lastTimestamp);
    }

    @Test
    void statePrunedAndClearedWhenThePairsWindowsAreDone() throws Exception {
        add("b1", T0 + 1_000, 11_000);
        harness.processWatermark(T0 + SLIDE - 1);
        assertEquals(1, detections().size());
        // windows still open hold b1; the detected id is kept for them
        assertTrue(harness.numKeyedStateEntries() > 0);
        harness.processWatermark(T0 + SIZE);
        assertEquals(1, detections().size());
        // all five windows fired and were purged, and the detected ids pruned to nothing
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void detectionDelayIsProcessingTimeAtEmitMinusTheLastTimestamp() throws Exception {
        add("a", T0 + 1_000, 20_000);
        harness.setProcessingTime(T0 + 1_000 + 250);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, fn.detectionDelay.getCount());
        assertEquals(250, fn.detectionDelay.getStatistics().getMax());
    }
}
