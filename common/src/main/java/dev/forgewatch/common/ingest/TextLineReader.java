package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.SourceRef;
import java.io.Reader;
import java.util.function.LongSupplier;

/** Text log lines turned into records by a {@link LineParser}; lines it does not know are quarantined. */
final class TextLineReader extends LineRecordReader {
    private final LineParser parser;

    TextLineReader(Reader reader, String file, LineParser parser, IngestLimits limits, LongSupplier bytesRead) {
        super(reader, file, limits, bytesRead);
        this.parser = parser;
    }

    @Override
    RawRecord toRecord(String line, SourceRef origin) {
        ObjectNode record;
        try {
            record = parser.parse(line);
        } catch (RuntimeException e) {
            return new RawRecord.Malformed("line parser failed: " + e.getClass().getSimpleName(), origin, Excerpts.of(line));
        }
        if (record == null) {
            return new RawRecord.Malformed("unrecognized line: not JSON, not an audit CSV row, not a known access-log format",
                    origin, Excerpts.of(line));
        }
        return new RawRecord.Json(record, origin);
    }
}
