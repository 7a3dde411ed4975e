package dev.forgewatch.detections.yaml;

/** Text that is not YAML the rule loader can read (syntax error, duplicate key, anchors). */
public final class YamlException extends Exception {
    private final int line;

    public YamlException(int line, String reason) {
        super(reason);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
