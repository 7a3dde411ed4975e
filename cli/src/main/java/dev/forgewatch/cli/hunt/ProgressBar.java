package dev.forgewatch.cli.hunt;

import dev.forgewatch.cli.InertPrintStream;
import dev.forgewatch.common.pipeline.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn at most ten times a second; the line is made inert like any other. */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    @Override
    public void progress(long bytesDone, long bytesTotal, long records) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && bytesDone < bytesTotal) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double fraction = bytesTotal <= 0 ? 1.0 : Math.min(1.0, (double) bytesDone / bytesTotal);
        int filled = (int) Math.round(fraction * WIDTH);
        InertPrintStream.redraw(err, "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%% %s / %s, %,d records", Math.round(fraction * 100), size(bytesDone), size(bytesTotal), records));
    }

    /** Clears the bar so the summary starts on a clean line. */
    void clear() {
        if (drawn) {
            InertPrintStream.redraw(err, " ".repeat(WIDTH + 60));
            InertPrintStream.redraw(err, "");
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
