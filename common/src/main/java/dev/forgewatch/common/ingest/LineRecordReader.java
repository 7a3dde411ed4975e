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
    /** The lines as text, or null when they are read as bytes. */
    private final BoundedLineReader lines;
    /** The lines as UTF-8 bytes (when the source has them and the reader takes them), or null. */
    private final ByteLineReader byteLines;
    private final int maxLineChars;
    private final Deque<RawRecord> pending = new ArrayDeque<>();

    LineRecordReader(TextSource source, IngestLimits limits, boolean readsBytes) {
        this.source = source;
        if (readsBytes && source.utf8() != null) {
            this.lines = null;
            this.byteLines = new ByteLineReader(source.utf8(), limits.maxLineBytes(), source.firstLine(), source.firstOffset());
        } else {
            this.lines = new BoundedLineReader(source.reader(), limits.maxLineBytes(), source.encoding(), source.firstLine(),
                    source.firstOffset());
            this.byteLines = null;
        }
        this.maxLineChars = limits.maxLineBytes();
    }

    /** What one non-blank line of at most the limit holds, in order. */
    abstract List<RawRecord> toRecords(Line line);

    /**
     * The one record a line of well-formed UTF-8 within the limit holds, read from its bytes; null when
     * the line is to be read as text ({@link #toRecords}) instead: a reader reading bytes takes from
     * them only what it reads exactly as the text reading would, and leaves the rest to it.
     */
    RawRecord fromBytes(ByteLineReader line) {
        return null;
    }

    /** True when the lines are read as UTF-8 bytes. */
    final boolean readsBytes() {
        return byteLines != null;
    }

    /** The file being read, as records name it. */
    final String file() {
        return source.file();
    }

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
            if (byteLines != null) {
                if (!byteLines.next()) {
                    return null;
                }
                line = byteLines.decoded();
                if (line == null) {
                    RawRecord record = fromBytes(byteLines);
                    if (record != null) {
                        return record;
                    }
                    line = byteLines.line();
                }
            } else {
                line = lines.next();
                if (line == null) {
                    return null;
                }
            }
            if (!line.tooLong() && line.text().isBlank()) {
                continue;
            }
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
