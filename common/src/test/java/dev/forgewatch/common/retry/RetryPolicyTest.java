package dev.forgewatch.common.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Duration MS_250 = Duration.ofMillis(250);

    @Test
    void backoffDoublesUpToItsCapWithoutJitter() {
        RetryPolicy policy = RetryPolicy.exponential(7, MS_250, Duration.ofSeconds(2));
        List<Duration> waits = new ArrayList<>();
        for (int retry = 1; retry <= 6; retry++) {
            waits.add(policy.backoff(retry));
        }
        assertThat(waits).containsExactly(MS_250, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void equalJitterKeepsEachWaitBetweenHalfAndTheWholeStep() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10), new Random(7));
        long[] steps = {1000, 2000, 4000, 8000, 16000};
        for (int retry = 1; retry <= steps.length; retry++) {
            assertThat(policy.backoff(retry).toMillis()).isBetween(steps[retry - 1] / 2, steps[retry - 1]);
        }
    }

    @Test
    void aServersRetryAfterWinsButIsCapped() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(10), new Random(1));
        assertThat(policy.waitBefore(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.waitBefore(1, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2023-07-12T10:00:00Z");
        assertThat(RetryAfter.parse("120", now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Wed, 12 Jul 2023 10:00:45 GMT", now)).isEqualTo(Duration.ofSeconds(45));
        assertThat(RetryAfter.parse("Wed, 12 Jul 2023 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("-5", now)).isNull();
        assertThat(RetryAfter.parse("soon", now)).isNull();
        assertThat(RetryAfter.parse(null, now)).isNull();
    }

    @Test
    void attemptsCountToTheLimitAndWaitAsThePolicySays() throws IOException {
        List<Duration> slept = new ArrayList<>();
        Attempts attempts = new Attempts(RetryPolicy.exponential(3, MS_250, Duration.ofSeconds(30)), slept::add);
        List<Duration> before = new ArrayList<>();
        int made = 0;
        while (attempts.start()) {
            made++;
            before.add(attempts.waitBeforeCurrent(null));
            if (!attempts.last()) {
                attempts.pause(attempts.nextWait(made == 2 ? Duration.ofSeconds(3) : null), "a test request");
            }
        }
        assertThat(made).isEqualTo(3);
        assertThat(attempts.made()).isEqualTo(3);
        assertThat(before).containsExactly(Duration.ZERO, MS_250, Duration.ofMillis(500));
        assertThat(slept).containsExactly(MS_250, Duration.ofSeconds(3));
    }
}
