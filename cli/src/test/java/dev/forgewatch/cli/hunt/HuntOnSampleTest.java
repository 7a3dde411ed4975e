package dev.forgewatch.cli.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.common.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** README's first command, {@code forgewatch hunt samples/data}: the answer fits one screen, incidents first. */
class HuntOnSampleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    @Test
    void theSampleHuntFitsOneScreenIncidentsFirst() throws Exception {
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of(), "hunt", SAMPLE.toString());

        List<String> lines = run.out().lines().toList();
        assertThat(lines.size()).as("lines of the default answer").isLessThanOrEqualTo(40);
        assertThat(lines).allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(180));
        JsonNode expected = Json.YAML.readTree(SAMPLE.resolve("EXPECTED.yaml").toFile());
        // the loud intrusion's mailboxes and the quiet one
        int intruded = expected.path("intrusion").path("targets").size() + 1;
        assertThat(lines.get(0)).startsWith("INCIDENTS: " + intruded + " compromised, ").contains("; campaign fwc-")
                .doesNotContain("suspicious");
        String quiet = expected.path("quietIntrusion").path("mailbox").asText();
        int blank = lines.indexOf("");
        List<String> incidentRows = lines.subList(2, blank);
        for (JsonNode target : expected.path("intrusion").path("targets")) {
            assertThat(incidentRows).filteredOn(row -> row.contains(" " + target.path("mailbox").asText() + " ")).singleElement()
                    .asString().startsWith("COMPROMISED ").contains(String.format(Locale.ROOT, "%,d reads", target.path("mailItemsAccessed").asLong()));
        }
        for (JsonNode mailbox : expected.path("licenceGap").path("mailboxes")) {
            assertThat(incidentRows).filteredOn(row -> row.contains(mailbox.asText().substring(0, 20))).singleElement()
                    .asString().startsWith("COVERAGE-GAP ");
        }
        assertThat(incidentRows).filteredOn(row -> row.startsWith("COMPROMISED ")).hasSize(intruded);
        assertThat(incidentRows).filteredOn(row -> row.contains(" " + quiet + " ")).singleElement().asString().startsWith("COMPROMISED ");
        assertThat(lines.get(blank + 1)).matches("FINDINGS: \\d+ from \\d+ rules, by rule .*");
        assertThat(run.err()).containsPattern("incidents \\(" + intruded + " compromised, \\d+ coverage-gap\\)");
    }
}
