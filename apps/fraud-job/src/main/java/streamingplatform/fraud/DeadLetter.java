package streamingplatform.fraud;

import java.util.Objects;

/** A record of the dead-letter topic: why a transaction was not counted, and its original value. */
public class DeadLetter {
    public String reason;
    /** The original record value, as a UTF-8 string. */
    public String value;

    public DeadLetter() {}

    public DeadLetter(String reason, String value) {
        this.reason = reason;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter && Objects.equals(reason, ((DeadLetter) o).reason) && Objects.equals(value, ((DeadLetter) o).value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, value);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + value + "}";
    }
}
