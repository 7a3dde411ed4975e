package dev.forgewatch.common.quarantine;

import java.io.Closeable;
import java.io.IOException;

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

    void accept(QuarantineRecord record) throws IOException;
}
