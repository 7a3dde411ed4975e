package dev.forgewatch.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("findings.ndjson");
        Files.writeString(target, "old findings\n");

        AtomicFiles.writeString(target, "new findings\n");

        assertThat(target).hasContent("new findings");
        assertThat(namesIn(dir)).containsExactly("findings.ndjson");
    }

    @Test
    void createsMissingFolders() throws IOException {
        Path target = dir.resolve("reports").resolve("2023").resolve("report.html");

        AtomicFiles.write(target, "<html></html>".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("<html></html>");
    }

    @Test
    void aWriteThatFailsLeavesThePreviousFileAsItWas() throws IOException {
        Path target = dir.resolve("ledger.json");
        Files.writeString(target, "{\"format\":\"previous\"}");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("{\"format\":\"half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(target).hasContent("{\"format\":\"previous\"}");
        assertThat(namesIn(dir)).containsExactly("ledger.json");
    }

    @Test
    void anOutputClosedBeforeItsCommitIsAbandoned() throws IOException {
        Path target = dir.resolve("out.csv");
        try (AtomicOutput out = AtomicFiles.open(target)) {
            out.write("a,b\n".getBytes(StandardCharsets.UTF_8));
            assertThat(out.temp()).isEqualTo(AtomicFiles.tempFor(target.toAbsolutePath()));
            assertThat(out.temp().getFileName().toString()).startsWith(".").endsWith(".tmp");
            assertThat(out.temp()).exists();
        }
        assertThat(namesIn(dir)).isEmpty();
    }

    @Test
    void aPreparedFileKeepsItsTempNameUntilPublished() throws IOException {
        Path target = dir.resolve("audit-000001.ndjson");
        AtomicOutput out = AtomicFiles.open(target);
        out.write("{\"Id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8));
        out.prepare();
        assertThat(target).doesNotExist();
        assertThat(out.temp()).hasContent("{\"Id\":\"1\"}");

        AtomicFiles.publish(out.temp(), out.target());
        out.close();

        assertThat(target).hasContent("{\"Id\":\"1\"}");
        assertThat(namesIn(dir)).containsExactly("audit-000001.ndjson");
    }

    @Test
    void aStaleTempFileFromAKilledRunIsOverwritten() throws IOException {
        Path target = dir.resolve("ship.checkpoint");
        Files.writeString(AtomicFiles.tempFor(target), "garbage a killed run left behind, longer than the new content");

        AtomicFiles.writeString(target, "{}");

        assertThat(target).hasContent("{}");
        assertThat(namesIn(dir)).containsExactly("ship.checkpoint");
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
