package dev.forgewatch.common.ingest;

import dev.forgewatch.common.event.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.util.function.LongSupplier;

/**
 * A reader of one record a line (NDJSON, text logs): blank lines are skipped, a line over the limit
 * is reported without being held, and each other line becomes a record or a malformed piece.
 */
abstract class LineRecordReader implements RecordReader {
    private final Reader reader;
    private final BoundedLineReader lines;
    private final String file;
    private final int maxLineChars;
    private final LongSupplier bytesRead;

    LineRecordReader(Reader reader, String file, IngestLimits limits, LongSupplier bytesRead) {
        this.reader = reader;
        this.lines = new BoundedLineReader(reader, limits.maxLineBytes());
        this.file = file;
        this.maxLineChars = limits.maxLineBytes();
        this.bytesRead = bytesRead;
    }

    /** The record one non-blank line stands for. */
    abstract RawRecord toRecord(String line, SourceRef origin);

    @Override
    public final RawRecord next() throws IOException {
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
        return toRecord(line.text(), origin);
    }

    @Override
    public final long bytesRead() {
        return bytesRead.getAsLong();
    }

    @Override
    public final void close() throws IOException {
        reader.close();
    }
}
