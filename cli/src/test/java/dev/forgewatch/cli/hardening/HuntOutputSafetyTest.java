package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.TestRecords;
import dev.forgewatch.detections.Detector;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.hunt.HuntSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 1, reproduced as written: {@code hunt --output /dev/null --quarantine x.ndjson
 * x.ndjson} truncated the input and reported a clean hunt; {@code --output x.ndjson x.ndjson}
 * replaced the input with findings; one path given to two outputs was silently reused. Now such a
 * hunt is refused (exit 2, a clear message, nothing written); outputs are written to a temp file
 * and renamed only when the run succeeds, so a run that dies leaves the previous files as they
 * were; and each input file is read once however it is reached.
 */
class HuntOutputSafetyTest {
    @TempDir
    Path dir;
    private Path input;
    private byte[] evidence;

    @BeforeEach
    void writeEvidence() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ObjectNode record = (ObjectNode) TestRecords.json("mailitemsaccessed-bind.json");
            record.put("Id", "evidence-" + i);
            record.put("CreationTime", "2023-06-12T14:" + String.format(Locale.ROOT, "%02d", i) + ":00");
            lines.add(record.toString());
        }
        lines.add("{\"broken");
        input = dir.resolve("x.ndjson");
        Files.write(input, lines, StandardCharsets.UTF_8);
        evidence = Files.readAllBytes(input);
    }

    private CliRunner.Run hunt(String... argv) {
        return CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", dir.resolve("home").toString()), argv);
    }

    private void assertRefusedAndUntouched(CliRunner.Run run, String why) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(why).contains("nothing was written");
        assertThat(run.out()).isEmpty();
        assertThat(Files.readAllBytes(input)).as("the evidence").isEqualTo(evidence);
    }

    @Test
    void theQuarantineFileCannotBeTheInput() throws IOException {
        assertRefusedAndUntouched(hunt("hunt", "--output", "/dev/null", "--quarantine", input.toString(), input.toString()),
                "--quarantine " + input + " is one of the input files");
    }

    @Test
    void theFindingsFileCannotBeTheInputHoweverItIsNamed() throws IOException {
        assertRefusedAndUntouched(hunt("hunt", "--output", input.toString(), input.toString()), "is one of the input files");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertRefusedAndUntouched(hunt("hunt", "--output", sub.resolve("../x.ndjson").toString(), input.toString()),
                "is one of the input files");
        Path link = Files.createSymbolicLink(dir.resolve("link.ndjson"), input);
        assertRefusedAndUntouched(hunt("hunt", "--format", "ndjson", "--output", link.toString(), input.toString()),
                "is one of the input files");
        assertRefusedAndUntouched(hunt("hunt", "--report", input.toString(), input.toString()), "is one of the input files");
    }

    @Test
    void noOutputMayLieInAFolderTheHuntReads() throws IOException {
        assertRefusedAndUntouched(hunt("hunt", "--output", "/dev/null", "--quarantine", dir.resolve("bad.ndjson").toString(),
                dir.toString()), "--quarantine " + dir.resolve("bad.ndjson") + " is inside " + dir.toRealPath());
        Path linkToFolder = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
        try {
            assertRefusedAndUntouched(hunt("hunt", "--report", linkToFolder.resolve("new/report.html").toString(), dir.toString()),
                    "a folder this hunt reads");
        } finally {
            Files.delete(linkToFolder);
        }
        assertThat(Files.exists(dir.resolve("bad.ndjson"))).isFalse();
        assertThat(Files.exists(dir.resolve("new"))).as("nothing written, not even a folder").isFalse();
    }

    @Test
    void twoOutputsCannotShareAPath() throws IOException {
        Path out = dir.resolve("out/same.ndjson");
        assertRefusedAndUntouched(hunt("hunt", "--output", out.toString(), "--quarantine", out.toString(), input.toString()),
                "--quarantine " + out + " is the same file as --output " + out);
        assertRefusedAndUntouched(hunt("hunt", "--quarantine", out.toString(), "--report",
                dir.resolve("out/./same.ndjson").toString(), input.toString()), "is the same file as --quarantine");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void aRunThatDiesLeavesThePreviousOutputsAsTheyWere() throws IOException {
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        Path findings = outputs.resolve("findings.ndjson");
        Path quarantine = outputs.resolve("quarantine.ndjson");
        Path report = outputs.resolve("report.html");
        CliRunner.Run first = hunt("hunt", "--format", "ndjson", "--output", findings.toString(), "--quarantine",
                quarantine.toString(), "--report", report.toString(), input.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        byte[] findingsBefore = Files.readAllBytes(findings);
        byte[] quarantineBefore = Files.readAllBytes(quarantine);
        byte[] reportBefore = Files.readAllBytes(report);
        assertThat(quarantineBefore).isNotEmpty();

        // the same hunt, dying after half the events (a crash, a full disk): nothing is published
        HuntCommand dying = new HuntCommand((terminal, ledger) -> {
            HuntSetup shipped = HuntSetup.standard();
            return new HuntSetup(shipped.catalog(), shipped.opener(), shipped.normalizer(), shipped.rules(),
                    () -> new DyingDetector(shipped.detectors().get(), 10), shipped.policy());
        });
        CliRunner.Run second = CliRunner.run(List.of(dying), "hunt", "--format", "ndjson", "--output", findings.toString(),
                "--quarantine", quarantine.toString(), "--report", report.toString(), input.toString());

        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.err()).contains("the detector died");
        assertThat(Files.readAllBytes(findings)).isEqualTo(findingsBefore);
        assertThat(Files.readAllBytes(quarantine)).isEqualTo(quarantineBefore);
        assertThat(Files.readAllBytes(report)).isEqualTo(reportBefore);
        try (Stream<Path> left = Files.list(outputs)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("findings.ndjson",
                    "quarantine.ndjson", "report.html");
        }
    }

    @Test
    void devNullStaysADeviceAndAnExistingOutputIsReplacedWhole() throws IOException {
        Path findings = dir.resolve("out/findings.json");
        Files.createDirectories(findings.getParent());
        Files.writeString(findings, "x".repeat(100_000));

        CliRunner.Run run = hunt("hunt", "--format", "json", "--output", findings.toString(), "--quarantine", "/dev/null",
                input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
        JsonNode doc = Json.MAPPER.readTree(findings.toFile());
        assertThat(doc.path("summary").path("quarantined").asLong()).isEqualTo(1);
    }

    @Test
    void eachFileIsReadOnceHoweverOftenItIsReached() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs/sub"));
        Files.copy(input, logs.resolve("a.ndjson"));
        Files.createSymbolicLink(logs.getParent().resolve("alias.ndjson"), logs.resolve("a.ndjson"));
        Path out = dir.resolve("once.json");

        CliRunner.Run run = hunt("hunt", "--format", "json", "--output", out.toString(), logs.getParent().toString(),
                logs.toString(), logs.resolve("a.ndjson").toString(), logs.resolve("../sub/a.ndjson").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(out.toFile()).path("summary");
        assertThat(summary.path("files").asLong()).isEqualTo(1);
        assertThat(summary.path("events").asLong()).isEqualTo(20);
    }

    /** Dies after {@code events} events, as a run does that hits a full disk or a bug. */
    private record DyingDetector(Detector detector, int events, int[] seen) implements Detector {
        DyingDetector(Detector detector, int events) {
            this(detector, events, new int[1]);
        }

        @Override
        public void accept(CanonicalEvent event, Consumer<Finding> findings) {
            if (++seen[0] > events) {
                throw new IllegalStateException("the detector died");
            }
            detector.accept(event, findings);
        }

        @Override
        public void finish(Consumer<Finding> findings) {
            detector.finish(findings);
        }
    }
}
