package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than {@code maxChars} of one line: a longer line is
 * reported as too long (its length counted, its content dropped) instead of filling the heap.
 */
final class BoundedLineReader {
    /** One line; {@code text} is null when the line was longer than the limit. */
    record Line(String text, long number, long length) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder current = new StringBuilder();
    private int position;
    private int limit;
    private long lineNumber;
    private boolean eof;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator (CR LF or LF), or null at the end. */
    Line next() throws IOException {
        if (eof && position >= limit) {
            return null;
        }
        current.setLength(0);
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
                    return finish(length);
                }
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int run = position - start;
            if (length + run <= maxChars) {
                current.append(buffer, start, run);
            }
            length += run;
            if (position < limit) {
                position++; // the newline
                return finish(length);
            }
        }
    }

    private Line finish(long length) {
        lineNumber++;
        if (length > maxChars) {
            return new Line(null, lineNumber, length);
        }
        int end = current.length();
        if (end > 0 && current.charAt(end - 1) == '\r') {
            current.setLength(end - 1);
            length--;
        }
        return new Line(current.toString(), lineNumber, length);
    }
}
