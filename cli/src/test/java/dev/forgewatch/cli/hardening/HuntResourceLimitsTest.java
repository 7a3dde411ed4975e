package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.token.testing.TestTokens;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs beside good ones in one shipped {@code hunt}, in the test JVM's heap: a 50 MB line
 * without a newline, JSON nested 100,000 deep (as a document and as an NDJSON line), a small .gz that
 * expands past 1 GB, and garbage bytes. Each bad file ends in quarantine records naming it, nothing
 * runs out of memory, and the good records in the files around them are all read and counted.
 */
class HuntResourceLimitsTest {
    private static final int MB = 1024 * 1024;

    @TempDir
    static Path dir;
    private static Path inputs;
    private static String record;

    @BeforeAll
    static void writeInputs() throws IOException {
        inputs = dir.resolve("inputs");
        Files.createDirectories(inputs);
        record = Json.MAPPER.readTree(TestTokens.class.getResourceAsStream("/records/mailitemsaccessed-bind.json")).toString();
        Files.writeString(inputs.resolve("a-good.ndjson"), record + "\n", StandardCharsets.UTF_8);

        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(inputs.resolve("b-huge-line.ndjson")), MB)) {
            out.write((record + "\n{\"Operation\":\"").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[MB];
            Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
        }

        int depth = 100_000;
        Files.writeString(inputs.resolve("c-deep.json"), "[" + "[".repeat(depth) + "]".repeat(depth) + "]", StandardCharsets.UTF_8);
        Files.writeString(inputs.resolve("d-deep.ndjson"), record + "\n" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "\n"
                + record + "\n", StandardCharsets.UTF_8);

        // 1.1 GB of spaces after one record: deflate squeezes it to about a megabyte
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(inputs.resolve("e-bomb.ndjson.gz")), MB)) {
            out.write((record + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[MB];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 1100; i++) {
                out.write(spaces);
            }
        }

        Random random = new Random(9);
        byte[] binary = new byte[8 * MB];
        random.nextBytes(binary);
        Files.write(inputs.resolve("f-garbage.log"), binary);
        byte[] text = new byte[4 * MB];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) (1 + random.nextInt(255));
        }
        Files.write(inputs.resolve("g-garbage-text.log"), text);

        Files.writeString(inputs.resolve("z-good.ndjson"), record + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void eachHostileFileIsQuarantinedAndTheRunGoesOnWithTheOthers() throws IOException {
        Path quarantine = dir.resolve("quarantine.ndjson");
        Path output = dir.resolve("findings.json");
        CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", dir.resolve("home").toString()),
                "hunt", "--format", "json", "--output", output.toString(), "--quarantine", quarantine.toString(), inputs.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(output.toFile()).path("summary");
        assertThat(summary.path("files").asLong()).isEqualTo(8);
        // the good record in a-good, b-huge-line, d-deep (twice), e-bomb and z-good
        assertThat(summary.path("events").asLong()).isEqualTo(6);
        assertThat(summary.path("quarantined").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(run.err()).contains("quarantined");

        List<JsonNode> records = Files.readAllLines(quarantine).stream().map(HuntResourceLimitsTest::json).toList();
        assertThat(reasons(records, "b-huge-line.ndjson")).anyMatch(reason -> reason.contains("long"));
        assertThat(reasons(records, "c-deep.json")).anyMatch(reason -> reason.contains("safety limit") || reason.contains("nesting"));
        assertThat(reasons(records, "d-deep.ndjson")).isNotEmpty();
        assertThat(reasons(records, "e-bomb.ndjson.gz")).anyMatch(reason -> reason.contains("decompression bomb"));
        assertThat(reasons(records, "f-garbage.log")).anyMatch(reason -> reason.contains("binary"));
        assertThat(reasons(records, "g-garbage-text.log")).isNotEmpty();
        assertThat(reasons(records, "a-good.ndjson")).isEmpty();
        assertThat(reasons(records, "z-good.ndjson")).isEmpty();
        assertThat(records).allSatisfy(r -> assertThat(r.toString().length()).isLessThan(4096));
    }

    private static List<String> reasons(List<JsonNode> records, String file) {
        return records.stream().filter(r -> r.path("file").asText().endsWith(file)).map(r -> r.path("reason").asText()).toList();
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("quarantine line is not JSON", e);
        }
    }
}
