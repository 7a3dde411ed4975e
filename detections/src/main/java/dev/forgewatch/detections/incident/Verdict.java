package dev.forgewatch.detections.incident;

/** What an incident says about its mailbox, least serious first, so {@code compareTo} orders them. */
public enum Verdict {
    /** Only findings that logs are missing: nobody can say what happened. */
    COVERAGE_GAP("coverage-gap"),
    /** Enough risk to look at, not enough to say an intruder was there. */
    SUSPICIOUS("suspicious"),
    /** A critical finding, or risk across tactics: an intruder likely read this mailbox. */
    COMPROMISED("compromised");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Verdict parse(String text) {
        for (Verdict verdict : values()) {
            if (verdict.label.equals(text)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + text + "' (expected compromised, suspicious or coverage-gap)");
    }
}
