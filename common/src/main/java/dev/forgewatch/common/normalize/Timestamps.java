package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Parses the timestamps Microsoft sources write: ISO-8601 with or without offset (the Unified Audit
 * Log's {@code CreationTime} has none and is UTC), with up to 7 fractional digits, a space instead
 * of {@code T}, and epoch seconds or milliseconds in app logs.
 */
public final class Timestamps {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    /** Epoch values at or above this are milliseconds (this is 5138-11-16 in seconds). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private Timestamps() {
    }

    /** The instant, or null when the node is not a timestamp this parser understands. */
    public static Instant parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            long value = node.asLong();
            return value >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        }
        if (node.isFloatingPointNumber()) {
            double seconds = node.asDouble();
            return Instant.ofEpochMilli((long) (seconds * 1000));
        }
        return node.isTextual() ? parse(node.asText()) : null;
    }

    public static Instant parse(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            return null;
        }
        try {
            char last = value.charAt(value.length() - 1);
            if (last == 'Z' || last == 'z' || hasOffset(value)) {
                return OffsetDateTime.parse(value.replace(' ', 'T')).toInstant();
            }
            return LocalDateTime.parse(value, LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean hasOffset(String value) {
        int t = Math.max(value.indexOf('T'), value.indexOf(' '));
        if (t < 0) {
            return false;
        }
        int sign = Math.max(value.lastIndexOf('+'), value.lastIndexOf('-'));
        return sign > t;
    }
}
