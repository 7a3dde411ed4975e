package dev.forgewatch.common.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes read through it, for progress reporting and size limits. */
final class CountingInputStream extends FilterInputStream {
    private long count;
    private final long limit;
    private final CountingInputStream compressed;
    private final long maxExpansion;

    CountingInputStream(InputStream in, long limit) {
        this(in, limit, null, 0);
    }

    /** Also fails once this (decompressed) stream has grown past {@code maxExpansion} × {@code compressed}. */
    CountingInputStream(InputStream in, long limit, CountingInputStream compressed, long maxExpansion) {
        super(in);
        this.limit = limit;
        this.compressed = compressed;
        this.maxExpansion = maxExpansion;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        advance(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void advance(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw new InputLimitException("input is larger than the limit of " + limit
                    + " bytes after decompression (a decompression bomb?)");
        }
        if (compressed != null && count > IngestLimits.EXPANSION_CHECKED_AFTER && count / Math.max(1, compressed.count()) > maxExpansion) {
            throw new InputLimitException("input expands more than " + maxExpansion + " times when decompressed (" + count
                    + " bytes from " + compressed.count() + "): a decompression bomb?");
        }
    }
}
