package streamingplatform.fraud;

import java.util.Objects;

/** A valid transaction of the `transactions` topic. A Flink POJO: public fields, no-argument constructor. */
public class Transaction {
    public String id;
    /** Event time, epoch milliseconds. */
    public long timestamp;
    public long origin;
    public long target;
    public long amount;

    public Transaction() {}

    public Transaction(String id, long timestamp, long origin, long target, long amount) {
        this.id = id;
        this.timestamp = timestamp;
        this.origin = origin;
        this.target = target;
        this.amount = amount;
    }

    /** The key of the pair, also the Kafka key of its detections: "<origin>-<target>". */
    public String pair() {
        return origin + "-" + target;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Transaction)) return false;
        Transaction t = (Transaction) o;
        return timestamp == t.timestamp && origin == t.origin && target == t.target && amount == t.amount && Objects.equals(id, t.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp, origin, target, amount);
    }

    @Override
    public String toString() {
        return "Transaction{" + id + " @" + timestamp + " " + origin + "->" + target + " " + amount + "}";
    }
}
