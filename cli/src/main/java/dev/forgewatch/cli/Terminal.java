package dev.forgewatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command's view of the process: output streams, environment, and whether stderr is an
 * interactive terminal (progress bars only then). Standard error is always made inert: no message
 * written to it can act on the terminal ({@link InertPrintStream}).
 */
public record Terminal(PrintStream out, PrintStream err, boolean interactive, Map<String, String> env) {
    public Terminal {
        err = InertPrintStream.of(err);
    }

    public static Terminal system() {
        return new Terminal(System.out, System.err, stderrIsTerminal(), System.getenv());
    }

    /**
     * Whether stderr (where progress goes) is a terminal: on Linux, what file descriptor 2 points at;
     * elsewhere, {@code System.console()}, which needs stdin and stdout to be a terminal too.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    public String env(String name) {
        return env.get(name);
    }
}
