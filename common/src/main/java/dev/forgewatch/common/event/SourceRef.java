package dev.forgewatch.common.event;

import java.util.Objects;

/**
 * Where a record was read: the file and its 1-based line (for NDJSON, CSV and text) or the line at
 * which the record started (for JSON documents). Line 0 means "whole file".
 */
public record SourceRef(String file, long line) {
    public SourceRef {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
