package dev.forgewatch.detections.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value: literal text with {@code *} (any run of characters) and {@code ?} (one
 * character) wildcards. Parsing follows the Sigma spec: {@code \*}, {@code \?} and {@code \\}
 * are literal, a backslash before anything else is itself literal. Adjacent text is merged and
 * repeated {@code *} collapsed, so equal patterns have equal parts.
 */
public record Pattern(List<Part> parts) {
    public sealed interface Part permits Text, Star, One {
    }

    public record Text(String text) implements Part {
    }

    /** {@code *}: any run of characters, possibly empty. */
    public record Star() implements Part {
    }

    /** {@code ?}: exactly one character. */
    public record One() implements Part {
    }

    /** The shapes engines and compilers special-case; GENERAL is anything else. */
    public enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, GENERAL }

    private static final Star STAR = new Star();
    private static final One ONE = new One();

    public Pattern {
        parts = normalize(parts);
    }

    public static Pattern sigma(String value) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && "*?\\".indexOf(value.charAt(i + 1)) >= 0) {
                text.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                flush(text, parts);
                parts.add(c == '*' ? STAR : ONE);
            } else {
                text.append(c);
            }
        }
        flush(text, parts);
        return new Pattern(parts);
    }

    public static Pattern literal(String text) {
        return new Pattern(List.of(new Text(text)));
    }

    public Pattern contains() {
        List<Part> wrapped = new ArrayList<>();
        wrapped.add(STAR);
        wrapped.addAll(parts);
        wrapped.add(STAR);
        return new Pattern(wrapped);
    }

    public Pattern startsWith() {
        List<Part> wrapped = new ArrayList<>(parts);
        wrapped.add(STAR);
        return new Pattern(wrapped);
    }

    public Pattern endsWith() {
        List<Part> wrapped = new ArrayList<>();
        wrapped.add(STAR);
        wrapped.addAll(parts);
        return new Pattern(wrapped);
    }

    public boolean hasWildcards() {
        return parts.stream().anyMatch(part -> !(part instanceof Text));
    }

    public boolean hasSingleCharWildcard() {
        return parts.stream().anyMatch(part -> part instanceof One);
    }

    /** All literal text, concatenated (for EXACT the value itself; for the other shapes the part between stars). */
    public String text() {
        StringBuilder out = new StringBuilder();
        parts.forEach(part -> {
            if (part instanceof Text t) {
                out.append(t.text());
            }
        });
        return out.toString();
    }

    public Shape shape() {
        int n = parts.size();
        if (n == 0) {
            return Shape.EXACT;
        }
        boolean starFirst = parts.get(0) instanceof Star;
        boolean starLast = parts.get(n - 1) instanceof Star;
        long texts = parts.stream().filter(p -> p instanceof Text).count();
        long stars = parts.stream().filter(p -> p instanceof Star).count();
        if (parts.stream().anyMatch(p -> p instanceof One) || texts > 1) {
            return Shape.GENERAL;
        }
        if (stars == 0) {
            return Shape.EXACT;
        }
        if (texts == 0) {
            return Shape.CONTAINS; // "*" alone: contains the empty string
        }
        if (starFirst && starLast && n == 3) {
            return Shape.CONTAINS;
        }
        if (!starFirst && starLast && n == 2) {
            return Shape.PREFIX;
        }
        if (starFirst && !starLast && n == 2) {
            return Shape.SUFFIX;
        }
        return Shape.GENERAL;
    }

    /**
     * The pattern in Sigma notation, with literal wildcards and backslashes escaped. Elasticsearch's
     * wildcard query and ES|QL's LIKE read exactly this notation.
     */
    public String toSigma() {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                for (char c : t.text().toCharArray()) {
                    if (c == '*' || c == '?' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(part instanceof Star ? '*' : '?');
            }
        }
        return out.toString();
    }

    private static void flush(StringBuilder text, List<Part> parts) {
        if (text.length() > 0) {
            parts.add(new Text(text.toString()));
            text.setLength(0);
        }
    }

    private static List<Part> normalize(List<Part> parts) {
        List<Part> out = new ArrayList<>();
        for (Part part : parts) {
            Part last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (part instanceof Text t && t.text().isEmpty()) {
                continue;
            }
            if (part instanceof Text t && last instanceof Text l) {
                out.set(out.size() - 1, new Text(l.text() + t.text()));
            } else if (!(part instanceof Star && last instanceof Star)) {
                out.add(part);
            }
        }
        return List.copyOf(out);
    }
}
