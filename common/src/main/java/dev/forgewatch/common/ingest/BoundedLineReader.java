package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than {@code maxChars} of one line: a longer line is
 * reported as too long (its length counted, its content dropped, the JSON objects that started in
 * it counted) instead of filling the heap. Each line carries its number and the byte offset it
 * starts at.
 */
final class BoundedLineReader {
    /**
     * One line; {@code text} is null when the line was longer than the limit, and then
     * {@code objects} says how many JSON objects started at its top level.
     */
    record Line(String text, long number, long offset, long length, long objects) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader in;
    private final int maxChars;
    private final TextEncoding encoding;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder current = new StringBuilder();
    private final JsonScan overflow = new JsonScan();
    private int position;
    private int limit;
    private long lineNumber;
    private long offset;
    private boolean eof;

    /** Reads {@code in}, whose first character is on line {@code firstLine} at byte {@code firstOffset}. */
    BoundedLineReader(Reader in, int maxChars, TextEncoding encoding, long firstLine, long firstOffset) {
        this.in = in;
        this.maxChars = maxChars;
        this.encoding = encoding;
        this.lineNumber = firstLine - 1;
        this.offset = firstOffset;
    }

    /** The next line without its terminator (CR LF or LF), or null at the end. */
    Line next() throws IOException {
        if (eof && position >= limit) {
            return null;
        }
        current.setLength(0);
        long start = offset;
        long length = 0;
        boolean sawAny = false;
        while (true) {
            if (position >= limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    if (!sawAny) {
                        return null;
                    }
                    return finish(start, length);
                }
            }
            sawAny = true;
            int from = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int run = position - from;
            offset += encoding.bytes(buffer, from, position);
            if (length + run <= maxChars) {
                current.append(buffer, from, run);
            } else {
                if (length <= maxChars) {
                    // the line just went over the limit: count the JSON structure of what was kept, then drop it
                    overflow.reset(0);
                    for (int i = 0; i < current.length(); i++) {
                        overflow.feed(current.charAt(i));
                    }
                    current.setLength(0);
                }
                for (int i = from; i < position; i++) {
                    overflow.feed(buffer[i]);
                }
            }
            length += run;
            if (position < limit) {
                position++; // the newline
                offset += encoding.width('\n');
                return finish(start, length);
            }
        }
    }

    private Line finish(long start, long length) {
        lineNumber++;
        if (length > maxChars) {
            return new Line(null, lineNumber, start, length, overflow.topLevelObjects());
        }
        int end = current.length();
        if (end > 0 && current.charAt(end - 1) == '\r') {
            current.setLength(end - 1);
            length--;
        }
        return new Line(current.toString(), lineNumber, start, length, 0);
    }
}
