package dev.forgewatch.elastic.ship;

/** Pauses before a retry; the tests substitute one that only records the pauses. */
@FunctionalInterface
public interface Backoff {
    Backoff SLEEP = Thread::sleep;

    void pause(long millis) throws InterruptedException;
}
