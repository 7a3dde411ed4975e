package dev.forgewatch.common.mapping;

import java.util.Locale;

/** Value types of canonical fields, named as in Elasticsearch mappings. */
public enum FieldType {
    KEYWORD, TEXT, IP, DATE, LONG, BOOLEAN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FieldType parse(String text) {
        for (FieldType type : values()) {
            if (type.label().equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type '" + text + "' (expected keyword, text, ip, date, long or boolean)");
    }
}
