package dev.forgewatch.common.quarantine;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;

/** Where quarantine (dead-letter) records go. */
public interface QuarantineSink extends Closeable {
    /** Keeps nothing: the run summary still counts every quarantined record. */
    QuarantineSink DISCARD = new QuarantineSink() {
        @Override
        public void accept(QuarantineRecord record) {
        }

        @Override
        public void close() {
        }
    };

    /** Keeps every quarantined record in {@code records}, in the order they came: for a caller that reports them itself. */
    static QuarantineSink into(Collection<? super QuarantineRecord> records) {
        return new QuarantineSink() {
            @Override
            public void accept(QuarantineRecord record) {
                records.add(record);
            }

            @Override
            public void close() {
            }
        };
    }

    void accept(QuarantineRecord record) throws IOException;
}
