package dev.forgewatch.detections.compile.splunk;

import java.util.Objects;

/**
 * One {@code key = value} setting of a .conf file.
 *
 * @param line the 1-based line the setting starts on, 0 for settings built in code
 */
public record Setting(String key, String value, int line) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
