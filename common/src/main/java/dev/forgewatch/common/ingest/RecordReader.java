package dev.forgewatch.common.ingest;

import java.io.Closeable;
import java.io.IOException;

/** Streams the records of one input, one at a time, in bounded memory. */
public interface RecordReader extends Closeable {
    /** The next record, or null at the end of the input. */
    RawRecord next() throws IOException;

    /** Bytes of the underlying file consumed so far (compressed bytes for .gz), for progress. */
    long bytesRead();
}
