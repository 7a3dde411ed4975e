package dev.forgewatch.samples.out;

import dev.forgewatch.samples.sim.Activity;
import java.io.Closeable;
import java.io.IOException;

/**
 * Writes activities in one file format. {@link #close()} completes the format (closing brackets)
 * and closes the underlying writer. A proxy-log writer is one more implementation.
 */
public interface RecordWriter extends Closeable {
    void write(Activity activity) throws IOException;
}
