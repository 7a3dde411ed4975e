package dev.forgewatch.common.pipeline;

/** Told how far a run has come; called often, so implementations throttle their own output. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total, records) -> {
    };

    /**
     * @param bytesDone  bytes of the input files consumed (compressed bytes for .gz files)
     * @param bytesTotal total size of the input files
     * @param records    records read so far
     */
    void progress(long bytesDone, long bytesTotal, long records);
}
