package dev.forgewatch.detections.condition;

import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.FieldType;

/**
 * A field as a rule names it ({@code sigmaName}, e.g. {@code ClientIPAddress}) and the canonical
 * field the catalog resolves it to; every compiler takes its target name from {@link #field()}.
 */
public record FieldRef(String sigmaName, FieldDefinition field) {
    public String canonical() {
        return field.name();
    }

    public FieldType type() {
        return field.type();
    }

    public boolean multi() {
        return field.multi();
    }
}
