package dev.forgewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.collector.graph.SignInCategory;
import dev.forgewatch.collector.testing.FakeMicrosoft;
import dev.forgewatch.collector.testing.FakeMicrosoft.FaultKind;
import dev.forgewatch.collector.testing.MutableClock;
import dev.forgewatch.collector.testing.Records;
import dev.forgewatch.collector.testing.Scenario;
import dev.forgewatch.collector.testing.TestRuns;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every category of Entra sign-in (interactive, non-interactive, service principal, managed
 * identity) collected into a stream of its own, through Graph's published contract: interactive
 * from {@code /v1.0}, the others from {@code /beta} with a {@code signInEventTypes/any(...)} filter,
 * pages followed by {@code @odata.nextLink}, throttling waited out as {@code Retry-After} says, and
 * each category resuming from its own checkpoint.
 */
class SignInCategoriesTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Scenario.NOW);
    private final List<Duration> waits = new ArrayList<>();
    private final Map<SignInCategory, List<String>> planted = new EnumMap<>(SignInCategory.class);
    private FakeMicrosoft fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeMicrosoft(clock::instant);
        plant(SignInCategory.INTERACTIVE, 7, Duration.ofHours(40));
        plant(SignInCategory.NON_INTERACTIVE, 11, Duration.ofHours(40));
        plant(SignInCategory.SERVICE_PRINCIPAL, 5, Duration.ofHours(30));
        plant(SignInCategory.MANAGED_IDENTITY, 4, Duration.ofHours(20));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** {@code count} sign-ins of one category, spread over the {@code span} before now, in Graph's beta shape. */
    private void plant(SignInCategory category, int count, Duration span) {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant time = clock.instant().minus(span).plus(span.dividedBy(count).multipliedBy(i));
            records.add(signIn(category, category.stream() + "-" + planted.getOrDefault(category, List.of()).size() + "-" + i, time));
        }
        fake.addSignIns(records);
        List<String> ids = new ArrayList<>(planted.getOrDefault(category, List.of()));
        records.forEach(record -> ids.add(record.path("id").asText()));
        planted.put(category, ids);
    }

    private static ObjectNode signIn(SignInCategory category, String id, Instant time) {
        ObjectNode record = Records.signIn(id, time, "megan.bowen@fabrikam.example", "203.0.113.20");
        record.put("isInteractive", category == SignInCategory.INTERACTIVE);
        record.putArray("signInEventTypes").add(category.eventType());
        record.put("uniqueTokenIdentifier", "dG9rZW4t" + id.hashCode());
        if (category == SignInCategory.SERVICE_PRINCIPAL || category == SignInCategory.MANAGED_IDENTITY) {
            record.remove("userPrincipalName");
            record.put("servicePrincipalId", "5b2b1c1e-0000-4000-8000-00000000000" + category.ordinal());
            record.put("servicePrincipalName", category == SignInCategory.SERVICE_PRINCIPAL ? "Contoso Backup" : "vm-reporting");
        }
        return record;
    }

    private CollectSummary collect(CollectorConfig config) throws Exception {
        return new Collector(config, new Collector.Runtime(clock, waits::add, new Random(7), CollectListener.NONE,
                FaultHook.NONE)).collect();
    }

    private CollectorConfig.Builder config() {
        return TestRuns.config(fake, dir.resolve("out")).contentTypes(List.of()).lookback(Duration.ofDays(2))
                .graphWindow(Duration.ofHours(24)).maxFileRecords(4);
    }

    private List<String> collected(SignInCategory category) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode record : TestRuns.published(dir.resolve("out").resolve(category.stream()))) {
            ids.add(record.path("id").asText());
        }
        return ids;
    }

    private static String decoded(FakeMicrosoft.Seen seen) {
        return URLDecoder.decode(seen.query(), StandardCharsets.UTF_8);
    }

    @Test
    void eachCategoryGoesToItsOwnStreamThroughThePublishedFilterPagingAndThrottling() throws Exception {
        fake.graphPageSize(3);
        fake.fault(FaultKind.THROTTLE_429, target -> URLDecoder.decode(target, StandardCharsets.UTF_8)
                .contains("signInEventTypes/any(t: t eq 'servicePrincipal')"), 1, 17, Duration.ZERO);

        CollectSummary summary = collect(config().build());

        for (SignInCategory category : SignInCategory.values()) {
            assertThat(collected(category)).as(category.stream()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(planted.get(category));
        }
        assertThat(summary.streams()).extracting(StreamResult::stream)
                .containsExactly("signins", "signins-noninteractive", "signins-serviceprincipal", "signins-managedidentity");
        // interactive from v1.0 with the time filter alone; every other category from beta with its category filter
        List<FakeMicrosoft.Seen> graph = fake.seen().stream().filter(s -> s.path().endsWith("/auditLogs/signIns")).toList();
        assertThat(graph).filteredOn(s -> s.path().equals("/v1.0/auditLogs/signIns")).isNotEmpty()
                .allSatisfy(s -> assertThat(decoded(s)).doesNotContain("signInEventTypes"));
        for (SignInCategory category : List.of(SignInCategory.NON_INTERACTIVE, SignInCategory.SERVICE_PRINCIPAL,
                SignInCategory.MANAGED_IDENTITY)) {
            assertThat(graph).filteredOn(s -> s.path().equals("/beta/auditLogs/signIns")
                            && decoded(s).contains("signInEventTypes/any(t: t eq '" + category.eventType() + "')"))
                    .as(category.eventType()).isNotEmpty()
                    .allSatisfy(s -> assertThat(decoded(s)).matches("\\$filter=createdDateTime ge \\S+Z and createdDateTime lt \\S+Z"
                            + " and signInEventTypes/any\\(t: t eq '" + category.eventType() + "'\\)&\\$top=\\d+(&\\$skiptoken=\\d+)?"));
        }
        // 11 non-interactive sign-ins in pages of 3: the beta nextLink was followed
        assertThat(graph).filteredOn(s -> s.path().equals("/beta/auditLogs/signIns") && s.query().contains("skiptoken")).isNotEmpty();
        assertThat(summary.throttledRetries()).isEqualTo(1);
        assertThat(waits).contains(Duration.ofSeconds(17));
        for (SignInCategory category : SignInCategory.values()) {
            assertThat(dir.resolve("out/.forgewatch-state").resolve(category.stream() + ".checkpoint")).isRegularFile();
        }
    }

    @Test
    void eachCategoryResumesFromItsOwnCheckpoint() throws Exception {
        collect(config().build());
        clock.advance(Duration.ofHours(3));
        int before = planted.get(SignInCategory.MANAGED_IDENTITY).size();
        plant(SignInCategory.MANAGED_IDENTITY, 2, Duration.ofHours(2));

        CollectSummary second = collect(config().build());

        Map<String, Long> records = new java.util.HashMap<>();
        second.streams().forEach(stream -> records.put(stream.stream(), stream.records()));
        assertThat(records).containsEntry("signins-managedidentity", 2L).containsEntry("signins", 0L)
                .containsEntry("signins-noninteractive", 0L).containsEntry("signins-serviceprincipal", 0L);
        assertThat(collected(SignInCategory.MANAGED_IDENTITY)).hasSize(before + 2).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(planted.get(SignInCategory.MANAGED_IDENTITY));
        for (SignInCategory category : SignInCategory.values()) {
            assertThat(collected(category)).doesNotHaveDuplicates().hasSize(planted.get(category).size());
        }
    }

    @Test
    void theCategoriesCollectedAreASetting() throws Exception {
        collect(config().signInCategories(List.of(SignInCategory.SERVICE_PRINCIPAL)).build());

        assertThat(collected(SignInCategory.SERVICE_PRINCIPAL)).containsExactlyInAnyOrderElementsOf(
                planted.get(SignInCategory.SERVICE_PRINCIPAL));
        assertThat(dir.resolve("out/signins")).doesNotExist();
        assertThat(fake.requests(s -> s.path().equals("/v1.0/auditLogs/signIns"))).isZero();
        assertThat(SignInCategory.parse("nonInteractiveUser")).isEqualTo(SignInCategory.NON_INTERACTIVE);
        assertThat(SignInCategory.parse("signins-managedidentity")).isEqualTo(SignInCategory.MANAGED_IDENTITY);
    }
}
