package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.io.Reader;
import java.util.function.LongSupplier;

/** One JSON record per line; a bad line is quarantined and reading goes on with the next. */
final class NdjsonReader implements RecordReader {
    private final BoundedLineReader lines;
    private final Reader reader;
    private final String file;
    private final int maxLineChars;
    private final LongSupplier bytesRead;

    NdjsonReader(Reader reader, String file, IngestLimits limits, LongSupplier bytesRead) {
        this.reader = reader;
        this.lines = new BoundedLineReader(reader, limits.maxLineBytes());
        this.file = file;
        this.maxLineChars = limits.maxLineBytes();
        this.bytesRead = bytesRead;
    }

    @Override
    public RawRecord next() throws IOException {
        BoundedLineReader.Line line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (!line.tooLong() && line.text().isBlank());
        SourceRef origin = new SourceRef(file, line.number());
        if (line.tooLong()) {
            return new RawRecord.Malformed("line is " + line.length() + " characters long, over the limit of "
                    + maxLineChars, origin, "");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(line.text());
            return new RawRecord.Json(node, origin);
        } catch (JsonProcessingException e) {
            return new RawRecord.Malformed("malformed JSON: " + Redactor.redact(e.getOriginalMessage()), origin,
                    Excerpts.of(line.text()));
        }
    }

    @Override
    public long bytesRead() {
        return bytesRead.getAsLong();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
