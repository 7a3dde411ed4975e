package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Elastic stack lines (major.minor) ForgeWatch knows, the ones Elastic still supports, and from
 * which line each detection-engine feature the pack needs is available. Data, with its sources, in
 * {@code stack-lines.yaml} beside this class.
 */
public final class StackLines {
    /** A stack line, {@code 8.19}. */
    public record Line(int major, int minor) implements Comparable<Line> {
        private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?(?:[-+].*)?");

        /** {@code 8.19}, {@code 8.19.6} or {@code 9.3.0-SNAPSHOT}: the line the version belongs to. */
        public static Line parse(String version) {
            Matcher matcher = VERSION.matcher(version.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("'" + version + "' is not a stack version such as 8.19 or 9.3.1");
            }
            return new Line(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        }

        public boolean atLeast(Line other) {
            return compareTo(other) >= 0;
        }

        @Override
        public int compareTo(Line other) {
            return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** The detection-engine features the pack uses that not every known line has. */
    public enum Feature {
        ESQL_RULES("ES|QL rules"),
        QUERY_ALERT_SUPPRESSION("alert suppression on custom query rules"),
        ESQL_ALERT_SUPPRESSION("alert suppression on ES|QL rules");

        private final String label;

        Feature(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The line to build for a requested version, and why it differs from the request when it does (a
     * version newer than every known line gets the newest; Kibana imports rules written for an older
     * line).
     */
    public record Choice(Line requested, Line line, String note) {
        public boolean exact() {
            return note == null;
        }
    }

    private static final String RESOURCE = "stack-lines.yaml";

    private final List<Line> known;
    private final List<Line> supported;
    private final Map<Feature, Line> since;

    StackLines(List<Line> known, List<Line> supported, Map<Feature, Line> since) {
        this.known = List.copyOf(known.stream().sorted().toList());
        this.supported = List.copyOf(supported.stream().sorted().toList());
        this.since = Map.copyOf(since);
        if (!this.known.containsAll(this.supported)) {
            throw new IllegalStateException("every supported line must be a known line: " + supported);
        }
    }

    /** The lines and features shipped with ForgeWatch. */
    public static StackLines standard() {
        try (InputStream in = StackLines.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode root = Json.YAML.readTree(in);
            Map<Feature, Line> since = new EnumMap<>(Feature.class);
            for (Feature feature : Feature.values()) {
                JsonNode value = root.path("features").path(feature.key());
                if (value.isMissingNode()) {
                    throw new IllegalStateException(RESOURCE + " does not say since when " + feature.key() + " exists");
                }
                since.put(feature, Line.parse(value.asText()));
            }
            return new StackLines(lines(root.path("known")), lines(root.path("supported")), since);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Line> lines(JsonNode list) {
        List<Line> lines = new ArrayList<>();
        list.forEach(node -> lines.add(Line.parse(node.asText())));
        return lines;
    }

    /** The lines Elastic still supports, oldest first: the build emits a variant for each. */
    public List<Line> supported() {
        return supported;
    }

    public List<Line> known() {
        return known;
    }

    public boolean supports(Line line) {
        return supported.contains(line);
    }

    public boolean has(Line line, Feature feature) {
        return line.atLeast(since.get(feature));
    }

    /** The line a feature is available from. */
    public Line since(Feature feature) {
        return since.get(feature);
    }

    /**
     * The line to build for a Kibana or stack version: the known line itself; the newest known line for
     * a later version. Older than every known line is refused.
     */
    public Choice choose(String version) {
        Line requested = Line.parse(version);
        if (known.contains(requested)) {
            return new Choice(requested, requested, null);
        }
        Line newest = known.get(known.size() - 1);
        if (requested.atLeast(newest)) {
            return new Choice(requested, newest, requested + " is newer than the newest line ForgeWatch knows (" + newest
                    + "); using the " + newest + " variant, which later versions import");
        }
        throw new IllegalArgumentException("stack version " + version + " is older than ForgeWatch supports (known lines: "
                + known.stream().map(Line::toString).collect(Collectors.joining(", ")) + ")");
    }

    /** Whether a line falls in {@link #kibanaCondition()}: at or after the oldest supported line of its major. */
    public boolean withinSupportedRange(Line line) {
        return supported.stream().anyMatch(oldest -> oldest.major() == line.major() && line.atLeast(oldest));
    }

    /**
     * A Fleet {@code conditions.kibana.version} range covering the supported lines: each major from its
     * oldest supported line on ({@code ^8.19.0 || ^9.3.0}).
     */
    public String kibanaCondition() {
        Map<Integer, Line> oldestPerMajor = new java.util.TreeMap<>();
        supported.forEach(line -> oldestPerMajor.putIfAbsent(line.major(), line));
        return oldestPerMajor.values().stream().map(line -> "^" + line + ".0").collect(Collectors.joining(" || "));
    }
}
