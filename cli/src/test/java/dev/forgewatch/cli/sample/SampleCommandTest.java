package dev.forgewatch.cli.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Main;
import dev.forgewatch.cli.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of());

    private int run(String... args) {
        return new Main(List.of(new SampleCommand())).run(List.of(args), terminal);
    }

    @Test
    void generateWritesTheSampleAndSaysWhere() {
        Path dir = temp.resolve("sample");

        assertThat(run("sample", "generate", "--out", dir.toString(), "--mailboxes", "60", "--days", "8")).isEqualTo(ExitCodes.OK);

        assertThat(dir.resolve("EXPECTED.yaml")).exists();
        assertThat(dir.resolve("damaged")).isDirectory();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("forgewatch sample: wrote ").contains(dir.toString());
    }

    @Test
    void bulkWritesTheRequestedRecords() {
        Path file = temp.resolve("bench.ndjson");

        assertThat(run("sample", "bulk", "--out", file.toString(), "--events", "1500")).isEqualTo(ExitCodes.OK);

        assertThat(file).isRegularFile();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wrote 1,500 records");
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() {
        assertThat(run("sample", "bulk", "--out", temp.resolve("x").toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(run("sample", "generate")).isEqualTo(ExitCodes.ERROR);
        assertThat(run("sample", "shuffle", "--out", "x")).isEqualTo(ExitCodes.ERROR);
        assertThat(run("sample", "generate", "--out", "x", "--days", "1")).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .hasSize(4).allMatch(line -> line.startsWith("forgewatch sample: ") && line.contains("--help"));
        assertThat(temp.resolve("x")).doesNotExist();
    }

    @Test
    void helpNamesBothActions() {
        assertThat(run("sample", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sample generate --out DIR", "sample bulk --out FILE --events N");
    }
}
