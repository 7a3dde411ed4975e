package dev.forgewatch.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedFileIsRememberedAcrossRunsUntilItChanges() throws IOException {
        Path input = Files.writeString(dir.resolve("2023-05-15.json"), "[]");
        Path other = Files.writeString(dir.resolve("2023-05-16.json"), "[]");
        Path file = dir.resolve("ship.checkpoint");

        Checkpoint first = Checkpoint.open(file);
        assertThat(first.remembers()).isTrue();
        assertThat(first.isDone(input)).isFalse();
        first.markDone(input);

        Checkpoint second = Checkpoint.open(file);
        assertThat(second.isDone(input)).isTrue();
        assertThat(second.isDone(other)).isFalse();
        // the same file named another way is the same file
        Files.createDirectories(dir.resolve("sub"));
        assertThat(second.isDone(dir.resolve("sub").resolve("..").resolve("2023-05-15.json"))).isTrue();
        assertThat(Json.MAPPER.readTree(file.toFile()).path("format").asText()).isEqualTo("forgewatch-ship-checkpoint/1");
        assertThat(dir.resolve("ship.checkpoint.tmp")).doesNotExist();

        Files.writeString(input, "[{}]");
        Files.setLastModifiedTime(input, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(Checkpoint.open(file).isDone(input)).as("a changed file is shipped again").isFalse();
    }

    @Test
    void noCheckpointRemembersNothingBeyondTheRun() throws IOException {
        Path input = Files.writeString(dir.resolve("a.json"), "[]");
        Checkpoint none = Checkpoint.none();
        assertThat(none.remembers()).isFalse();
        none.markDone(input);
        assertThat(none.isDone(input)).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).as("no checkpoint file is written").containsExactly(input);
        }
    }
}
