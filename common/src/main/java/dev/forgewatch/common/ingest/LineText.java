package dev.forgewatch.common.ingest;

/**
 * The text of one line as its characters arrive, never more than {@code maxChars} of it: once the line
 * goes over the limit, what was kept is dropped and only the JSON objects starting at its top level are
 * counted. The one place both line readers ({@link BoundedLineReader}, and {@link ByteLineReader} for
 * the lines it must decode) keep a line's text.
 */
final class LineText {
    private final int maxChars;
    private final StringBuilder kept = new StringBuilder();
    private final JsonScan overflow = new JsonScan();
    private long length;

    LineText(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Begins a new line. */
    void start() {
        kept.setLength(0);
        length = 0;
    }

    /** Characters [from, to) of the line, its terminating LF not among them. */
    void append(char[] buffer, int from, int to) {
        int run = to - from;
        if (length + run <= maxChars) {
            kept.append(buffer, from, run);
        } else {
            if (length <= maxChars) {
                // the line just went over the limit: count the JSON structure of what was kept, then drop it
                overflow.reset(0);
                for (int i = 0; i < kept.length(); i++) {
                    overflow.feed(kept.charAt(i));
                }
                kept.setLength(0);
            }
            for (int i = from; i < to; i++) {
                overflow.feed(buffer[i]);
            }
        }
        length += run;
    }

    /** The line taken so far, numbered and placed; a CR ending it is not part of its text. */
    BoundedLineReader.Line finish(long number, long offset) {
        if (length > maxChars) {
            return new BoundedLineReader.Line(null, number, offset, length, overflow.topLevelObjects());
        }
        int end = kept.length();
        long textLength = length;
        if (end > 0 && kept.charAt(end - 1) == '\r') {
            kept.setLength(end - 1);
            textLength--;
        }
        return new BoundedLineReader.Line(kept.toString(), number, offset, textLength, 0);
    }
}
