package dev.forgewatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.InputFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkGenerationTest {
    @TempDir
    Path temp;

    @Test
    void writesExactlyTheRequestedNumberOfReadableRecords() throws IOException {
        Path file = temp.resolve("bench.ndjson.gz");

        assertThat(SampleGenerator.generateBulk(file, 7, 25_000)).isEqualTo(25_000);

        SampleReading.Result result = SampleReading.read(List.of(file));
        assertThat(result.quarantined()).isEmpty();
        assertThat(result.summary().filesByFormat()).containsOnlyKeys(InputFormat.NDJSON);
        assertThat(result.summary().recordsRead()).isEqualTo(25_000);
        assertThat(result.summary().events()).isEqualTo(25_000);
        // audit records, sign-ins, and the mail edge proxy's requests with their (reduced) tokens
        assertThat(result.summary().eventsByKind()).containsOnlyKeys(SourceKind.AUDIT, SourceKind.SIGNIN, SourceKind.TOKEN);
    }

    @Test
    void isReproducibleAndPlainWithoutGzSuffix() throws IOException {
        SampleGenerator.generateBulk(temp.resolve("a.ndjson"), 7, 3_000);
        SampleGenerator.generateBulk(temp.resolve("b.ndjson.gz"), 7, 3_000);

        byte[] plain = SampleReading.content(temp.resolve("a.ndjson"));
        assertThat(plain[0]).isEqualTo((byte) '{');
        assertThat(SampleReading.content(temp.resolve("b.ndjson.gz"))).isEqualTo(plain);
    }
}
