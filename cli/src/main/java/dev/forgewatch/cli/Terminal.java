package dev.forgewatch.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * The command's view of the process: output streams, environment, and whether stderr is an
 * interactive terminal (progress bars only then).
 */
public record Terminal(PrintStream out, PrintStream err, boolean interactive, Map<String, String> env) {
    public static Terminal system() {
        // System.console() is non-null only when both stdin and stdout are a terminal; close enough
        // for "a person is watching", and it is false under CI and in pipes.
        return new Terminal(System.out, System.err, System.console() != null, System.getenv());
    }

    public String env(String name) {
        return env.get(name);
    }
}
