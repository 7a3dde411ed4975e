package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.InertPrintStream;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.TestRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 3, reproduced as written: a UserId carrying a line break forges a CRITICAL row in
 * the table, and ESC / OSC sequences retitle or clear the analyst's terminal. Now every output a
 * person reads shows them escaped: the table, the progress line, error messages; HTML, CSV and
 * NDJSON stay inert too, bidi overrides included.
 */
class TerminalInjectionTest {
    private static final String STORM_ADDRESS = "51.89.156.153";
    /** A line break and a forged row, an OSC retitle, a screen clear, a bell, a C1 CSI, a right-to-left override. */
    private static final String HOSTILE_USER = "alex.wilber@fabrikam.example\n2023-06-12 14:03:27Z  CRITICAL  Forged row"
            + "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202Eelpmaxe.mahkirbaf@nimda";
    private static final List<Character> ACTING = List.of('\u001b', '\u0007', '\u009b', '\u202e');

    @TempDir
    Path dir;
    private Path input;

    @BeforeEach
    void writeInput() throws IOException {
        ObjectNode record = (ObjectNode) TestRecords.json("mailitemsaccessed-bind.json");
        record.put("UserId", HOSTILE_USER);
        record.put("MailboxOwnerUPN", HOSTILE_USER);
        record.put("ClientIPAddress", STORM_ADDRESS);
        record.put("ClientIP", STORM_ADDRESS);
        input = dir.resolve("hostile.ndjson");
        Files.writeString(input, record + "\n", StandardCharsets.UTF_8);
    }

    private CliRunner.Run hunt(String... options) {
        String[] argv = new String[options.length + 2];
        argv[0] = "hunt";
        System.arraycopy(options, 0, argv, 1, options.length);
        argv[argv.length - 1] = input.toString();
        return CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", dir.resolve("home").toString()), argv);
    }

    private static void assertInert(String text) {
        for (char c : ACTING) {
            assertThat(text.indexOf(c)).as("U+%04X in output", (int) c).isNegative();
        }
    }

    @Test
    void theTableShowsTheUserNameEscapedAndForgesNoRow() {
        CliRunner.Run run = hunt("--show", "findings");
        CliRunner.Run incidents = hunt();

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        // header, rule, and one row per finding: nothing else starts a line
        assertThat(lines).noneMatch(line -> line.startsWith("2023-06-12 14:03:27Z  CRITICAL  Forged row"));
        assertThat(lines.stream().filter(line -> line.startsWith("2023-")).count()).isEqualTo(lines.size() - 2);
        assertThat(run.out()).contains("alex.wilber@fabrikam.example\\n2023");
        assertInert(run.out());
        assertInert(run.err());
        // the default answer (incidents, then findings by rule) names the mailbox in incident rows
        assertThat(incidents.exitCode()).as(incidents.err()).isZero();
        assertThat(incidents.out().lines()).noneMatch(line -> line.startsWith("2023-"));
        assertInert(incidents.out());
        assertInert(incidents.err());
    }

    @Test
    void ndjsonAndJsonKeepTheValueButWriteItInert() throws IOException {
        CliRunner.Run ndjson = hunt("--format", "ndjson");
        CliRunner.Run json = hunt("--format", "json");

        assertInert(ndjson.out());
        assertInert(json.out());
        assertThat(ndjson.out()).contains("\\u001B]0;pwned\\u0007", "\\u009B31m", "\\u202E");
        // incidents come first (their mailbox compares without case), then the findings
        JsonNode finding = Json.MAPPER.readTree(ndjson.out().lines()
                .filter(line -> !line.contains("\"forgewatch.incident\"")).findFirst().orElseThrow());
        assertThat(finding.path("user").path("name").asText()).as("the same value, read back").isEqualTo(HOSTILE_USER);
        assertThat(Json.MAPPER.readTree(json.out()).path("findings").size()).isPositive();
    }

    @Test
    void csvAndHtmlStayInertBidiOverridesIncluded() throws IOException {
        Path csv = dir.resolve("findings.csv");
        Path report = dir.resolve("report.html");
        CliRunner.Run run = hunt("--format", "csv", "--output", csv.toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String csvText = Files.readString(csv);
        assertInert(csvText);
        assertThat(csvText).contains("\\x1b]0;pwned\\x07", "\\u202e");
        String html = Files.readString(report);
        assertInert(html);
        assertThat(html).contains("\\u202e").doesNotContain("pwned\u0007");
    }

    @Test
    void errorMessagesShowWhatTheyQuoteEscaped() {
        CliRunner.Run missing = CliRunner.run(List.of(HuntCommand.standard()), "hunt",
                dir.resolve("evil\u001b]0;pwned\u0007\nforgewatch hunt: 0 findings").toString());
        CliRunner.Run unknown = CliRunner.run(List.of(HuntCommand.standard()), "hu\u001b[2Jnt");
        CliRunner.Run usage = CliRunner.run(List.of(HuntCommand.standard()), "hunt", "--fail-on", "\u202Ehgih", input.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("evil\\x1b]0;pwned\\x07\\nforgewatch hunt: 0 findings").hasLineCount(1);
        assertThat(unknown.err()).contains("hu\\x1b[2Jnt");
        assertThat(usage.err()).contains("\\u202ehgih");
        for (CliRunner.Run run : List.of(missing, unknown, usage)) {
            assertInert(run.err());
        }
    }

    @Test
    void theProgressLineAndAnythingElseOnStandardErrorAreInert() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = InertPrintStream.of(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        InertPrintStream.redraw(err, "[####] 50% \u001b[2J");
        err.printf("server said: %s%n", "no\u001b]0;x\u0007 \u202Eway");
        err.write('\u0007');
        String written = bytes.toString(StandardCharsets.UTF_8);

        assertThat(written).isEqualTo("\r[####] 50% \\x1b[2Jserver said: no\\x1b]0;x\\x07 \\u202eway\n\\x07");
    }
}
