package dev.forgewatch.detections.compile.splunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [name]} stanza and its settings, in file order. The settings written above the first
 * stanza of a file belong to the stanza named {@link #GLOBAL} (Splunk treats them as {@code [default]}).
 *
 * @param line the 1-based line of the stanza header, 0 for the global stanza and for stanzas built in code
 */
public record Stanza(String name, List<Setting> settings, int line) {
    public static final String GLOBAL = "";

    public Stanza {
        Objects.requireNonNull(name, "name");
        settings = List.copyOf(settings);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A stanza built in code from settings in their map's order. */
    public static Stanza of(String name, Map<String, String> settings) {
        Builder builder = builder(name);
        settings.forEach(builder::set);
        return builder.build();
    }

    /** The value of the first setting with this key, if any. */
    public Optional<String> value(String key) {
        return setting(key).map(Setting::value);
    }

    public Optional<Setting> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Builds a stanza in code; settings keep the order they are added in. */
    public static final class Builder {
        private final String name;
        private final List<Setting> settings = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder set(String key, String value) {
            settings.add(new Setting(key, value, 0));
            return this;
        }

        public Builder set(String key, boolean value) {
            return set(key, String.valueOf(value));
        }

        public Builder set(String key, long value) {
            return set(key, String.valueOf(value));
        }

        public Stanza build() {
            return new Stanza(name, settings, 0);
        }
    }
}
