package dev.forgewatch.common.ingest;

/**
 * Bounds that keep memory flat on hostile input.
 *
 * @param maxLineBytes         longest NDJSON / text / CSV record accepted (longer ones are quarantined)
 * @param maxDecompressedBytes most bytes read from one file after decompression
 */
public record IngestLimits(int maxLineBytes, long maxDecompressedBytes) {
    public static final IngestLimits DEFAULT = new IngestLimits(8 * 1024 * 1024, 64L * 1024 * 1024 * 1024);

    public IngestLimits {
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1024");
        }
        if (maxDecompressedBytes < 1) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive");
        }
    }
}
