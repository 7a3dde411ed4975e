package dev.forgewatch.collector.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Bounded retries with exponential backoff and jitter. The random source is injected so tests can
 * seed it; {@code maxRetryAfter} caps what a server may ask us to wait.
 *
 * @param maxAttempts   tries per request, including the first
 * @param baseDelay     backoff of the first retry (before jitter)
 * @param maxDelay      cap of any backoff
 * @param maxRetryAfter cap of an honoured {@code Retry-After}
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter, Random random) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(random, "random");
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10), new Random());
    }

    /**
     * Backoff before retry number {@code retry} (1 = first retry): half the exponential step plus a
     * random half, so clients that failed together do not come back together.
     */
    public Duration backoff(int retry) {
        long step = baseDelay.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(step, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : (long) (random.nextDouble() * half)));
    }

    public Duration retryAfter(Duration asked) {
        return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
}
