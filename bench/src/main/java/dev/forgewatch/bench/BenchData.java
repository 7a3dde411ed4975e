package dev.forgewatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.SampleGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Benchmark inputs: bulk NDJSON from the sample generator, and the same records as a Purview CSV export. */
public final class BenchData {
    public static final long SEED = SampleGenerator.DEFAULT_SEED;

    private BenchData() {
    }

    /** Writes {@code records} bulk records as NDJSON (gzipped when the name ends in .gz) unless the file exists. */
    public static Path bulk(Path file, long records) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SampleGenerator.generateBulk(file, SEED, records);
        }
        return file;
    }

    /** The same records as a Purview CSV export (the AuditData column holds each record). */
    public static Path csvFrom(Path ndjson, Path csv) throws IOException {
        try (BufferedReader in = reader(ndjson)) {
            AtomicFiles.write(csv, file -> {
                // flushed, not closed: closing would abandon the temp file before AtomicFiles renames it
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16);
                out.write("RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n");
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode record = Json.MAPPER.readTree(line);
                    out.write(String.join(",", record.path("Id").asText(), record.path("CreationTime").asText() + ".0000000Z ",
                            record.path("RecordType").asText(), record.path("Operation").asText(), record.path("UserId").asText(),
                            "\"" + line.replace("\"", "\"\"") + "\"", "", ""));
                    out.write("\r\n");
                }
                out.flush();
            });
        }
        return csv;
    }

    public static BufferedReader reader(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 64 * 1024);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }
}
