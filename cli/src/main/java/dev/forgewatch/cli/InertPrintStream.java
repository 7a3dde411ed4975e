package dev.forgewatch.cli;

import dev.forgewatch.common.text.Inert;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Standard error as every command writes to it: whatever a message carries from evidence or from a
 * server (a user name, a file name, an error body) cannot move the cursor, clear or retitle the
 * terminal or reorder the text: control and bidi characters are shown escaped ({@link Inert}),
 * line feeds and tabs kept. Only {@link #redraw} writes a carriage return, for the progress line.
 */
public final class InertPrintStream extends PrintStream {
    private final PrintStream target;

    private InertPrintStream(PrintStream target) {
        super(OutputStream.nullOutputStream());
        this.target = target;
    }

    /** {@code stream}, made inert (once). */
    public static PrintStream of(PrintStream stream) {
        return stream instanceof InertPrintStream ? stream : new InertPrintStream(stream);
    }

    /** Rewrites the current line: a carriage return, then {@code text} made inert. */
    public static void redraw(PrintStream stream, String text) {
        PrintStream raw = stream instanceof InertPrintStream inert ? inert.target : stream;
        raw.print("\r" + Inert.line(text));
        raw.flush();
    }

    private void text(String text) {
        target.print(Inert.lines(text));
    }

    @Override
    public void print(String s) {
        text(String.valueOf(s));
    }

    @Override
    public void print(Object obj) {
        text(String.valueOf(obj));
    }

    @Override
    public void print(char c) {
        text(String.valueOf(c));
    }

    @Override
    public void print(char[] s) {
        text(new String(s));
    }

    // Numbers and booleans carry no acting characters: they pass through as they are.
    @Override
    public void print(boolean b) {
        target.print(b);
    }

    @Override
    public void print(int i) {
        target.print(i);
    }

    @Override
    public void print(long l) {
        target.print(l);
    }

    @Override
    public void print(float f) {
        target.print(f);
    }

    @Override
    public void print(double d) {
        target.print(d);
    }

    @Override
    public void println() {
        target.println();
    }

    /** Every println is its print then a line break, written together so threads do not interleave them. */
    private void line(Runnable print) {
        synchronized (this) {
            print.run();
            println();
        }
    }

    @Override
    public void println(String x) {
        line(() -> print(x));
    }

    @Override
    public void println(Object x) {
        line(() -> print(x));
    }

    @Override
    public void println(char x) {
        line(() -> print(x));
    }

    @Override
    public void println(char[] x) {
        line(() -> print(x));
    }

    @Override
    public void println(boolean x) {
        line(() -> print(x));
    }

    @Override
    public void println(int x) {
        line(() -> print(x));
    }

    @Override
    public void println(long x) {
        line(() -> print(x));
    }

    @Override
    public void println(float x) {
        line(() -> print(x));
    }

    @Override
    public void println(double x) {
        line(() -> print(x));
    }

    @Override
    public PrintStream printf(String format, Object... args) {
        return format(format, args);
    }

    @Override
    public PrintStream printf(Locale l, String format, Object... args) {
        return format(l, format, args);
    }

    @Override
    public PrintStream format(String format, Object... args) {
        text(String.format(Locale.ROOT, format, args));
        return this;
    }

    @Override
    public PrintStream format(Locale l, String format, Object... args) {
        text(String.format(l, format, args));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
        text(String.valueOf(csq));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        text(String.valueOf(csq == null ? "null" : csq.subSequence(start, end)));
        return this;
    }

    @Override
    public PrintStream append(char c) {
        text(String.valueOf(c));
        return this;
    }

    /** Raw bytes are text too: bytes that are control characters on their own are shown escaped. */
    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xff;
            if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) {
                target.print(Inert.escaped((char) b));
            } else {
                target.write(b);
            }
        }
    }

    @Override
    public void write(byte[] buf) {
        write(buf, 0, buf.length);
    }

    @Override
    public void flush() {
        target.flush();
    }

    @Override
    public void close() {
        target.close();
    }

    @Override
    public boolean checkError() {
        return target.checkError();
    }
}
