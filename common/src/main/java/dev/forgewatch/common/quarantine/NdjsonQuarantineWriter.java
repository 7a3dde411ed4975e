package dev.forgewatch.common.quarantine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes quarantine records as NDJSON: {@code {"file","line","stage","reason","excerpt"}}, plus
 * {@code "offset"} (bytes into the file) when the reader knows it and {@code "records"} when the
 * entry stands for other than one record (0: text that held none; more: a region skipped whole).
 * Every string is passed through the redactor once more before it is written.
 */
public final class NdjsonQuarantineWriter implements QuarantineSink {
    private final Writer out;

    public NdjsonQuarantineWriter(Writer out) {
        this.out = out;
    }

    public static NdjsonQuarantineWriter create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new NdjsonQuarantineWriter(new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8)));
    }

    public static ObjectNode toJson(QuarantineRecord record) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("file", Redactor.redact(record.origin().file()));
        node.put("line", record.origin().line());
        node.put("stage", record.stage());
        node.put("reason", Redactor.redact(record.reason()));
        node.put("excerpt", Redactor.redact(record.excerpt()));
        if (record.offset() >= 0) {
            node.put("offset", record.offset());
        }
        if (record.records() != 1) {
            node.put("records", record.records());
        }
        return node;
    }

    @Override
    public void accept(QuarantineRecord record) throws IOException {
        out.write(Json.INERT.writeValueAsString(toJson(record)));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
