package streamingplatform.fraud;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes on the valid, on-time transactions; sends malformed and late records to the dead letters
 * side output. A record is late iff its timestamp is at or before this operator's current watermark
 * (the one the source emitted after the records before it), decided here rather than by the window
 * operator so that the rule is exactly that one.
 */
public class ValidateTransactions extends ProcessFunction<SourceRecord, Transaction> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    transient Counter transactionsIn;
    transient Counter lateRecords;
    transient Counter malformedRecords;

    @Override
    public void open(OpenContext openContext) {
        var fraud = getRuntimeContext().getMetricGroup().addGroup(FraudTopology.METRIC_GROUP);
        transactionsIn = fraud.counter("transactionsIn");
        lateRecords = fraud.counter("lateRecords");
        malformedRecords = fraud.counter("malformedRecords");
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<Transaction> out) {
        if (!record.isValid()) {
            malformedRecords.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(record.reason, record.value));
            return;
        }
        Transaction t = record.transaction;
        long watermark = ctx.timerService().currentWatermark();
        if (t.timestamp <= watermark) {
            lateRecords.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter("late: timestamp " + t.timestamp + " is at or before the watermark " + watermark, record.value));
            return;
        }
        transactionsIn.inc();
        out.collect(t);
    }

}
