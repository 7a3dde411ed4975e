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
    private final TextEncoding encoding;
    private final char[] buffer = new char[64 * 1024];
    private final LineText current;
    private int position;
    private int limit;
    private long lineNumber;
    private long offset;
    private boolean eof;

    /** Reads {@code in}, whose first character is on line {@code firstLine} at byte {@code firstOffset}. */
    BoundedLineReader(Reader in, int maxChars, TextEncoding encoding, long firstLine, long firstOffset) {
        this.in = in;
        this.current = new LineText(maxChars);
        this.encoding = encoding;
        this.lineNumber = firstLine - 1;
        this.offset = firstOffset;
    }

    /** The next line without its terminator (CR LF or LF), or null at the end. */
    Line next() throws IOException {
        if (eof && position >= limit) {
            return null;
        }
        current.start();
        long start = offset;
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
                    return finish(start);
                }
            }
            sawAny = true;
            int from = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            offset += encoding.bytes(buffer, from, position);
            current.append(buffer, from, position);
            if (position < limit) {
                position++; // the newline
                offset += encoding.width('\n');
                return finish(start);
            }
        }
    }

    private Line finish(long start) {
        lineNumber++;
        return current.finish(lineNumber, start);
    }
}
