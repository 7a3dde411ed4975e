package dev.forgewatch.common.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of UTF-8 text as bytes, without decoding them: each line is a slice of a chunk of
 * the input ({@link #bytes()}, {@link #start()}, {@link #end()}), valid until the records made from it
 * are dropped (a chunk is never written again once lines were handed out of it). Lines end at LF; a CR
 * before it is not part of the line.
 *
 * <p>It gives exactly the lines, numbers and offsets of {@link BoundedLineReader} over the same bytes
 * decoded leniently: a line that is not well-formed UTF-8, or that holds more bytes than the limit has
 * characters, is decoded here as that reader decodes it ({@link #decoded()}: invalid bytes become
 * U+FFFD, and its offsets are counted from the decoded characters as that reader counts them), and a
 * line over the limit is measured and dropped piece by piece, never held.
 */
final class ByteLineReader {
    static final int CHUNK = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private final InputStream in;
    private final int maxChars;
    private byte[] chunk;
    private int position;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private long offset;

    // the current line
    private byte[] bytes;
    private int start;
    private int end;
    private boolean ascii;
    private long number;
    private long lineOffset;
    private BoundedLineReader.Line decoded;

    private CharsetDecoder decoder;
    private CharLine charLine;

    /** Reads {@code in}, whose first byte is on line {@code firstLine} at byte {@code firstOffset}. */
    ByteLineReader(InputStream in, int maxChars, long firstLine, long firstOffset) {
        this.in = in;
        this.maxChars = maxChars;
        this.lineNumber = firstLine - 1;
        this.offset = firstOffset;
        this.chunk = new byte[0];
    }

    /** The chunk holding the current line (when it was not {@link #decoded()}). */
    byte[] bytes() {
        return bytes;
    }

    /** Where the current line starts in {@link #bytes()}. */
    int start() {
        return start;
    }

    /** Where the current line ends in {@link #bytes()}: its LF, or the CR before it. */
    int end() {
        return end;
    }

    /** True when every byte of the current line is ASCII. */
    boolean ascii() {
        return ascii;
    }

    long number() {
        return number;
    }

    long offset() {
        return lineOffset;
    }

    /**
     * The current line decoded as {@link BoundedLineReader} gives it, when it had to be (not well-formed
     * UTF-8, or longer in bytes than the limit in characters, over the limit or not); null for a line
     * of well-formed UTF-8 within the limit, which is only in {@link #bytes()}.
     */
    BoundedLineReader.Line decoded() {
        return decoded;
    }

    /** The current line decoded (as {@link #decoded()}, or from its bytes), for the readers of text. */
    BoundedLineReader.Line line() {
        if (decoded != null) {
            return decoded;
        }
        String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        return new BoundedLineReader.Line(text, number, lineOffset, text.length(), 0);
    }

    /** Moves to the next line; false at the end. */
    boolean next() throws IOException {
        decoded = null;
        int from = position;
        int scan = from;
        long seen = 0; // the bytes scanned, OR-ed: bit 7 set when one was not ASCII
        int newline = -1;
        while (true) {
            int i = scan;
            for (int words = limit - 8; i <= words; i += 8) {
                long word = (long) LONGS.get(chunk, i);
                long x = word ^ NEWLINES;
                if (((x - LOW_BITS) & ~x & HIGH_BITS) != 0) {
                    break; // this word holds a newline (the test is exact for whether there is one)
                }
                seen |= word;
            }
            for (; i < limit; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    newline = i;
                    break;
                }
                seen |= b & 0xFF;
            }
            if (newline >= 0) {
                break;
            }
            if (limit - from > maxChars) {
                longLine(from);
                return true;
            }
            if (eof) {
                if (from >= limit) {
                    position = limit;
                    return false;
                }
                break;
            }
            scan = limit - from;
            refill(from);
            from = 0;
        }
        boolean nonAscii = (seen & HIGH_BITS) != 0;
        int lineEnd = newline >= 0 ? newline : limit;
        position = newline >= 0 ? newline + 1 : limit;
        lineNumber++;
        number = lineNumber;
        lineOffset = offset;
        if (lineEnd - from > maxChars || nonAscii && !wellFormed(chunk, from, lineEnd)) {
            // decoded as the text reader decodes it: with the LF after it, which ends any damaged sequence there
            CharLine line = charLine();
            line.start();
            line.feed(chunk, from, newline >= 0 ? newline + 1 : lineEnd, true);
            decoded = line.finish(number, lineOffset);
            offset += line.bytes();
            return true;
        }
        bytes = chunk;
        start = from;
        end = lineEnd > from && chunk[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        ascii = !nonAscii;
        offset += lineEnd - from + (newline >= 0 ? 1 : 0);
        return true;
    }

    /**
     * Starts a new chunk with the {@code limit - from} bytes of the line in progress, then reads as much
     * as fits after them. Records made of the lines before it keep the old chunk.
     */
    private void refill(int from) throws IOException {
        int kept = limit - from;
        int size = kept < CHUNK / 2 ? CHUNK : (int) Math.max(CHUNK, Math.min((long) kept * 2, (long) maxChars + 2));
        byte[] next = new byte[Math.max(size, kept + 1)];
        System.arraycopy(chunk, from, next, 0, kept);
        chunk = next;
        position = 0;
        limit = kept + in.readNBytes(next, kept, next.length - kept);
        if (limit < next.length) {
            eof = true;
        }
    }

    /**
     * A line with more bytes than the limit has characters, no LF yet in [from, limit): decoded and
     * measured piece by piece until its LF, holding no more of it than the limit.
     */
    private void longLine(int from) throws IOException {
        lineNumber++;
        number = lineNumber;
        lineOffset = offset;
        CharLine line = charLine();
        line.start();
        byte[] buffer = chunk;
        int at = from;
        int to = limit;
        while (true) {
            int newline = -1;
            for (int i = at; i < to; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline >= 0) {
                line.feed(buffer, at, newline + 1, true);
                // what follows the LF starts the next chunk
                int rest = to - newline - 1;
                byte[] next = new byte[Math.max(CHUNK, rest)];
                System.arraycopy(buffer, newline + 1, next, 0, rest);
                chunk = next;
                position = 0;
                limit = rest;
                break;
            }
            if (eof) {
                line.feed(buffer, at, to, true);
                chunk = new byte[0];
                position = 0;
                limit = 0;
                break;
            }
            int cut = line.feed(buffer, at, to, false); // the bytes of a character the piece ends inside
            byte[] next = buffer == chunk ? new byte[CHUNK] : buffer; // lines handed out before still use the chunk
            System.arraycopy(buffer, to - cut, next, 0, cut);
            buffer = next;
            at = 0;
            to = cut + in.readNBytes(buffer, cut, buffer.length - cut);
            if (to < buffer.length) {
                eof = true;
            }
        }
        decoded = line.finish(number, lineOffset);
        offset += line.bytes();
    }

    /** Whether bytes [from, to) are well-formed UTF-8 (Unicode 3.9, table 3-7), as Java's decoder takes it. */
    static boolean wellFormed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int low = 0x80;
            int high = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                if (c == 0xE0) {
                    low = 0xA0;
                } else if (c == 0xED) {
                    high = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                if (c == 0xF0) {
                    low = 0x90;
                } else if (c == 0xF4) {
                    high = 0x8F;
                }
            } else {
                return false;
            }
            if (i + n >= to) {
                return false; // cut short by the end of the line
            }
            int second = b[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    private CharLine charLine() {
        if (charLine == null) {
            decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            charLine = new CharLine();
        }
        return charLine;
    }

    /**
     * One line decoded and kept as {@link BoundedLineReader} keeps it ({@link LineText}), its byte count
     * taken as the decoded characters' widths, as that reader counts them.
     */
    private final class CharLine {
        private final LineText text = new LineText(maxChars);
        private final char[] chars = new char[8192];
        private long widths;

        void start() {
            text.start();
            widths = 0;
            decoder.reset();
        }

        /**
         * Decodes bytes [from, to) of the line (its LF last, if it has one); {@code last}: nothing of the
         * line follows. Returns how many bytes at the end were left undecoded: a character the piece cut,
         * which the next piece must start with.
         */
        int feed(byte[] buffer, int from, int to, boolean last) {
            ByteBuffer in = ByteBuffer.wrap(buffer, from, to - from);
            CharBuffer out = CharBuffer.wrap(chars);
            while (decoder.decode(in, out, last).isOverflow()) {
                drain(out);
            }
            drain(out);
            if (last) {
                while (decoder.flush(out).isOverflow()) {
                    drain(out);
                }
                drain(out);
            }
            return in.remaining();
        }

        private void drain(CharBuffer out) {
            out.flip();
            int n = out.remaining();
            take(chars, 0, n);
            out.clear();
        }

        private void take(char[] buffer, int from, int to) {
            int end = to;
            if (end > from && buffer[end - 1] == '\n') {
                end--; // the line's own LF, always its last character
                widths += 1;
            }
            for (int i = from; i < end; i++) {
                widths += TextEncoding.UTF_8.width(buffer[i]);
            }
            text.append(buffer, from, end);
        }

        /** Bytes the line took, LF included, as the text reader counts them. */
        long bytes() {
            return widths;
        }

        BoundedLineReader.Line finish(long number, long offset) {
            return text.finish(number, offset);
        }
    }
}
