package dev.forgewatch.detections.yaml;

/**
 * A scalar as the YAML parser typed it: quoted text is always {@link Type#STRING}; plain
 * {@code true}, {@code 42} or {@code null} keep their YAML types so {@code IsThrottled: true} and
 * {@code IsThrottled: 'true'} can be told apart.
 */
public record YamlScalar(String text, Type type, int line) implements YamlNode {
    public enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    public boolean isNull() {
        return type == Type.NULL;
    }

    @Override
    public String describe() {
        return type == Type.NULL ? "null" : "'" + text + "'";
    }
}
