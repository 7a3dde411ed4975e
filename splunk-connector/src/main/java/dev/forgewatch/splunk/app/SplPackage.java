package dev.forgewatch.splunk.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code .spl} format: a gzipped POSIX ustar archive. Writing is deterministic (entries in path
 * order, folders before their files, one fixed modification time, owner root, modes 755/644), so
 * the same sources build the same bytes.
 */
public final class SplPackage {
    /** Every entry's modification time: the day Microsoft published the Storm-0558 indicators. */
    public static final Instant MTIME = Instant.parse("2023-07-14T00:00:00Z");
    private static final int BLOCK = 512;
    /** The largest entry read into memory for the checks: an app's text and images are far smaller. */
    public static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    /** The most bytes of a package held in memory at once. */
    public static final long MAX_HELD_BYTES = 256L * 1024 * 1024;

    private SplPackage() {
    }

    public static void write(AppTree tree, OutputStream target) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(target);
        for (AppTree.Entry entry : tree.entries()) {
            if (entry.kind() == AppTree.Kind.OTHER) {
                throw new IOException("cannot package " + entry.path() + ": not a file or folder");
            }
            boolean folder = entry.kind() == AppTree.Kind.DIRECTORY;
            gzip.write(header(folder ? entry.path() + "/" : entry.path(), folder ? 0 : entry.content().length,
                    folder ? 0755 : entry.mode(), folder ? '5' : '0'));
            if (!folder) {
                gzip.write(entry.content());
                gzip.write(new byte[padding(entry.content().length)]);
            }
        }
        gzip.write(new byte[2 * BLOCK]);
        gzip.finish();
    }

    public static byte[] toBytes(AppTree tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(tree, out);
        return out.toByteArray();
    }

    /**
     * Reads a package; links, devices and extended headers become {@link AppTree.Kind#OTHER} entries.
     * Memory stays bounded whatever the package holds: an entry over {@link #MAX_ENTRY_BYTES}, or past
     * {@link #MAX_HELD_BYTES} in all, is streamed past and only its size kept (see {@link AppTree.Entry#held()}).
     */
    public static AppTree read(InputStream source) throws IOException {
        List<AppTree.Entry> entries = new ArrayList<>();
        long held = 0;
        try (InputStream in = new GZIPInputStream(source)) {
            while (true) {
                byte[] header = in.readNBytes(BLOCK);
                if (header.length < BLOCK) {
                    throw new IOException("truncated tar archive");
                }
                if (isZero(header)) {
                    return AppTree.of(entries);
                }
                if (checksum(header) != octal(header, 148, 8)) {
                    throw new IOException("corrupt tar header (checksum mismatch)");
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = octal(header, 124, 12);
                int mode = (int) octal(header, 100, 8);
                char type = (char) header[156];
                boolean hold = size <= MAX_ENTRY_BYTES && held + size <= MAX_HELD_BYTES;
                byte[] content = hold ? in.readNBytes((int) size) : new byte[0];
                long read = hold ? content.length : skip(in, size);
                held += content.length;
                if (read < size || skip(in, padding(size)) < padding(size)) {
                    throw new IOException("truncated tar entry " + path);
                }
                String clean = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                AppTree.Kind kind = type == '0' || type == 0 ? AppTree.Kind.FILE
                        : type == '5' ? AppTree.Kind.DIRECTORY : AppTree.Kind.OTHER;
                entries.add(kind == AppTree.Kind.FILE ? new AppTree.Entry(clean, kind, content, mode, size)
                        : new AppTree.Entry(clean, kind, new byte[0], mode));
            }
        }
    }

    /** Skips up to {@code count} bytes of a stream that may skip less at a time; the bytes skipped. */
    private static long skip(InputStream in, long count) throws IOException {
        long skipped = 0;
        while (skipped < count) {
            long n = in.skip(count - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            skipped += n;
        }
        return skipped;
    }

    private static byte[] header(String path, long size, int mode, char type) throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 100) {
            System.arraycopy(bytes, 0, header, 0, bytes.length);
        } else {
            // ustar keeps up to 155 bytes of folders in the prefix field.
            int split = path.lastIndexOf('/', path.length() - 2);
            byte[] prefix = split < 0 ? bytes : path.substring(0, split).getBytes(StandardCharsets.UTF_8);
            byte[] name = split < 0 ? bytes : path.substring(split + 1).getBytes(StandardCharsets.UTF_8);
            if (split < 0 || prefix.length > 155 || name.length > 100) {
                throw new IOException("path too long for a ustar archive: " + path);
            }
            System.arraycopy(name, 0, header, 0, name.length);
            System.arraycopy(prefix, 0, header, 345, prefix.length);
        }
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, MTIME.getEpochSecond());
        header[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, header, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, header, 297, 4);
        String sum = String.format("%06o", checksum(header));
        System.arraycopy(sum.getBytes(StandardCharsets.US_ASCII), 0, header, 148, 6);
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    /** The header checksum: the byte sum with the checksum field counted as spaces. */
    private static long checksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        return sum;
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = String.format("%0" + (length - 1) + "o", value);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        String text = text(header, offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header (bad number '" + text + "')");
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static boolean isZero(byte[] block) {
        return Arrays.equals(block, new byte[BLOCK]);
    }
}
