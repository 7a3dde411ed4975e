package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    void regeneratingIntoTheSameFolderReplacesWhatItWrote() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("README.md"), "kept");
        SampleGenerator.generate(out, 7, 60, 21);
        Map<String, byte[]> longer = contents(out);

        SampleGenerator.generate(out, 7, 60, 8);

        Map<String, byte[]> shorter = contents(out);
        assertThat(shorter.keySet()).as("files of the 21-day run that the 8-day run does not write are gone")
                .hasSizeLessThan(longer.size());
        SampleGenerator.generate(temp.resolve("fresh"), 7, 60, 8);
        Map<String, byte[]> fresh = contents(temp.resolve("fresh"));
        fresh.put("README.md", "kept".getBytes(StandardCharsets.UTF_8));
        assertThat(shorter.keySet()).isEqualTo(fresh.keySet());
    }

    @Test
    void filesItDidNotWriteAreNeverDeleted() throws IOException {
        Path out = temp.resolve("out");
        SampleGenerator.generate(out, 7, 60, 8);
        Map<String, byte[]> before = contents(out);
        Files.writeString(out.resolve("management-api/mine.json"), "[]");

        assertThatThrownBy(() -> SampleGenerator.generate(out, 8, 60, 8))
                .isInstanceOf(SampleGenerator.ForeignFilesException.class)
                .hasMessageContaining("management-api/mine.json").hasMessageContaining("nothing was changed");

        before.put("management-api/mine.json", "[]".getBytes(StandardCharsets.UTF_8));
        assertThat(contents(out).keySet()).isEqualTo(before.keySet());
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
