package dev.forgewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.collector.http.ApiClient;
import dev.forgewatch.collector.http.RetryListener;
import dev.forgewatch.collector.http.TransportException;
import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.FakeMicrosoft.FaultKind;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.TestCertificates;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.retry.RetryPolicy;
import dev.forgewatch.common.tls.Tls;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS trust and the retry rules, against real HTTPS on loopback; waits are recorded, not slept. */
class HttpBehaviourTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2023-06-01T12:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private FakeMicrosoft fake;
    private URI missing;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMicrosoft(clock::instant);
        missing = URI.create(fake.root() + "/nothing-here");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private ApiClient client(SSLContext tls, int attempts, Duration timeout) {
        RetryListener listener = (what, reason, wait, throttled) -> reasons.add(reason + (throttled ? " throttled" : ""));
        return new ApiClient(ApiClient.transport(tls, Duration.ofSeconds(10), timeout),
                new RetryPolicy(attempts, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), new Random(42)),
                waits::add, clock, listener);
    }

    private HttpReply get(ApiClient client) throws Exception {
        return client.send(() -> HttpRequest.newBuilder(missing).GET().build());
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefaultAndNotRetried() throws Exception {
        assertThatThrownBy(() -> get(client(Tls.system(), 5, Duration.ofSeconds(20))))
                .satisfies(e -> assertThat(hasHandshakeFailure(e)).isTrue());
        assertThatThrownBy(() -> get(client(Tls.trusting(TestCertificates.stranger().certificatePem()), 5, Duration.ofSeconds(20))))
                .satisfies(e -> assertThat(hasHandshakeFailure(e)).isTrue());
        assertThat(waits).isEmpty();
        assertThat(fake.seen()).isEmpty();
    }

    private static boolean hasHandshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    @Test
    void trustedCaAndExplicitInsecureModeConnect() throws Exception {
        assertThat(get(client(Tls.trusting(TestCertificates.server().certificatePem()), 1, Duration.ofSeconds(20))).status())
                .isEqualTo(404);
        assertThat(get(client(Tls.insecure(), 1, Duration.ofSeconds(20))).status()).isEqualTo(404);
    }

    @Test
    void retryAfterIsHonouredFor429AndForTheActivityApisAf429() throws Exception {
        fake.fault(FaultKind.THROTTLE_429, t -> t.startsWith("/nothing-here"), 1, 7, Duration.ZERO);
        fake.fault(FaultKind.THROTTLE_AF429, t -> t.startsWith("/nothing-here"), 1, 3, Duration.ZERO);
        HttpReply response = get(client(Tls.trusting(TestCertificates.server().certificatePem()), 5, Duration.ofSeconds(20)));
        assertThat(response.status()).isEqualTo(404);
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(3));
        assertThat(reasons).containsExactly("HTTP 429 throttled", "HTTP 403 AF429 throttled");
    }

    @Test
    void serverErrorsBackOffExponentiallyWithSeededJitterAndGiveUpWhenBounded() throws Exception {
        fake.fault(FaultKind.SERVER_503, t -> t.startsWith("/nothing-here"), 100);
        ApiClient client = client(Tls.trusting(TestCertificates.server().certificatePem()), 4, Duration.ofSeconds(20));
        assertThatThrownBy(() -> get(client)).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("gave up after 4 attempts");
        assertThat(fake.requests(s -> s.path().equals("/nothing-here"))).isEqualTo(4);
        assertThat(waits).hasSize(3);
        // each wait lies in [step/2, step] for steps 1 s, 2 s, 4 s
        long[] steps = {1000, 2000, 4000};
        for (int i = 0; i < 3; i++) {
            assertThat(waits.get(i).toMillis()).isBetween(steps[i] / 2, steps[i]);
        }
        RetryPolicy seeded = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), new Random(42));
        assertThat(List.of(seeded.backoff(1), seeded.backoff(2), seeded.backoff(3))).isEqualTo(waits);
    }

    @Test
    void aConnectionDroppedMidBodyAndASlowAnswerAreRetried() throws Exception {
        fake.fault(FaultKind.DROP_MID_BODY, t -> t.startsWith("/nothing-here"), 1);
        // The slow answer never comes while the test runs (the fake's close interrupts it), so that attempt always times
        // out; the timeout is long enough that the other attempts (a fresh TLS connection each, on a loaded machine)
        // always answer within it. A 1.5 s answer against a 0.5 s timeout raced the machine's speed both ways.
        fake.fault(FaultKind.SLOW, t -> t.startsWith("/nothing-here"), 1, 0, Duration.ofMinutes(10));
        HttpReply response = get(client(Tls.trusting(TestCertificates.server().certificatePem()), 5, Duration.ofSeconds(10)));
        assertThat(response.status()).isEqualTo(404);
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0)).isIn("IOException", "EOFException");
        assertThat(reasons.get(1)).isEqualTo("HttpTimeoutException");
    }

    @Test
    void aSlowAnswerWithinTheTimeoutIsSimplyWaitedFor() throws Exception {
        fake.fault(FaultKind.SLOW, t -> t.startsWith("/nothing-here"), 1, 0, Duration.ofMillis(300));
        assertThat(get(client(Tls.trusting(TestCertificates.server().certificatePem()), 1, Duration.ofSeconds(20))).status())
                .isEqualTo(404);
    }
}
