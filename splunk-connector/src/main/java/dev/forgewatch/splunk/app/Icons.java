package dev.forgewatch.splunk.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's icons and logos at the sizes Splunk Web and Splunkbase use (36 and 72 px icons, 160x40
 * and 320x80 logos), drawn here from simple shapes: an envelope under a magnifying glass (mail
 * access under watch), and the wordmark in a small pixel font. Drawn in plain Java, so every build
 * produces the same bytes.
 */
public final class Icons {
    private static final int NAVY = 0xFF14213D;
    private static final int WHITE = 0xFFFFFFFF;
    private static final int ORANGE = 0xFFFCA311;
    private static final int SAMPLES = 4;
    private static final String WORD = "FORGEWATCH";
    /** 5x7 glyphs of the wordmark, '#' is ink. */
    private static final Map<Character, String[]> GLYPHS = Map.of(
            'F', new String[] {"#####", "#....", "#....", "####.", "#....", "#....", "#...."},
            'O', new String[] {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
            'R', new String[] {"####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"},
            'G', new String[] {".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".###."},
            'E', new String[] {"#####", "#....", "#....", "####.", "#....", "#....", "#####"},
            'W', new String[] {"#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"},
            'A', new String[] {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
            'T', new String[] {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."},
            'C', new String[] {".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."},
            'H', new String[] {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"});

    private Icons() {
    }

    /** A colour at a point of the image (ARGB, 0 for nothing). */
    private interface Scene {
        int color(double x, double y);
    }

    /** Every static image, by path inside the app. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> images = new LinkedHashMap<>();
        for (int size : List.of(36, 72)) {
            String suffix = size == 72 ? "_2x" : "";
            images.put("static/appIcon" + suffix + ".png", render(size, size, mark(size, NAVY, WHITE)));
            images.put("static/appIconAlt" + suffix + ".png", render(size, size, mark(size, WHITE, NAVY)));
        }
        images.put("static/appLogo.png", render(160, 40, logo(160, 40)));
        images.put("static/appLogo_2x.png", render(320, 80, logo(320, 80)));
        return images;
    }

    /** Background rounded square, white envelope, orange lens with a handle. */
    private static Scene mark(double size, int background, int ink) {
        return (px, py) -> {
            double x = px / size;
            double y = py / size;
            if (roundedSquare(x, y, 0.18) > 0) {
                return 0;
            }
            double lens = Math.hypot(x - 0.68, y - 0.66);
            if (segment(x, y, 0.78, 0.77, 0.90, 0.89) < 0.055 || Math.abs(lens - 0.15) < 0.035) {
                return ORANGE;
            }
            if (lens < 0.15) {
                return background;
            }
            boolean envelope = Math.abs(box(x, y, 0.17, 0.28, 0.83, 0.74)) < 0.03
                    || segment(x, y, 0.17, 0.28, 0.5, 0.52) < 0.03 || segment(x, y, 0.5, 0.52, 0.83, 0.28) < 0.03;
            return envelope ? ink : background;
        };
    }

    /** The mark in a square on the left, the wordmark in navy to its right. */
    private static Scene logo(int width, int height) {
        Scene mark = mark(height, NAVY, WHITE);
        double gap = height * 0.2;
        double units = WORD.length() * 6 - 1;
        double scale = Math.min((width - height - 2 * gap) / units, height * 0.5 / 7);
        double left = height + gap;
        double top = (height - 7 * scale) / 2;
        return (x, y) -> {
            if (x < height) {
                return mark.color(x, y);
            }
            int column = (int) Math.floor((x - left) / scale);
            int row = (int) Math.floor((y - top) / scale);
            if (column < 0 || row < 0 || row >= 7 || column >= units || column % 6 == 5) {
                return 0;
            }
            String[] glyph = GLYPHS.get(WORD.charAt(column / 6));
            return glyph[row].charAt(column % 6) == '#' ? NAVY : 0;
        };
    }

    /** Supersampled rendering: each pixel averages SAMPLES x SAMPLES points, alpha-weighted. */
    private static byte[] render(int width, int height, Scene scene) {
        int[] pixels = new int[width * height];
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                long a = 0;
                long r = 0;
                long g = 0;
                long b = 0;
                for (int sy = 0; sy < SAMPLES; sy++) {
                    for (int sx = 0; sx < SAMPLES; sx++) {
                        int c = scene.color(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
                        int alpha = c >>> 24;
                        a += alpha;
                        r += (long) ((c >> 16) & 0xff) * alpha;
                        g += (long) ((c >> 8) & 0xff) * alpha;
                        b += (long) (c & 0xff) * alpha;
                    }
                }
                int n = SAMPLES * SAMPLES;
                pixels[py * width + px] = a == 0 ? 0
                        : (int) (a / n) << 24 | (int) (r / a) << 16 | (int) (g / a) << 8 | (int) (b / a);
            }
        }
        return Png.encode(width, height, pixels);
    }

    /** Signed distance to the unit square with rounded corners (negative inside). */
    private static double roundedSquare(double x, double y, double radius) {
        double qx = Math.abs(x - 0.5) - (0.5 - radius);
        double qy = Math.abs(y - 0.5) - (0.5 - radius);
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
    }

    /** Signed distance to an axis-aligned box. */
    private static double box(double x, double y, double x0, double y0, double x1, double y1) {
        double qx = Math.abs(x - (x0 + x1) / 2) - (x1 - x0) / 2;
        double qy = Math.abs(y - (y0 + y1) / 2) - (y1 - y0) / 2;
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
    }

    /** Distance to the segment (x0,y0)-(x1,y1). */
    private static double segment(double x, double y, double x0, double y0, double x1, double y1) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(x - x0 - t * dx, y - y0 - t * dy);
    }
}
