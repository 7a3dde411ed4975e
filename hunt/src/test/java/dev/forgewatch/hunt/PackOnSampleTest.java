package dev.forgewatch.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.pipeline.InputFiles;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.quarantine.QuarantineSink;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.hunt.HuntRun;
import dev.forgewatch.hunt.HuntSetup;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped rule pack over the shipped sample, through the hunt pipeline: every planted mailbox
 * and the forged tokens are found, and no finding names any of the tenant's clean mailboxes.
 */
class PackOnSampleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    @TempDir
    Path temp;

    @Test
    void thePackFindsThePlantedIntrusionAndNothingElse() throws Exception {
        JsonNode expected = Json.YAML.readTree(SAMPLE.resolve("EXPECTED.yaml").toFile());
        Set<String> targets = new HashSet<>();
        expected.path("intrusion").path("targets").forEach(target -> targets.add(target.path("mailbox").asText()));
        Set<String> licenceGap = new HashSet<>();
        expected.path("licenceGap").path("mailboxes").forEach(mailbox -> licenceGap.add(mailbox.asText()));
        List<Finding> findings = new HuntRun(HuntSetup.standard(), temp, 50_000)
                .run(InputFiles.expand(List.of(SAMPLE)), QuarantineSink.DISCARD, ProgressListener.NONE).findings();

        Set<String> users = findings.stream().map(Finding::user).filter(user -> user != null).collect(Collectors.toSet());
        Set<String> planted = new HashSet<>(targets);
        planted.addAll(licenceGap);
        assertThat(planted).containsAll(users);
        assertThat(users).containsAll(targets).containsAll(licenceGap);
        Set<String> rules = findings.stream().map(Finding::ruleName).collect(Collectors.toSet());
        assertThat(rules).contains("First AppId Reading a Mailbox", "Mail Access Without an Interactive Sign-in",
                "Bind Volume Spike on a Mailbox", "One Application Reading Many Mailboxes",
                "MailItemsAccessed Throttled (24-Hour Audit Gap)", "Mailbox Activity Without MailItemsAccessed Records",
                "Activity From Published Storm-0558 Infrastructure", "OWA GetAccessTokenForResource Call",
                "One Token Used From Many IP Addresses", "Token Signed With a Known Compromised Key",
                "Token Signed With a Key From Another Scope", "Forged-Token Finding Followed by Mailbox Access From the Same Address");
    }
}
