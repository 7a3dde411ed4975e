package dev.forgewatch.detections.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A mapping in document order; each entry keeps the line of its key. */
public record YamlMap(Map<String, Entry> entries, int line) implements YamlNode {
    public record Entry(String key, int keyLine, YamlNode value) {
    }

    public YamlMap {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public YamlNode get(String key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.value();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The line of the key, or of the mapping itself when the key is absent. */
    public int lineOf(String key) {
        Entry entry = entries.get(key);
        return entry == null ? line : entry.keyLine();
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
