package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.util.function.LongSupplier;

/** Text log lines turned into records by a {@link LineParser}; lines it does not know are quarantined. */
final class TextLineReader implements RecordReader {
    private final BoundedLineReader lines;
    private final Reader reader;
    private final String file;
    private final LineParser parser;
    private final int maxLineChars;
    private final LongSupplier bytesRead;

    TextLineReader(Reader reader, String file, LineParser parser, IngestLimits limits, LongSupplier bytesRead) {
        this.reader = reader;
        this.lines = new BoundedLineReader(reader, limits.maxLineBytes());
        this.file = file;
        this.parser = parser;
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
        ObjectNode record;
        try {
            record = parser.parse(line.text());
        } catch (RuntimeException e) {
            return new RawRecord.Malformed("line parser failed: " + e.getClass().getSimpleName(), origin,
                    Excerpts.of(line.text()));
        }
        if (record == null) {
            return new RawRecord.Malformed("unrecognized line: not JSON, not an audit CSV row, not a known access-log format",
                    origin, Excerpts.of(line.text()));
        }
        return new RawRecord.Json(record, origin);
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
