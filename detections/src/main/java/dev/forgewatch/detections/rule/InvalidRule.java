package dev.forgewatch.detections.rule;

/** A problem found while reading one rule document; the loader adds the file name. */
final class InvalidRule extends RuntimeException {
    private final int line;

    InvalidRule(int line, String reason) {
        super(reason, null, false, false);
        this.line = line;
    }

    int line() {
        return line;
    }
}
