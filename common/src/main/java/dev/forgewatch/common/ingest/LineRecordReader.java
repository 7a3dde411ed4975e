package dev.forgewatch.common.ingest;

import dev.forgewatch.common.event.SourceRef;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A reader of records by the line (NDJSON, text logs): blank lines are skipped, a line over the
 * limit is reported without being held, and each other line becomes its records and malformed
 * pieces (usually one record; NDJSON lines can hold several values run together).
 */
abstract class LineRecordReader implements RecordReader {
    private final TextSource source;
    private final BoundedLineReader lines;
    private final int maxLineChars;
    private final Deque<RawRecord> pending = new ArrayDeque<>();

    LineRecordReader(TextSource source, IngestLimits limits) {
        this.source = source;
        this.lines = new BoundedLineReader(source.reader(), limits.maxLineBytes(), source.encoding(), source.firstLine(),
                source.firstOffset());
        this.maxLineChars = limits.maxLineBytes();
    }

    /** What one non-blank line of at most the limit holds, in order. */
    abstract List<RawRecord> toRecords(Line line);

    /** A line handed to {@link #toRecords}: its text, where it is, and how to turn a column into a byte offset. */
    final class Line {
        private final BoundedLineReader.Line line;
        private final SourceRef origin;

        Line(BoundedLineReader.Line line) {
            this.line = line;
            this.origin = new SourceRef(source.file(), line.number());
        }

        String text() {
            return line.text();
        }

        SourceRef origin() {
            return origin;
        }

        /** The byte offset in the file of the character at {@code column}. */
        long offsetOf(int column) {
            return line.offset() + source.encoding().bytes(line.text(), 0, column);
        }
    }

    @Override
    public final RawRecord next() throws IOException {
        while (pending.isEmpty()) {
            BoundedLineReader.Line line;
            do {
                line = lines.next();
                if (line == null) {
                    return null;
                }
            } while (!line.tooLong() && line.text().isBlank());
            if (line.tooLong()) {
                return new RawRecord.Malformed("line is " + line.length() + " characters long, over the limit of " + maxLineChars,
                        new SourceRef(source.file(), line.number()), "", line.offset(), Math.max(1, line.objects()));
            }
            pending.addAll(toRecords(new Line(line)));
        }
        return pending.poll();
    }

    @Override
    public final long bytesRead() {
        return source.fileBytes().getAsLong();
    }

    @Override
    public final void close() throws IOException {
        source.close();
    }
}
