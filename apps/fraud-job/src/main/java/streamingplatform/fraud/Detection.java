package streamingplatform.fraud;

import java.util.Arrays;

/** A window of one (origin, target) pair whose total is above the threshold. */
public class Detection {
    public long origin;
    public long target;
    public long windowStart;
    public long windowEnd;
    public long total;
    public int count;
    public long firstTimestamp;
    public long lastTimestamp;
    /** Ordered by timestamp; ties in the order the job read them. An array, so Flink serializes it without Kryo. */
    public String[] transactionIds;

    public Detection() {}

    /** "<origin>-<target>": the Kafka record key. */
    public String pair() {
        return origin + "-" + target;
    }

    @Override
    public String toString() {
        return "Detection{" + pair() + " [" + windowStart + "," + windowEnd + ") total=" + total + " count=" + count
                + " first=" + firstTimestamp + " last=" + lastTimestamp + " ids=" + Arrays.toString(transactionIds) + "}";
    }
}
