package dev.forgewatch.cli.hunt;

import dev.forgewatch.cli.UsageException;
import java.util.Locale;

/** How {@code hunt} writes its findings. */
enum OutputFormat {
    TABLE, NDJSON, JSON, CSV;

    static OutputFormat parse(String text) throws UsageException {
        for (OutputFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(text)) {
                return format;
            }
        }
        throw new UsageException("--format must be table, ndjson, json or csv, got '" + text + "'");
    }
}
