package dev.forgewatch.common.ingest;

/**
 * Bounds that keep memory flat on hostile input.
 *
 * @param maxLineBytes         longest NDJSON / text / CSV record accepted (longer ones are quarantined)
 * @param maxDecompressedBytes most bytes read from one file after decompression
 * @param maxExpansion         most decompressed bytes per compressed byte of a .gz, checked once it has
 *                             given {@link #EXPANSION_CHECKED_AFTER} bytes (log exports compress about
 *                             10×; deflate tops out near 1,032×, which only padding reaches)
 */
public record IngestLimits(int maxLineBytes, long maxDecompressedBytes, int maxExpansion) {
    public static final long EXPANSION_CHECKED_AFTER = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_EXPANSION = 200;
    public static final IngestLimits DEFAULT = new IngestLimits(8 * 1024 * 1024, 64L * 1024 * 1024 * 1024);

    public IngestLimits(int maxLineBytes, long maxDecompressedBytes) {
        this(maxLineBytes, maxDecompressedBytes, DEFAULT_MAX_EXPANSION);
    }

    public IngestLimits {
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1024");
        }
        if (maxDecompressedBytes < 1) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive");
        }
        if (maxExpansion < 1) {
            throw new IllegalArgumentException("maxExpansion must be positive");
        }
    }
}
