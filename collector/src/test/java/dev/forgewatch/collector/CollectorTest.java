package dev.forgewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.activity.ActivityException;
import dev.forgewatch.collector.coverage.CoverageReport;
import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.FakeMicrosoft.FaultKind;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.Scenario;
import dev.forgewatch.collector.testing.TestRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole collection runs against the local Microsoft stand-in. */
class CollectorTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Scenario.NOW);
    private final List<String> warnings = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private FakeMicrosoft fake;
    private Scenario scenario;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMicrosoft(clock::instant);
        scenario = new Scenario(fake, 3, 6);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CollectorConfig.Builder config() {
        return TestRuns.config(fake, dir.resolve("out")).lookback(Duration.ofDays(3)).maxFileRecords(25);
    }

    private CollectSummary collect(CollectorConfig config) throws Exception {
        CollectListener listener = new CollectListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        return new Collector(config, new Collector.Runtime(clock, waits::add, new Random(7), listener, FaultHook.NONE)).collect();
    }

    private List<String> ids(String stream, String field) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode record : TestRuns.published(dir.resolve("out").resolve(stream))) {
            ids.add(record.path(field).asText());
        }
        return ids;
    }

    private List<String> auditIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String stream : List.of("Audit.Exchange", "Audit.AzureActiveDirectory", "Audit.General")) {
            ids.addAll(ids(stream, "Id"));
        }
        return ids;
    }

    @Test
    void collectsEveryRecordExactlyOnceAcross24HourWindowsAndPages() throws Exception {
        fake.graphPageSize(10);
        CollectSummary summary = collect(config().graphWindow(Duration.ofHours(24)).build());

        assertThat(auditIds()).hasSize(scenario.auditIds().size()).containsExactlyInAnyOrderElementsOf(scenario.auditIds());
        assertThat(ids("signins", "id")).hasSize(scenario.signInIds().size()).containsExactlyInAnyOrderElementsOf(scenario.signInIds());
        StreamResult exchange = summary.streams().get(0);
        assertThat(exchange.stream()).isEqualTo("Audit.Exchange");
        assertThat(exchange.listed()).isEqualTo(18);
        assertThat(exchange.duplicates()).isEqualTo(17); // each later blob repeats one record of the blob before
        assertThat(exchange.files()).isGreaterThan(1);
        // content listings were paged (3 per page) and cut into 24-hour windows
        assertThat(fake.requests(s -> s.path().endsWith("/subscriptions/content") && s.query().contains("nextPage="))).isEqualTo(3);
        assertThat(fake.seen()).filteredOn(s -> s.path().contains("/activity/feed/"))
                .allMatch(s -> s.query().contains("PublisherIdentifier=" + FakeMicrosoft.TENANT));
        // Graph was paged with @odata.nextLink
        assertThat(fake.requests(s -> s.path().equals("/v1.0/auditLogs/signIns") && s.query().contains("skiptoken"))).isPositive();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aSecondRunFetchesOnlyWhatIsNew() throws Exception {
        collect(config().build());
        long blobGets = fake.requests(s -> s.path().contains("/activity/feed/audit/"));
        clock.advance(Duration.ofHours(2));
        List<String> late = scenario.addLateBlob(fake, clock.instant().minus(Duration.ofMinutes(30)), 4);

        CollectSummary second = collect(config().build());

        assertThat(fake.requests(s -> s.path().contains("/activity/feed/audit/")) - blobGets).isEqualTo(1);
        assertThat(second.streams().get(0).records()).isEqualTo(4);
        assertThat(auditIds()).containsAll(late).hasSize(scenario.auditIds().size()).doesNotHaveDuplicates();
        assertThat(ids("signins", "id")).doesNotHaveDuplicates().hasSize(scenario.signInIds().size());
    }

    @Test
    void throttlingResetsAndServerErrorsDuringARunLoseNothing() throws Exception {
        fake.fault(FaultKind.THROTTLE_429, t -> t.contains("/subscriptions/content"), 2, 11, Duration.ZERO);
        fake.fault(FaultKind.THROTTLE_AF429, t -> t.contains("/activity/feed/audit/"), 1, 4, Duration.ZERO);
        fake.fault(FaultKind.DROP_MID_BODY, t -> t.contains("/activity/feed/audit/"), 2);
        fake.fault(FaultKind.SERVER_503, t -> t.contains("/auditLogs/signIns"), 2);

        CollectSummary summary = collect(config().build());

        assertThat(auditIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(scenario.auditIds());
        assertThat(ids("signins", "id")).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(scenario.signInIds());
        assertThat(summary.throttledRetries()).isEqualTo(3);
        assertThat(summary.otherRetries()).isEqualTo(4);
        assertThat(waits).contains(Duration.ofSeconds(11), Duration.ofSeconds(4));
    }

    @Test
    void aMissingSubscriptionStopsTheRunUnlessAskedToStartIt() throws Exception {
        CollectorConfig withSharePoint = config().contentTypes(List.of("Audit.Exchange", "Audit.SharePoint")).signIns(false).build();
        assertThatThrownBy(() -> collect(withSharePoint))
                .isInstanceOfSatisfying(ActivityException.class, e -> assertThat(e.code()).isEqualTo("AF20022"))
                .hasMessageContaining("Audit.SharePoint").hasMessageContaining("--start-subscriptions");
        assertThat(dir.resolve("out/Audit.Exchange")).doesNotExist();

        collect(config().contentTypes(List.of("Audit.Exchange", "Audit.SharePoint")).signIns(false).startSubscriptions(true).build());
        assertThat(fake.subscriptions()).containsEntry("Audit.SharePoint", "enabled");
        assertThat(warnings).anyMatch(w -> w.contains("started the Audit.SharePoint subscription"));
    }

    @Test
    void theCoverageReportNamesMailboxesWithoutMailItemsAccessedAndThrottling() throws Exception {
        CoverageReport coverage = collect(config().build()).coverage();
        assertThat(coverage.mailItemsAccessed()).isPositive();
        assertThat(coverage.gaps()).extracting(CoverageReport.Gap::mailbox).containsExactly(Scenario.QUIET);
        assertThat(coverage.throttled()).extracting(CoverageReport.Throttled::mailbox).containsOnly(Scenario.THROTTLED);
        assertThat(coverage.render()).contains("MailItemsAccessed: produced", Scenario.QUIET, "IsThrottled");

        CoverageReport preflight = new Collector(config().build(), new Collector.Runtime(clock, waits::add, new Random(7),
                CollectListener.NONE, FaultHook.NONE)).preflight(Duration.ofDays(3));
        assertThat(preflight.gaps()).isEqualTo(coverage.gaps());
    }

    @Test
    void contentOlderThanSevenDaysIsReportedAsAGap() throws Exception {
        collect(config().build());
        clock.advance(Duration.ofDays(9));
        collect(config().build());
        assertThat(warnings).anyMatch(w -> w.contains("Audit.Exchange") && w.contains("expired"));
    }

    @Test
    void neitherTheSecretNorAnAccessTokenIsWrittenAnywhere() throws Exception {
        collect(config().build());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = file.toString().endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(Files.newInputStream(file)).readAllBytes() : Files.readAllBytes(file);
                String text = new String(bytes, StandardCharsets.UTF_8);
                assertThat(text).as(file.toString()).doesNotContain(FakeMicrosoft.CLIENT_SECRET).doesNotContain("eyJ0eXAiOiJKV1Qi");
            }
        }
    }
}
