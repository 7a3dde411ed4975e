package dev.forgewatch.common.event;

import java.util.Locale;

/** Sigma levels, lowest first, so {@code compareTo} orders by seriousness. */
public enum Severity {
    INFORMATIONAL(1),
    LOW(2),
    MEDIUM(3),
    HIGH(4),
    CRITICAL(5);

    private final int rank;

    Severity(int rank) {
        this.rank = rank;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sigma-compatible numeric rank, 1 (informational) to 5 (critical). */
    public int rank() {
        return rank;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Severity severity : values()) {
            if (severity.label().equals(wanted)) {
                return severity;
            }
        }
        if (wanted.equals("info")) {
            return INFORMATIONAL;
        }
        throw new IllegalArgumentException(
                "unknown severity '" + text + "' (expected informational, low, medium, high or critical)");
    }
}
