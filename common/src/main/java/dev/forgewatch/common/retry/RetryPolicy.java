package dev.forgewatch.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Bounded retries with exponential backoff, the one retry rule of every network path (Microsoft
 * APIs, Elasticsearch bulk requests, Splunk HEC). The wait before retry {@code n} is {@code baseDelay
 * × 2^(n-1)}, capped at {@code maxDelay}, then jittered; a server's {@code Retry-After} replaces the
 * backoff, capped at {@code maxRetryAfter}.
 *
 * @param maxAttempts   tries of one request, the first included
 * @param baseDelay     backoff of the first retry (before jitter)
 * @param maxDelay      cap of any backoff
 * @param maxRetryAfter cap of an honoured {@code Retry-After}
 * @param jitter        how a backoff is spread, so clients that failed together do not come back together
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter, Jitter jitter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(jitter, "jitter");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** Half the backoff fixed and half random ("equal jitter"), from {@code random} (seeded in tests). */
    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter, Random random) {
        this(maxAttempts, baseDelay, maxDelay, maxRetryAfter, Jitter.equal(random));
    }

    /** How a computed backoff is spread. */
    @FunctionalInterface
    public interface Jitter {
        /** The exact backoff: for callers whose waits a test or a user reads as numbers. */
        Jitter NONE = millis -> millis;

        long apply(long millis);

        /** Half the backoff plus a random part of the other half. */
        static Jitter equal(Random random) {
            Objects.requireNonNull(random, "random");
            return millis -> {
                long half = millis / 2;
                return half + (half == 0 ? 0 : (long) (random.nextDouble() * half));
            };
        }
    }

    /** The Microsoft APIs' rule: 6 attempts, 1 s doubling to 1 min, Retry-After honoured up to 10 min. */
    public static RetryPolicy standard() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10), new Random());
    }

    /** Exponential backoff without jitter; a Retry-After is honoured up to {@code maxDelay}. */
    public static RetryPolicy exponential(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxDelay, Jitter.NONE);
    }

    /** Backoff before retry number {@code retry} (1 = the first retry). */
    public Duration backoff(int retry) {
        long step = baseDelay.toMillis() << Math.min(Math.max(retry, 1) - 1, 20);
        return Duration.ofMillis(jitter.apply(Math.min(step, maxDelay.toMillis())));
    }

    /** What a server asked for, capped. */
    public Duration retryAfter(Duration asked) {
        return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }

    /** The wait before retry number {@code retry}: the server's {@code Retry-After} (capped) when it gave one, else the backoff. */
    public Duration waitBefore(int retry, Duration retryAfter) {
        return retryAfter != null ? retryAfter(retryAfter) : backoff(retry);
    }
}
