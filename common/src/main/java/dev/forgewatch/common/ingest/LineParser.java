package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one line of a text log (e.g. a web access log) into a JSON record for the normalizer, or
 * returns null when the line is not in a format it knows.
 */
@FunctionalInterface
public interface LineParser {
    LineParser NONE = line -> null;

    ObjectNode parse(String line);
}
