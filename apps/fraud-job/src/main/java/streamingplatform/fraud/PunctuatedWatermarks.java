package streamingplatform.fraud;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/**
 * BoundedOutOfOrdernessWatermarks' formula (max timestamp seen - out-of-orderness - 1), emitted after
 * every valid record instead of periodically, so that whether a record is late depends only on the
 * order of the records before it. Malformed records do not move it. The Kafka source runs one per partition.
 */
public class PunctuatedWatermarks implements WatermarkGenerator<SourceRecord> {
    private final long outOfOrdernessMs;
    private long maxTimestamp = Long.MIN_VALUE;

    public PunctuatedWatermarks(long outOfOrdernessMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
    }

    @Override
    public void onEvent(SourceRecord event, long eventTimestamp, WatermarkOutput output) {
        if (!event.isValid()) return;
        maxTimestamp = Math.max(maxTimestamp, event.transaction.timestamp);
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMs - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}

    /** The strategy of the transactions source: event time from the transaction, these watermarks. */
    public static WatermarkStrategy<SourceRecord> strategy(Duration outOfOrderness) {
        long ms = outOfOrderness.toMillis();
        return WatermarkStrategy.<SourceRecord>forGenerator(ctx -> new PunctuatedWatermarks(ms))
                .withTimestampAssigner((record, kafkaTimestamp) -> record.isValid() ? record.transaction.timestamp : kafkaTimestamp);
    }
}
