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
        Instant common = parseCommonUtc(value);
        if (common != null) {
            return common;
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

    /** The date last read by hand and its epoch day: a log's records mostly fall on the same day (immutable, shared racily). */
    private record Day(int year, int month, int day, long epochDay) {
    }

    private static Day lastDay = new Day(1970, 1, 1, 0);

    /**
     * The shape nearly every record has, {@code uuuu-MM-ddTHH:mm:ss[.fraction][Z|+HH:MM|-HH:MM]}, read by
     * hand: the formatters cost several times more per record (sign-ins exported by Azure Monitor carry
     * {@code +00:00}). Anything else, an offset past 14 hours, or an invalid date, returns null and goes
     * the general way.
     */
    private static Instant parseCommonUtc(String value) {
        int length = value.length();
        if (length < 19 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
                || value.charAt(13) != ':' || value.charAt(16) != ':') {
            return null;
        }
        int end = length;
        int offsetSeconds = 0;
        char sign = length >= 25 ? value.charAt(length - 6) : 0;
        if (value.charAt(length - 1) == 'Z') {
            end = length - 1;
        } else if ((sign == '+' || sign == '-') && value.charAt(length - 3) == ':') {
            int offsetHours = digits(value, length - 5, 2);
            int offsetMinutes = digits(value, length - 2, 2);
            if (offsetHours < 0 || offsetHours > 14 || offsetMinutes < 0 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3_600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
            end = length - 6;
        }
        int nanos = 0;
        if (end > 19) {
            int digits = end - 20;
            if (value.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            for (int i = 20; i < end; i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                nanos = nanos * 10 + (c - '0');
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 2);
        int day = digits(value, 8, 2);
        int hour = digits(value, 11, 2);
        int minute = digits(value, 14, 2);
        int second = digits(value, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        Day known = lastDay;
        long epochDay;
        if (known.day() == day && known.month() == month && known.year() == year) {
            epochDay = known.epochDay();
        } else {
            if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
                return null;
            }
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            lastDay = new Day(year, month, day, epochDay);
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** The decimal number in {@code count} characters from {@code start}, or -1 if one is not a digit. */
    private static int digits(String value, int start, int count) {
        int number = 0;
        for (int i = start; i < start + count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
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
