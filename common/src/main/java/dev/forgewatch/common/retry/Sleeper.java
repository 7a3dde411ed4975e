package dev.forgewatch.common.retry;

import java.io.InterruptedIOException;
import java.time.Duration;

/** Waits between attempts; tests inject one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps, turning an interruption into an {@link InterruptedIOException} (the interrupt flag is
     * kept) for I/O code that cannot throw {@link InterruptedException}.
     */
    default void sleepIo(Duration duration, String waitingFor) throws InterruptedIOException {
        try {
            sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to " + waitingFor);
        }
    }
}
