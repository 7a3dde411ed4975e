package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV records (quoted fields may hold commas, doubled quotes and newlines), each with the
 * line it starts on, in bounded memory: a record longer than the limit is skipped and reported.
 */
final class CsvRecordReader {
    /** One record; {@code fields} is null when it was too long or its quotes never closed. */
    record Row(List<String> fields, long line, String problem) {
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private boolean eof;

    CsvRecordReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    private int read() throws IOException {
        if (position >= limit) {
            if (eof) {
                return -1;
            }
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                eof = true;
                return -1;
            }
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            position--;
        }
        return c;
    }

    /** The next record, or null at the end of input. Blank lines are skipped. */
    Row next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long startLine = line;
        long size = 0;
        boolean quoted = false;
        boolean any = false;
        boolean tooLong = false;
        while (true) {
            int c = read();
            if (c < 0) {
                if (!any) {
                    return null;
                }
                if (quoted) {
                    return new Row(null, startLine, "a quoted field is never closed before the end of the file");
                }
                fields.add(field.toString());
                return tooLong ? overLimit(startLine, size) : new Row(fields, startLine, null);
            }
            any = true;
            size++;
            if (size > maxChars && !tooLong) {
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
                    size = 0;
                    any = false;
                    continue;
                }
                fields.add(field.toString());
                return tooLong ? overLimit(startLine, size) : new Row(fields, startLine, null);
            } else {
                append(field, (char) c, tooLong);
            }
        }
    }

    private static void append(StringBuilder field, char c, boolean tooLong) {
        if (!tooLong) {
            field.append(c);
        }
    }

    private Row overLimit(long startLine, long size) {
        return new Row(null, startLine, "CSV record is " + size + " characters long, over the limit of " + maxChars);
    }
}
