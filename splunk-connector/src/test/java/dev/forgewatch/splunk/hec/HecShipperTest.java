package dev.forgewatch.splunk.hec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.delivery.ItemError;
import dev.forgewatch.common.delivery.ShipReport;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.app.HecFields;
import dev.forgewatch.splunk.http.SplunkHttp;
import dev.forgewatch.splunk.testing.FakeHec;
import dev.forgewatch.splunk.testing.FakeHec.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipper against a local HEC that answers as Splunk documents, with failures injected: no
 * event is lost, and an event is indexed twice only when a send's fate was unknown, every copy
 * carrying the same forgewatch_event_id. Sleeps are recorded, not slept.
 */
class HecShipperTest {
    private static final String TOKEN = "11111111-2222-3333-4444-555555555555";
    private static final HecSettings SETTINGS = new HecSettings(10, 64 * 1024, 3, 6, 4, Duration.ofMillis(100),
            Duration.ofSeconds(2));
    /** Enough sends that a random run of faults never exhausts them. */
    private static final HecSettings PATIENT = new HecSettings(7, 64 * 1024, 3, 40, 4, Duration.ofMillis(100),
            Duration.ofSeconds(2));

    private final List<Duration> sleeps = new ArrayList<>();
    private FakeHec hec;

    @AfterEach
    void stop() {
        if (hec != null) {
            hec.close();
        }
    }

    private HecShipper shipper(HecSettings settings, String token) throws Exception {
        HttpTransport http = SplunkHttp.transport(TlsOptions.VERIFY, Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new HecShipper(new HecClient(http, hec.url(), Secret.of(token), "5f0c6c3a-0d1e-4f2a-8b3c-4d5e6f7a8b9c"), settings, sleeps::add);
    }

    static List<HecEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> new HecEvent("evt-" + i, Instant.ofEpochSecond(1_686_578_607L + i),
                "forgewatch:m365:audit", "test.ndjson", null, null,
                Json.MAPPER.createObjectNode().put("Id", "evt-" + i).put("Operation", "MailItemsAccessed"))).toList();
    }

    private static ShipReport ship(HecShipper shipper, List<HecEvent> events) throws Exception {
        for (HecEvent event : events) {
            shipper.send(event);
        }
        return shipper.finish();
    }

    private List<String> indexedIds() {
        return hec.indexed().stream().map(e -> e.path("fields").path(HecFields.EVENT_ID).asText()).toList();
    }

    private static List<String> ids(List<HecEvent> events) {
        return events.stream().map(HecEvent::id).toList();
    }

    @Test
    void batchesGzippedOnOneChannelAndWaitsForAcknowledgement() throws Exception {
        hec = FakeHec.start(TOKEN, true).ackDelay(2);
        List<HecEvent> events = events(95);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        assertThat(indexedIds()).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(report).isEqualTo(new ShipReport(95, 95, 0, 0, 0, 10, 0, 0, true, List.of()));
        assertThat(hec.requestHeaders()).hasSize(10).allSatisfy(headers -> assertThat(headers)
                .containsEntry("x-splunk-request-channel", "5f0c6c3a-0d1e-4f2a-8b3c-4d5e6f7a8b9c")
                .containsEntry("content-encoding", "gzip").containsEntry("authorization", "Splunk " + TOKEN));
        JsonNode first = hec.indexed().stream().filter(e -> e.path("event").path("Id").asText().equals("evt-0")).findFirst()
                .orElseThrow();
        assertThat(first.path("time").decimalValue()).isEqualByComparingTo("1686578607.000");
        assertThat(first.path("sourcetype").asText()).isEqualTo("forgewatch:m365:audit");
        assertThat(first.path("source").asText()).isEqualTo("test.ndjson");
    }

    @Test
    void busyServerAndServerErrorsAreRetriedWithBackoffWithoutDuplicates() throws Exception {
        hec = FakeHec.start(TOKEN, true).faults(Fault.BUSY, Fault.BUSY, Fault.INTERNAL_ERROR, Fault.BUSY);
        List<HecEvent> events = events(30);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        assertThat(indexedIds()).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(report.retried()).isEqualTo(4);
        assertThat(report.uncertainResends()).isZero();
        assertThat(sleeps).startsWith(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800));
    }

    @Test
    void connectionsDroppedBeforeIndexingLoseAndDuplicateNothing() throws Exception {
        hec = FakeHec.start(TOKEN, true).faults(Fault.NONE, Fault.RESET_BEFORE_INDEXING, Fault.NONE,
                Fault.RESET_BEFORE_INDEXING);
        List<HecEvent> events = events(40);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        assertThat(indexedIds()).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(report.retried()).isEqualTo(2);
        assertThat(report.uncertainResends()).isEqualTo(2);
    }

    @Test
    void aConnectionDroppedAfterIndexingLeavesOnlyCopiesThatShareTheEventId() throws Exception {
        hec = FakeHec.start(TOKEN, true).faults(Fault.NONE, Fault.RESET_AFTER_INDEXING);
        List<HecEvent> events = events(30);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        List<String> indexed = indexedIds();
        assertThat(new LinkedHashSet<>(indexed)).containsExactlyInAnyOrderElementsOf(ids(events));
        List<String> copies = new ArrayList<>(indexed);
        ids(events).forEach(copies::remove);
        assertThat(copies).containsExactlyInAnyOrderElementsOf(ids(events).subList(10, 20)); // the second batch, once more
        assertThat(report.uncertainResends()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseAcknowledgementNeverComesIsSentAgain() throws Exception {
        hec = FakeHec.start(TOKEN, true).faults(Fault.LOSE_BATCH);
        List<HecEvent> events = events(25);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        assertThat(indexedIds()).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(report.uncertainResends()).isEqualTo(1);
        assertThat(report.confirmed()).isEqualTo(25);
    }

    @Test
    void anInvalidEventMidBatchIsReportedAndTheRestDelivered() throws Exception {
        hec = FakeHec.start(TOKEN, true).faults(Fault.INVALID_SECOND_EVENT);
        List<HecEvent> events = events(20);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        List<String> expected = new ArrayList<>(ids(events));
        expected.remove("evt-1");
        assertThat(indexedIds()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.errors()).extracting(ItemError::id).containsExactly("evt-1");
        assertThat(report.confirmed()).isEqualTo(19);
    }

    @Test
    void aFullAcknowledgementWindowBlocksTheSenderInsteadOfDropping() throws Exception {
        hec = FakeHec.start(TOKEN, true).ackDelay(1).busyAckQueries(1);
        List<HecEvent> events = events(200);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        assertThat(hec.maxOutstanding()).isLessThanOrEqualTo(SETTINGS.maxPendingBatches());
        assertThat(indexedIds()).containsExactlyInAnyOrderElementsOf(ids(events));
        assertThat(report.confirmed()).isEqualTo(200);
        assertThat(report.uncertainResends()).isZero();
    }

    @Test
    void tokenAcknowledgementOffIsShippedButReportedAsUnacknowledged() throws Exception {
        hec = FakeHec.start(TOKEN, false);
        List<HecEvent> events = events(15);

        ShipReport report = ship(shipper(SETTINGS, TOKEN), events);

        assertThat(indexedIds()).containsExactlyElementsOf(ids(events));
        assertThat(report.acknowledged()).isFalse();
        assertThat(report.confirmed()).isEqualTo(15);
    }

    @Test
    void refusedTokensFailAtOnceWithHecsReasonAndNeverTheToken() throws Exception {
        hec = FakeHec.start(TOKEN, true);
        String wrong = "99999999-8888-7777-6666-555555555555";

        assertThatThrownBy(() -> ship(shipper(SETTINGS, wrong), events(3)))
                .isInstanceOf(HecException.class)
                .hasMessageContaining("HTTP 403, HEC code 4 (Invalid token)")
                .hasMessageContaining("3 events are not confirmed")
                .hasMessageNotContaining(wrong).hasMessageNotContaining(TOKEN);
        assertThat(hec.indexed()).isEmpty();
    }

    @Test
    void aServerThatStaysBusyFailsTheRunAfterTheLastAttempt() throws Exception {
        hec = FakeHec.start(TOKEN, true).faults(Fault.BUSY, Fault.BUSY, Fault.BUSY, Fault.BUSY, Fault.BUSY, Fault.BUSY);

        assertThatThrownBy(() -> ship(shipper(SETTINGS, TOKEN), events(5)))
                .isInstanceOf(HecException.class)
                .hasMessageContaining("after 6 sends")
                .hasMessageContaining("5 events are not confirmed");
        assertThat(hec.eventRequests()).isEqualTo(6);
    }

    @Test
    void anAckIdGivenTwiceIsAProtocolErrorAndNoBatchDropsOutUnconfirmed() throws Exception {
        // two HEC instances behind a load balancer without sticky sessions: each numbers the channel's batches from 0
        hec = FakeHec.start(TOKEN, true).instances(2);
        HecShipper shipper = shipper(SETTINGS, TOKEN);

        assertThatThrownBy(() -> ship(shipper, events(45)))
                .isInstanceOf(HecException.class)
                .hasMessageContaining("HEC protocol error: ack id 0 was given to two batches on channel 5f0c6c3a-0d1e-4f2a-8b3c")
                .hasMessageContaining("sticky sessions");
        ShipReport report = shipper.report();
        assertThat(report.confirmed()).as("nothing was confirmed by an acknowledgement meant for another batch")
                .isLessThan(report.sent());
        assertThat(report.unconfirmed()).isPositive();
        assertThat(report.allConfirmed()).isFalse();
    }

    @Test
    void underRandomFailuresNothingIsLostAndCopiesOnlyFollowUncertainSends() throws Exception {
        // INVALID_SECOND_EVENT drops an event on purpose; HOLD_AFTER_INDEXING waits for a release that never comes here
        Fault[] kinds = {Fault.BUSY, Fault.INTERNAL_ERROR, Fault.RESET_BEFORE_INDEXING, Fault.RESET_AFTER_INDEXING,
                Fault.LOSE_BATCH};
        for (long seed = 1; seed <= 25; seed++) {
            Random random = new Random(seed);
            hec = FakeHec.start(TOKEN, true).ackDelay(random.nextInt(3));
            for (int i = 0; i < 40; i++) {
                Fault fault = random.nextInt(3) == 0 ? kinds[random.nextInt(kinds.length)] : Fault.NONE;
                hec.faults(fault);
            }
            List<HecEvent> events = events(120);
            sleeps.clear();

            ShipReport report = ship(shipper(PATIENT, TOKEN), events);

            List<String> indexed = indexedIds();
            assertThat(new LinkedHashSet<>(indexed)).as("seed %d: every event indexed", seed)
                    .containsExactlyInAnyOrderElementsOf(ids(events));
            if (report.uncertainResends() == 0) {
                assertThat(indexed).as("seed %d: no copies without an uncertain send", seed).hasSize(events.size());
            }
            assertThat(report.confirmed()).isEqualTo(events.size());
            hec.close();
        }
        hec = null;
    }
}
