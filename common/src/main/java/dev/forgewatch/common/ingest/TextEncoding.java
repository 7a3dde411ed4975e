package dev.forgewatch.common.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The encodings an input's byte order mark can name (UTF-8 without one). Windows tools write
 * "Unicode" exports as UTF-16 with a BOM; such a file is decoded, not taken for binary. Each
 * encoding also tells how many bytes a decoded character took, so readers can report byte offsets
 * (exact for well-formed text; after invalid bytes, which decode to U+FFFD, they are approximate).
 */
enum TextEncoding {
    UTF_8(StandardCharsets.UTF_8, 3),
    UTF_16LE(StandardCharsets.UTF_16LE, 2),
    UTF_16BE(StandardCharsets.UTF_16BE, 2),
    UTF_32LE(Charset.forName("UTF-32LE"), 4),
    UTF_32BE(Charset.forName("UTF-32BE"), 4);

    private final Charset charset;
    private final int bomLength;

    TextEncoding(Charset charset, int bomLength) {
        this.charset = charset;
        this.bomLength = bomLength;
    }

    Charset charset() {
        return charset;
    }

    /** What the first bytes of a file say: its encoding and the length of its BOM (0 for UTF-8 without one). */
    record Detected(TextEncoding encoding, int bomLength) {
    }

    static Detected detect(byte[] head) {
        if (starts(head, 0xFF, 0xFE, 0x00, 0x00)) {
            return new Detected(UTF_32LE, 4);
        }
        if (starts(head, 0x00, 0x00, 0xFE, 0xFF)) {
            return new Detected(UTF_32BE, 4);
        }
        if (starts(head, 0xFF, 0xFE)) {
            return new Detected(UTF_16LE, 2);
        }
        if (starts(head, 0xFE, 0xFF)) {
            return new Detected(UTF_16BE, 2);
        }
        if (starts(head, 0xEF, 0xBB, 0xBF)) {
            return new Detected(UTF_8, UTF_8.bomLength);
        }
        return new Detected(UTF_8, 0);
    }

    private static boolean starts(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Bytes that {@code chars[from, to)} took in this encoding (a surrogate pair counts as its two halves). */
    long bytes(char[] chars, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += width(chars[i]);
        }
        return total;
    }

    long bytes(CharSequence text, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += width(text.charAt(i));
        }
        return total;
    }

    int width(char c) {
        switch (this) {
            case UTF_16LE:
            case UTF_16BE:
                return 2;
            case UTF_32LE:
            case UTF_32BE:
                return Character.isSurrogate(c) ? 2 : 4;
            default:
                return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
    }
}
