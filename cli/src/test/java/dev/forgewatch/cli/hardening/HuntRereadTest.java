package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.TestRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 4, reproduced as written: with {@code --output} inside the hunted folder each rerun
 * read the last run's findings as input and added a spurious HIGH; overlapping arguments
 * ({@code dir dir/sub}) read files twice (the sample went from 229 to 254 findings). The first is
 * now refused (item 1), the second reads each file once: the sample gives the same findings as one plain run.
 */
class HuntRereadTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");

    @TempDir
    Path dir;

    private CliRunner.Run hunt(String... argv) {
        return CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", dir.resolve("home").toString()), argv);
    }

    private JsonNode summary(Path output) throws IOException {
        return Json.MAPPER.readTree(output.toFile()).path("summary");
    }

    @Test
    void findingsWrittenIntoTheHuntedFolderAreRefusedSoRerunsCannotFeedOnThem() throws IOException {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        ObjectNode record = (ObjectNode) TestRecords.json("mailitemsaccessed-bind.json");
        record.put("ClientIPAddress", "51.89.156.153");
        Files.writeString(exports.resolve("audit.ndjson"), record + "\n", StandardCharsets.UTF_8);
        Path inside = exports.resolve("findings.ndjson");
        Path outside = dir.resolve("findings.json");

        for (int rerun = 0; rerun < 3; rerun++) {
            CliRunner.Run refused = hunt("hunt", "--format", "ndjson", "--output", inside.toString(), exports.toString());
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("a folder this hunt reads");
            assertThat(inside).doesNotExist();

            CliRunner.Run run = hunt("hunt", "--format", "json", "--output", outside.toString(), exports.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(summary(outside).path("files").asLong()).isEqualTo(1);
            assertThat(summary(outside).path("findings").asLong()).as("rerun " + rerun).isEqualTo(2);
        }
    }

    @Test
    void overlappingArgumentsReadTheSampleOnce() throws IOException {
        Path once = dir.resolve("once.json");
        Path overlapping = dir.resolve("overlapping.json");

        CliRunner.Run plain = hunt("hunt", "--format", "json", "--output", once.toString(), SAMPLE.toString());
        CliRunner.Run twice = hunt("hunt", "--format", "json", "--output", overlapping.toString(), SAMPLE.toString(),
                SAMPLE.resolve("management-api").toString(), SAMPLE.resolve("entra").toString(),
                SAMPLE.resolve("damaged/broken-lines.ndjson").toString());

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        assertThat(summary(once).path("findings").asLong()).isPositive();
        assertThat(summary(overlapping)).isEqualTo(summary(once));
        assertThat(Json.MAPPER.readTree(overlapping.toFile()).path("findings"))
                .isEqualTo(Json.MAPPER.readTree(once.toFile()).path("findings"));
        long logFiles;
        try (var walk = java.nio.file.Files.walk(SAMPLE)) {
            logFiles = walk.filter(java.nio.file.Files::isRegularFile)
                    .map(file -> file.getFileName().toString().replaceFirst("\\.gz$", ""))
                    .filter(name -> name.matches(".*\\.(json|ndjson|jsonl|csv|log)") && !name.startsWith(".")).count();
        }
        assertThat(summary(overlapping).path("files").asLong()).isEqualTo(logFiles);
    }
}
