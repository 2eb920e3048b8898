package streamingplatform.fraud;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one sliding window of one (origin, target) pair. Its windows fire in order of their end
 * (one event-time timer each, at end - 1). A window whose total is strictly above the threshold is a
 * detection unless every one of its transactions was already part of an earlier detection of the pair;
 * after a detection its transactions count as detected.
 *
 * <p>The detected ids (with their timestamps) are the pair's only state of its own. After a window
 * [start, end) fires, the pair's later windows start at start + slide or later, so no id with a smaller
 * timestamp can appear in them (a transaction that arrived now with such a timestamp would be late):
 * those ids are removed, and the state is cleared when none is left.
 */
public class DetectFraud extends ProcessWindowFunction<Transaction, Detection, String, TimeWindow> {
    static final MapStateDescriptor<String, Long> DETECTED = new MapStateDescriptor<>("detected-ids", String.class, Long.class);

    private final long threshold;
    private final long slideMs;

    transient Counter detectionsOut;
    transient Histogram detectionDelay;

    public DetectFraud(long threshold, long slideMs) {
        this.threshold = threshold;
        this.slideMs = slideMs;
    }

    @Override
    public void open(OpenContext openContext) {
        var fraud = getRuntimeContext().getMetricGroup().addGroup(FraudTopology.METRIC_GROUP);
        detectionsOut = fraud.counter("detectionsOut");
        detectionDelay = fraud.histogram("detectionDelayMs", new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void process(String pair, Context ctx, Iterable<Transaction> elements, Collector<Detection> out) throws Exception {
        TimeWindow window = ctx.window();
        MapState<String, Long> detected = ctx.globalState().getMapState(DETECTED);

        List<Transaction> txs = new ArrayList<>();
        long total = 0;
        for (Transaction t : elements) {
            txs.add(t);
            total += t.amount;
        }
        if (total > threshold) {
            boolean anyNew = false;
            for (Transaction t : txs) {
                if (!detected.contains(t.id)) {
                    anyNew = true;
                    break;
                }
            }
            if (anyNew) {
                // List.sort is stable: equal timestamps keep the order in which the window received them
                txs.sort(Comparator.comparingLong(t -> t.timestamp));
                Detection d = new Detection();
                Transaction first = txs.get(0);
                d.origin = first.origin;
                d.target = first.target;
                d.windowStart = window.getStart();
                d.windowEnd = window.getEnd();
                d.total = total;
                d.count = txs.size();
                d.firstTimestamp = first.timestamp;
                d.lastTimestamp = txs.get(txs.size() - 1).timestamp;
                d.transactionIds = new String[txs.size()];
                for (int i = 0; i < txs.size(); i++) {
                    d.transactionIds[i] = txs.get(i).id;
                    detected.put(txs.get(i).id, txs.get(i).timestamp);
                }
                out.collect(d);
                detectionsOut.inc();
                detectionDelay.update(ctx.currentProcessingTime() - d.lastTimestamp);
            }
        }
        prune(detected, window.getStart() + slideMs);
    }

    /** Removes the ids with a timestamp before `nextStart`; clears the state when none is left. */
    private static void prune(MapState<String, Long> detected, long nextStart) throws Exception {
        boolean left = false;
        Iterator<Map.Entry<String, Long>> it = detected.iterator();
        while (it.hasNext()) {
            if (it.next().getValue() < nextStart) it.remove();
            else left = true;
        }
        if (!left) detected.clear();
    }
}
