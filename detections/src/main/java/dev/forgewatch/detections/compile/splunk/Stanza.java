package dev.forgewatch.detections.compile.splunk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One .conf stanza: a name and settings in the order written. */
public record Stanza(String name, Map<String, String> settings) {
    public Stanza {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * The stanzas as .conf text. A value spanning lines is continued with a trailing backslash, as
     * Splunk reads it; stanza names must not hold {@code ]} or line breaks.
     */
    public static String write(String header, List<Stanza> stanzas) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(line -> out.append("# ").append(line).append('\n'));
        for (Stanza stanza : stanzas) {
            if (stanza.name().contains("]") || stanza.name().contains("\n")) {
                throw new IllegalArgumentException("bad stanza name: " + stanza.name());
            }
            out.append('\n').append('[').append(stanza.name()).append("]\n");
            stanza.settings().forEach((key, value) -> out.append(key).append(" = ")
                    .append(value.strip().replace("\n", " \\\n")).append('\n'));
        }
        return out.toString();
    }
}
