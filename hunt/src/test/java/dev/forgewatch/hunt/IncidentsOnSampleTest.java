package dev.forgewatch.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident model over the shipped sample tenant, through the hunt: each intruded mailbox of
 * EXPECTED.yaml is exactly one compromised incident whose mail is the intruder's (the quiet intrusion
 * included), no other mailbox is
 * worse than a coverage gap, and the same data gives the same incidents, however the sort spills.
 */
class IncidentsOnSampleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");
    private static JsonNode expected;
    private static HuntRun.Result result;

    @BeforeAll
    static void hunt(@TempDir Path temp) throws Exception {
        expected = Json.YAML.readTree(SAMPLE.resolve("EXPECTED.yaml").toFile());
        result = new HuntRun(HuntSetup.standard(), temp, 50_000)
                .run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD, ProgressListener.NONE);
    }

    @Test
    void eachIntrudedMailboxIsOneCompromisedIncidentWithTheIntrudersMail() {
        for (JsonNode target : expected.path("intrusion").path("targets")) {
            String mailbox = target.path("mailbox").asText();
            List<Incident> incidents = result.incidents().incidents().stream().filter(i -> i.mailbox().equals(mailbox)).toList();
            assertThat(incidents).as(mailbox).singleElement().satisfies(incident -> {
                assertThat(incident.verdict()).isEqualTo(Verdict.COMPROMISED);
                assertThat(incident.mail().records()).as(mailbox + " records").isEqualTo(target.path("mailItemsAccessed").asLong());
                assertThat(incident.mail().bind()).as(mailbox + " Bind").isEqualTo(target.path("bindRecords").asLong());
                assertThat(incident.mail().sync()).as(mailbox + " Sync").isEqualTo(target.path("syncRecords").asLong());
                assertThat(incident.mail().first()).isEqualTo(Instant.parse(target.path("firstAccess").asText()));
                assertThat(incident.mail().last()).isEqualTo(Instant.parse(target.path("lastAccess").asText()));
                Set<String> ips = new HashSet<>();
                target.path("ips").forEach(ip -> ips.add(ip.asText()));
                assertThat(incident.addresses()).containsAll(ips);
            });
        }
    }

    @Test
    void theQuietIntrusionIsAnIncidentWithTheIntrudersMail() {
        JsonNode quiet = expected.path("quietIntrusion");
        String mailbox = quiet.path("mailbox").asText();
        assertThat(result.incidents().incidents()).filteredOn(i -> i.mailbox().equals(mailbox)).singleElement().satisfies(incident -> {
            assertThat(incident.verdict()).isEqualTo(Verdict.COMPROMISED);
            assertThat(incident.mail().records()).isEqualTo(quiet.path("mailItemsAccessed").asLong());
            assertThat(incident.addresses()).contains(quiet.path("ip").asText());
        });
    }

    @Test
    void noOtherMailboxIsWorseThanACoverageGapAndEachUnauditedMailboxIsOne() {
        Set<String> targets = mailboxes(expected.path("intrusion").path("targets"), "mailbox");
        targets.add(expected.path("quietIntrusion").path("mailbox").asText());
        assertThat(result.incidents().incidents()).filteredOn(i -> !targets.contains(i.mailbox()))
                .allSatisfy(i -> assertThat(i.verdict()).as(i.mailbox()).isEqualTo(Verdict.COVERAGE_GAP));
        assertThat(result.incidents().incidents()).filteredOn(i -> i.verdict() == Verdict.COVERAGE_GAP).extracting(Incident::mailbox)
                .containsExactlyInAnyOrderElementsOf(mailboxes(expected.path("licenceGap").path("mailboxes"), null));
    }

    @Test
    void theIntrudedMailboxesAreOneCampaign() {
        Set<String> targets = mailboxes(expected.path("intrusion").path("targets"), "mailbox");
        assertThat(result.incidents().campaigns()).singleElement().satisfies(campaign -> {
            assertThat(campaign.incidentIds()).extracting(id -> result.incidents().incident(id).mailbox())
                    .containsExactlyInAnyOrderElementsOf(targets);
            assertThat(campaign.shared()).contains("app " + expected.path("actor").path("appId").asText());
            expected.path("actor").path("ips").forEach(ip -> assertThat(campaign.shared()).contains("IOC address " + ip.path("ip").asText()));
        });
    }

    @Test
    void theSameDataGivesTheSameIncidentsHoweverTheSortSpills(@TempDir Path temp) throws Exception {
        HuntRun.Result again = new HuntRun(HuntSetup.standard(), temp, 3_000)
                .run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD, ProgressListener.NONE);
        assertThat(again.sortSpills()).isGreaterThan(result.sortSpills());
        assertThat(again.incidents().incidents()).isEqualTo(result.incidents().incidents());
        assertThat(again.incidents().campaigns()).isEqualTo(result.incidents().campaigns());
    }

    private static Set<String> mailboxes(JsonNode list, String member) {
        Set<String> out = new HashSet<>();
        list.forEach(item -> out.add((member == null ? item : item.path(member)).asText()));
        return out;
    }
}
