package streamingplatform.fraud;

/**
 * One record of the transactions topic as the source read it: either a valid transaction, or the
 * reason it is malformed with its original value. The source parses, so that its watermark generator
 * can ignore malformed records; the validation operator routes them.
 */
public class SourceRecord {
    /** The transaction, or null when the record is malformed. */
    public Transaction transaction;
    /** Why the record is malformed, or null when it is valid. */
    public String reason;
    /** The record's value as UTF-8: what a dead letter carries (a valid record's, if it is late). */
    public String value;

    public SourceRecord() {}

    public static SourceRecord valid(Transaction transaction, String value) {
        SourceRecord r = new SourceRecord();
        r.transaction = transaction;
        r.value = value;
        return r;
    }

    public static SourceRecord malformed(String reason, String value) {
        SourceRecord r = new SourceRecord();
        r.reason = reason;
        r.value = value;
        return r;
    }

    public boolean isValid() {
        return transaction != null;
    }

    @Override
    public String toString() {
        return isValid() ? transaction.toString() : "Malformed{" + reason + ": " + value + "}";
    }
}
