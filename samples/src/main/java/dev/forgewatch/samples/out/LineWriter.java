package dev.forgewatch.samples.out;

import dev.forgewatch.samples.sim.Activity;
import java.io.IOException;
import java.io.Writer;

/** Plain text log lines (the portal's access log). */
public final class LineWriter implements RecordWriter {
    private final Writer out;

    public LineWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(Activity activity) throws IOException {
        out.write(((Activity.PortalRequest) activity).line());
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
