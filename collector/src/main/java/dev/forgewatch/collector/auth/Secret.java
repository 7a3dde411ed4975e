package dev.forgewatch.collector.auth;

import java.util.Objects;

/**
 * A secret value (client secret, key password). Its {@code toString} never shows it, so it cannot
 * leak through a log line, an exception message or a debugger's summary by accident.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret is empty");
        }
        this.value = value.strip();
    }

    /** The value, for the one place that must send it. */
    String reveal() {
        return value;
    }

    char[] chars() {
        return value.toCharArray();
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
