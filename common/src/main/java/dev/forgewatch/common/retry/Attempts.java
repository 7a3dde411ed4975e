package dev.forgewatch.common.retry;

import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The attempts of one piece of work (a request, a batch) under a {@link RetryPolicy}: how many were
 * made, whether another is allowed, and the wait before it. Callers decide what is worth retrying;
 * this keeps the counting, the backoff, {@code Retry-After} and the sleeping in one place.
 */
public final class Attempts {
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private int made;

    public Attempts(RetryPolicy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** Counts the start of an attempt; false (and nothing counted) when every allowed attempt was made. */
    public boolean start() {
        if (made >= policy.maxAttempts()) {
            return false;
        }
        made++;
        return true;
    }

    public int made() {
        return made;
    }

    public int allowed() {
        return policy.maxAttempts();
    }

    /** True when the attempt under way is the last one allowed. */
    public boolean last() {
        return made >= policy.maxAttempts();
    }

    /** The wait before the next attempt: the server's {@code Retry-After} (capped) if it sent one, else the backoff. */
    public Duration nextWait(Duration retryAfter) {
        return policy.waitBefore(made, retryAfter);
    }

    /**
     * The wait before the attempt under way, for callers that wait at the start of a retry: zero for
     * the first attempt, else what {@link #nextWait} said after the attempt before it.
     */
    public Duration waitBeforeCurrent(Duration retryAfter) {
        return made <= 1 ? Duration.ZERO : policy.waitBefore(made - 1, retryAfter);
    }

    /** Sleeps {@code wait}; an interruption ends the work as an {@link InterruptedIOException}. */
    public void pause(Duration wait, String retrying) throws InterruptedIOException {
        sleeper.sleepIo(wait, "retry " + retrying);
    }
}
