package dev.forgewatch.hunt.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFolderTest {
    @TempDir
    Path temp;

    /** A spill folder as a process that is gone left it: owner file naming that process, no lock held. */
    private Path deadRunsFolder(String name) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path folder = Files.createDirectories(temp.resolve(SpillFolder.PREFIX + name));
        Files.writeString(folder.resolve("owner"), "forgewatch sort spill folder\npid=" + gone.pid() + "\nstarted="
                + gone.info().startInstant().map(Object::toString).orElse("2023-05-24T00:50:48Z") + "\n");
        Files.writeString(folder.resolve("lock"), "");
        Files.write(folder.resolve("chunk-0.bin"), new byte[1000]);
        Files.write(folder.resolve("merge-3.bin"), new byte[24]);
        return folder;
    }

    private Stream<String> names() throws IOException {
        return Files.list(temp).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void onlyFoldersProvablyOursAndDeadAreRemoved() throws Exception {
        deadRunsFolder("dead");
        Path foreignFile = deadRunsFolder("dead-but-holds-more");
        Files.writeString(foreignFile.resolve("notes.txt"), "not a spill file");
        Path noOwner = Files.createDirectories(temp.resolve(SpillFolder.PREFIX + "older-version"));
        Files.write(noOwner.resolve("chunk-0.bin"), new byte[10]);
        Path forged = Files.createDirectories(temp.resolve(SpillFolder.PREFIX + "forged"));
        Files.writeString(forged.resolve("owner"), "something else\npid=1\nstarted=\n");
        try (SpillFolder live = SpillFolder.create(temp)) {
            SpillFolder.Cleanup cleanup = SpillFolder.removeStale(temp);

            assertThat(cleanup.removed()).isEqualTo(1);
            assertThat(cleanup.bytes()).isGreaterThanOrEqualTo(1024);
            assertThat(cleanup.left()).singleElement().asString().contains("dead-but-holds-more");
            assertThat(names()).containsExactlyInAnyOrder(SpillFolder.PREFIX + "dead-but-holds-more",
                    SpillFolder.PREFIX + "older-version", SpillFolder.PREFIX + "forged", live.path().getFileName().toString());
        }
        assertThat(names()).doesNotContain(SpillFolder.PREFIX + "dead");
    }

    @Test
    void aFolderIsRemovedWhenItsRunEnds() throws IOException {
        SpillFolder folder = SpillFolder.create(temp);
        Files.write(folder.path().resolve("chunk-0.bin"), new byte[10]);
        assertThat(SpillFolder.removeStale(temp).removed()).as("a live run's folder").isZero();

        folder.close();

        assertThat(names()).isEmpty();
    }
}
