package dev.forgewatch.cli.hunt;

import dev.forgewatch.cli.UsageException;
import java.util.Locale;

/** What {@code hunt} shows: incidents and findings (the default), or only one of them. */
enum Show {
    ALL, INCIDENTS, FINDINGS;

    boolean incidents() {
        return this != FINDINGS;
    }

    boolean findings() {
        return this != INCIDENTS;
    }

    static Show parse(String text) throws UsageException {
        for (Show show : values()) {
            if (show.name().toLowerCase(Locale.ROOT).equals(text)) {
                return show;
            }
        }
        throw new UsageException("--show must be all, incidents or findings, got '" + text + "'");
    }
}
