package dev.forgewatch.detections.condition;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * IPv4 and IPv6 text to bytes, without name resolution ({@code InetAddress.getByName} would do DNS
 * on anything that is not an address). Used so that {@code 2001:db8::1} and
 * {@code 2001:DB8:0:0:0:0:0:1} compare equal in the engine as they do in Elasticsearch.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** The address bytes (4 or 16), or null when the text is not an IP address. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** A key equal for equal addresses, e.g. for hash lookups; null when not an address. */
    public static String key(String text) {
        byte[] bytes = parse(text);
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }

    private static byte[] parseV4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else if (c == '.' && value >= 0 && part < 4) {
                out[part++] = (byte) value;
                value = -1;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String text) {
        int zone = text.indexOf('%');
        String address = zone >= 0 ? text.substring(0, zone) : text;
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<byte[]> head = groups(gap >= 0 ? address.substring(0, gap) : address);
        List<byte[]> tail = gap >= 0 ? groups(address.substring(gap + 2)) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int bytes = size(head) + size(tail);
        if (bytes > 16 || (gap < 0 && bytes != 16) || (gap >= 0 && bytes == 16)) {
            return null;
        }
        byte[] out = new byte[16];
        int at = 0;
        for (byte[] group : head) {
            System.arraycopy(group, 0, out, at, group.length);
            at += group.length;
        }
        at = 16 - size(tail);
        for (byte[] group : tail) {
            System.arraycopy(group, 0, out, at, group.length);
            at += group.length;
        }
        return out;
    }

    /** Colon-separated hex groups; the last may be a dotted IPv4 address. */
    private static List<byte[]> groups(String text) {
        List<byte[]> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] pieces = text.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && piece.indexOf('.') >= 0) {
                byte[] v4 = parseV4(piece);
                if (v4 == null) {
                    return null;
                }
                out.add(v4);
            } else {
                if (piece.isEmpty() || piece.length() > 4) {
                    return null;
                }
                int value = 0;
                for (char c : piece.toCharArray()) {
                    int digit = Character.digit(c, 16);
                    if (digit < 0) {
                        return null;
                    }
                    value = value * 16 + digit;
                }
                out.add(new byte[] {(byte) (value >> 8), (byte) value});
            }
        }
        return out;
    }

    private static int size(List<byte[]> groups) {
        return groups.stream().mapToInt(group -> group.length).sum();
    }
}
