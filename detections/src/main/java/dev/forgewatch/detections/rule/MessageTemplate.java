package dev.forgewatch.detections.rule;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.condition.FieldRef;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A finding message ({@code forgewatch.message}) with placeholders: {@code {MailboxOwnerUPN}} (any
 * field by Sigma or canonical name, from the evidence event), {@code {CreationTime+24h}} (a date
 * field shifted by a timespan, e.g. the end of an audit gap), and for correlations {@code {count}}
 * (events or distinct values counted) and {@code {values}} (the distinct values, abbreviated).
 */
public record MessageTemplate(String text, List<Segment> segments) {
    public static final Set<String> CORRELATION_EXTRAS = Set.of("count", "values");

    public sealed interface Segment permits Literal, FieldValue, Extra {
    }

    public record Literal(String text) implements Segment {
    }

    public record FieldValue(FieldRef field, Timespan offset) implements Segment {
    }

    public record Extra(String name) implements Segment {
    }

    public MessageTemplate {
        segments = List.copyOf(segments);
    }

    /** Parses the text; throws IllegalArgumentException naming a bad placeholder. */
    public static MessageTemplate parse(String text, FieldCatalog catalog) {
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('{', at);
            if (open < 0) {
                segments.add(new Literal(text.substring(at)));
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("message has '{' without '}'");
            }
            if (open > at) {
                segments.add(new Literal(text.substring(at, open)));
            }
            segments.add(placeholder(text.substring(open + 1, close).trim(), catalog));
            at = close + 1;
        }
        return new MessageTemplate(text, segments);
    }

    private static Segment placeholder(String name, FieldCatalog catalog) {
        if (CORRELATION_EXTRAS.contains(name)) {
            return new Extra(name);
        }
        int plus = name.indexOf('+');
        String fieldName = plus < 0 ? name : name.substring(0, plus).trim();
        FieldDefinition field = catalog.bySigmaName(fieldName);
        if (field == null) {
            throw new IllegalArgumentException("message placeholder {" + name + "} names no field in fields.yaml");
        }
        Timespan offset = null;
        if (plus >= 0) {
            if (field.type() != FieldType.DATE) {
                throw new IllegalArgumentException("message placeholder {" + name + "} adds time to a field that is not a date");
            }
            offset = Timespan.parse(name.substring(plus + 1).trim());
        }
        return new FieldValue(new FieldRef(fieldName, field), offset);
    }

    public boolean usesExtras() {
        return segments.stream().anyMatch(segment -> segment instanceof Extra);
    }

    public String render(Function<FieldRef, Object> fields, Map<String, Object> extras) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Literal literal) {
                out.append(literal.text());
            } else if (segment instanceof FieldValue value) {
                Object raw = fields.apply(value.field());
                if (raw instanceof Instant instant && value.offset() != null) {
                    raw = instant.plus(value.offset().duration());
                }
                out.append(format(raw));
            } else {
                out.append(format(extras.get(((Extra) segment).name())));
            }
        }
        return out.toString();
    }

    static String format(Object value) {
        if (value == null) {
            return "(unknown)";
        }
        if (value instanceof Instant instant) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "(none)" : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }
}
