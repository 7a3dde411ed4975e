package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Text log lines turned into records by a {@link LineParser}; lines it does not know are quarantined. */
final class TextLineReader extends LineRecordReader {
    private final LineParser parser;

    TextLineReader(TextSource source, LineParser parser, IngestLimits limits) {
        super(source, limits, false);
        this.parser = parser;
    }

    @Override
    List<RawRecord> toRecords(Line line) {
        ObjectNode record;
        try {
            record = parser.parse(line.text());
        } catch (RuntimeException e) {
            return List.of(new RawRecord.Malformed("line parser failed: " + e.getClass().getSimpleName(), line.origin(),
                    Excerpts.of(line.text()), line.offsetOf(0), 1));
        }
        if (record == null) {
            return List.of(new RawRecord.Malformed("unrecognized line: not JSON, not an audit CSV row, not a known access-log format",
                    line.origin(), Excerpts.of(line.text()), line.offsetOf(0), 1));
        }
        return List.of(new RawRecord.Json(record, line.origin()));
    }
}
