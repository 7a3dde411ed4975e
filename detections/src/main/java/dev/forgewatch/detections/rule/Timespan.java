package dev.forgewatch.detections.rule;

import java.time.Duration;

/**
 * A Sigma timespan ({@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}, {@code 2w}), kept with its
 * text so compiled rules say {@code now-1h} rather than {@code now-3600s}.
 */
public record Timespan(long amount, char unit) {

    public static Timespan parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.matches("[1-9][0-9]{0,5}[smhdw]")) {
            throw new IllegalArgumentException("'" + text + "' is not a timespan (a number and one of s, m, h, d, w, e.g. 15m)");
        }
        return new Timespan(Long.parseLong(trimmed.substring(0, trimmed.length() - 1)), trimmed.charAt(trimmed.length() - 1));
    }

    public Duration duration() {
        switch (unit) {
            case 's':
                return Duration.ofSeconds(amount);
            case 'm':
                return Duration.ofMinutes(amount);
            case 'h':
                return Duration.ofHours(amount);
            case 'd':
                return Duration.ofDays(amount);
            default:
                return Duration.ofDays(amount * 7);
        }
    }

    public long minutes() {
        return Math.max(1, duration().toMinutes());
    }

    /** Sigma / Kibana date-math form; weeks are written in days because Kibana's "w" is calendar-based. */
    @Override
    public String toString() {
        return unit == 'w' ? amount * 7 + "d" : amount + String.valueOf(unit);
    }

    public boolean isLongerThan(Timespan other) {
        return duration().compareTo(other.duration()) > 0;
    }
}
