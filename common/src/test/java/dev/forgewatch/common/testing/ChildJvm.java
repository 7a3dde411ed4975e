package dev.forgewatch.common.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a test's main class in a JVM of its own (to be killed mid-run), on the test class path. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code main} with the arguments and extra environment; its output goes to {@code log}. */
    public static Process start(Class<?> main, List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        return start(List.of(), main, arguments, environment, log);
    }

    /**
     * The same, run through {@code launcher} (a command that runs the rest of its arguments, e.g.
     * {@code setpriv …} or {@code sh -c 'ulimit -n 512; exec "$0" "$@"'}).
     */
    public static Process start(List<String> launcher, Class<?> main, List<String> arguments, Map<String, String> environment,
                                Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, main.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }
}
