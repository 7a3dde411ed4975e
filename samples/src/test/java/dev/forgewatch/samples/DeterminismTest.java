package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    @TempDir
    Path temp;

    @Test
    void sameSeedGivesTheSameFilesAndContent() throws IOException {
        SampleGenerator.generate(temp.resolve("a"), 7, 60, 21);
        SampleGenerator.generate(temp.resolve("b"), 7, 60, 21);

        Map<String, byte[]> first = contents(temp.resolve("a"));
        Map<String, byte[]> second = contents(temp.resolve("b"));
        assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
        first.forEach((file, content) -> assertThat(second.get(file)).as(file).isEqualTo(content));
    }

    @Test
    void anotherSeedGivesAnotherTenant() throws IOException {
        SampleGenerator.generate(temp.resolve("a"), 7, 60, 21);
        SampleGenerator.generate(temp.resolve("b"), 8, 60, 21);

        assertThat(SampleReading.expected(temp.resolve("b")).at("/tenant/tenantId").asText())
                .isNotEqualTo(SampleReading.expected(temp.resolve("a")).at("/tenant/tenantId").asText());
    }

    @Test
    void regeneratingIntoTheSameFolderReplacesWhatItOwns() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("management-api"));
        Files.writeString(out.resolve("management-api/stale.json"), "[]");
        Files.writeString(out.resolve("README.md"), "kept");

        SampleGenerator.generate(out, 7, 60, 21);

        assertThat(out.resolve("management-api/stale.json")).doesNotExist();
        assertThat(out.resolve("README.md")).hasContent("kept");
    }

    @Test
    void rejectedArgumentsLeaveTheFolderAlone() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("entra"));
        Files.writeString(out.resolve("entra/mine.json"), "[]");

        assertThatThrownBy(() -> SampleGenerator.generate(out, 7, 5, 21)).isInstanceOf(IllegalArgumentException.class);

        assertThat(out.resolve("entra/mine.json")).hasContent("[]");
    }

    /** Relative path (without .gz) to decompressed content: gzip framing may differ by zlib version. */
    static Map<String, byte[]> contents(Path root) {
        Map<String, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(file -> contents.put(
                    root.relativize(file).toString().replace('\\', '/').replaceFirst("\\.gz$", ""), SampleReading.content(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contents;
    }
}
