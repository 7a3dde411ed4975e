package dev.forgewatch.splunk.app;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG codec for the app's icons: writes 8-bit RGBA images (no AWT, so the bytes are the
 * same on every build machine) and reads back the size the marketplace checks.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {
    }

    /** Width and height from a PNG's IHDR chunk. */
    public record Size(int width, int height) {
    }

    /** Encodes ARGB pixels, row by row from the top left. */
    public static byte[] encode(int width, int height, int[] argb) {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " pixels, got " + argb.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0); // 8 bit, RGBA, no interlace
        chunk(out, "IHDR", header.array());
        byte[] raw = new byte[height * (1 + width * 4)];
        int at = 0;
        for (int y = 0; y < height; y++) {
            raw[at++] = 0; // filter: none
            for (int x = 0; x < width; x++) {
                int pixel = argb[y * width + x];
                raw[at++] = (byte) (pixel >>> 16);
                raw[at++] = (byte) (pixel >>> 8);
                raw[at++] = (byte) pixel;
                raw[at++] = (byte) (pixel >>> 24);
            }
        }
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** The image size, or null when the bytes are not a PNG. */
    public static Size size(byte[] png) {
        if (png.length < 24 || !Arrays.equals(Arrays.copyOf(png, 8), SIGNATURE)
                || !new String(png, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(png, 16, 8);
        return new Size(buffer.getInt(), buffer.getInt());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
