package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV records (quoted fields may hold commas, doubled quotes and newlines), each with the
 * line and byte offset it starts at, in bounded memory: a record longer than the limit is skipped
 * and reported.
 *
 * <p>One unbalanced quote would otherwise make the rest of the file one endless field. So when a
 * quoted field that ran past the end of its line ends badly (the file ends inside it, it outgrows
 * the limit, or the caller finds the row it made wrong: {@link #splitAtFirstLine()}), the row is
 * reported up to that line's end and reading starts again on the next line.
 */
final class CsvRecordReader {
    /**
     * One record; {@code fields} is null when it could not be read, and {@code problem} says why.
     * {@code multiLineField} is the index of the first field whose quotes held a line break, or -1.
     */
    record Row(List<String> fields, long line, long offset, String problem, int multiLineField) {
        Row(List<String> fields, long line, long offset, String problem) {
            this(fields, line, offset, problem, -1);
        }
    }

    private final Reader in;
    private final int maxChars;
    private final TextEncoding encoding;
    private final char[] buffer = new char[64 * 1024];
    /** The raw text of the record being read, kept (up to the limit) to read it again after a bad quote. */
    private final StringBuilder raw = new StringBuilder();
    private String replay = "";
    private int replayPosition;
    private int position;
    private int limit;
    private long line;
    private long offset;
    private boolean eof;
    /** The last row's start and first quoted line break, to split it if the caller finds it wrong. */
    private long lastStartLine;
    private long lastStartOffset;
    private QuotedNewline lastQuotedNewline;

    CsvRecordReader(Reader in, int maxChars, TextEncoding encoding, long firstLine, long firstOffset) {
        this.in = in;
        this.maxChars = maxChars;
        this.encoding = encoding;
        this.line = firstLine;
        this.offset = firstOffset;
    }

    private int read() throws IOException {
        char c;
        if (replayPosition < replay.length()) {
            c = replay.charAt(replayPosition++);
        } else {
            if (position >= limit && !fill()) {
                return -1;
            }
            c = buffer[position++];
        }
        offset += encoding.width(c);
        if (raw.length() < 2 * maxChars + 2) { // doubled quotes and CR LF take more characters than they count
            raw.append(c);
        }
        return c;
    }

    /** The next character without taking it, or -1 at the end. */
    private int peek() throws IOException {
        if (replayPosition < replay.length()) {
            return replay.charAt(replayPosition);
        }
        if (position >= limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
            limit = 0;
            eof = true;
            return false;
        }
        return true;
    }

    /** Where the first newline inside a quoted field of the current record was. */
    private record QuotedNewline(int rawIndex, long line, long offset, int field) {
    }

    /** The next record, or null at the end of input. Blank lines (and lines of only spaces) are skipped. */
    Row next() throws IOException {
        Row row;
        do {
            row = record();
        } while (row != null && row.fields() != null && row.multiLineField() < 0 && row.fields().size() == 1
                && row.fields().get(0).isBlank());
        return row;
    }

    private Row record() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        raw.setLength(0);
        long startLine = line;
        long startOffset = offset;
        long size = 0;
        boolean quoted = false;
        boolean any = false;
        boolean tooLong = false;
        QuotedNewline quotedNewline = null;
        while (true) {
            int c = read();
            if (c < 0) {
                if (!any) {
                    return null;
                }
                if (quoted) {
                    return quotedNewline != null ? resumeAfter(quotedNewline, startLine, startOffset)
                            : new Row(null, startLine, startOffset, "a quoted field is never closed before the end of the file");
                }
                fields.add(field.toString());
                return finish(fields, startLine, startOffset, size, tooLong, quotedNewline);
            }
            any = true;
            size++;
            if (size > maxChars && !tooLong) {
                if (quotedNewline != null) {
                    return resumeAfter(quotedNewline, startLine, startOffset);
                }
                tooLong = true;
                field.setLength(0);
                fields.clear();
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        append(field, '"', tooLong);
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        if (quotedNewline == null && !tooLong) {
                            quotedNewline = new QuotedNewline(raw.length(), line + 1, offset, fields.size());
                        }
                        line++;
                    }
                    append(field, (char) c, tooLong);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                if (!tooLong) {
                    fields.add(field.toString());
                }
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                if (fields.isEmpty() && field.length() == 0 && !tooLong) {
                    startLine = line;
                    startOffset = offset;
                    raw.setLength(0);
                    size = 0;
                    any = false;
                    continue;
                }
                fields.add(field.toString());
                return finish(fields, startLine, startOffset, size, tooLong, quotedNewline);
            } else {
                append(field, (char) c, tooLong);
            }
        }
    }

    private Row finish(List<String> fields, long startLine, long startOffset, long size, boolean tooLong,
                       QuotedNewline quotedNewline) {
        if (tooLong) {
            return new Row(null, startLine, startOffset, "CSV record is " + size + " characters long, over the limit of " + maxChars);
        }
        lastStartLine = startLine;
        lastStartOffset = startOffset;
        lastQuotedNewline = quotedNewline;
        return new Row(fields, startLine, startOffset, null, quotedNewline == null ? -1 : quotedNewline.field());
    }

    /**
     * The row just read, whose quoted field held a line break, is not what it should be (two rows
     * fused by an unbalanced quote): it is reported as far as its first line, and the lines after
     * are read again as rows. Call it right after the {@link #next()} that returned that row.
     */
    Row splitAtFirstLine() {
        if (lastQuotedNewline == null) {
            throw new IllegalStateException("the last row has no line break inside quotes");
        }
        QuotedNewline at = lastQuotedNewline;
        lastQuotedNewline = null;
        return resumeAfter(at, lastStartLine, lastStartOffset);
    }

    /**
     * The record's quoted field ran past its line and came to no good: the row is reported as far
     * as that line, and what was read after it is read again as the rows it most likely was.
     */
    private Row resumeAfter(QuotedNewline at, long startLine, long startOffset) {
        String rest = raw.substring(at.rawIndex()) + replay.substring(replayPosition);
        replay = rest;
        replayPosition = 0;
        line = at.line();
        offset = at.offset();
        return new Row(null, startLine, startOffset,
                "a quoted field is not closed on its line (an unbalanced quote?); reading goes on with the next line");
    }

    private static void append(StringBuilder field, char c, boolean tooLong) {
        if (!tooLong) {
            field.append(c);
        }
    }
}
