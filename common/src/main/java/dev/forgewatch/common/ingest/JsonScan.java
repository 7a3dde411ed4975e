package dev.forgewatch.common.ingest;

/**
 * Follows the structure of JSON text one character at a time without parsing it: nesting depth,
 * strings and escapes. Readers use it to find where a value ends (so one damaged value never takes
 * the next with it) and to estimate how many records a skipped piece held. Brackets are not matched
 * by kind: a {@code ]} closing a <code>{</code> still closes one level, as a damaged file would.
 */
final class JsonScan {
    private int depth;
    private boolean inString;
    private boolean escaped;
    private char lastOutsideString;
    private long topLevelObjects;
    private long swallowedObjects;

    /** Starts over at depth 0 (or inside {@code depth} open levels), outside any string. */
    void reset(int startDepth) {
        depth = startDepth;
        inString = false;
        escaped = false;
        lastOutsideString = 0;
        topLevelObjects = 0;
        swallowedObjects = 0;
    }

    /** Takes one character; true when it closed the outermost open level (depth back to 0). */
    boolean feed(char c) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                lastOutsideString = '"';
            }
            return false;
        }
        switch (c) {
            case '"':
                inString = true;
                return false;
            case '{':
                if (depth == 0) {
                    topLevelObjects++;
                } else if (depth == 1 && lastOutsideString == ',') {
                    // an object member cannot start with a brace: a record the unclosed one ran into
                    swallowedObjects++;
                }
                depth++;
                lastOutsideString = c;
                return false;
            case '[':
                depth++;
                lastOutsideString = c;
                return false;
            case '}':
            case ']':
                lastOutsideString = c;
                if (depth > 0) {
                    depth--;
                    return depth == 0;
                }
                return false;
            case ' ':
            case '\t':
            case '\r':
            case '\n':
                return false;
            default:
                lastOutsideString = c;
                return false;
        }
    }

    int depth() {
        return depth;
    }

    boolean inString() {
        return inString;
    }

    /** Objects that started at depth 0: the records in a run of concatenated values. */
    long topLevelObjects() {
        return topLevelObjects;
    }

    /**
     * Objects that started directly inside the outermost object right after a comma: in valid JSON
     * there are none, so each is a record that an object missing its closing brace ran into.
     */
    long swallowedObjects() {
        return swallowedObjects;
    }

    /** Where the value starting at {@code from} (a brace or bracket) ends: the index after its close, or -1. */
    static int valueEnd(CharSequence text, int from, int to) {
        JsonScan scan = new JsonScan();
        for (int i = from; i < to; i++) {
            if (scan.feed(text.charAt(i))) {
                return i + 1;
            }
        }
        return -1;
    }
}
