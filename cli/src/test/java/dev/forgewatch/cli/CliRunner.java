package dev.forgewatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with captured output, as a non-interactive terminal. */
public final class CliRunner {
    /** What a run printed and returned. */
    public record Run(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    public static Run run(List<Command> commands, String... argv) {
        return run(commands, Map.of(), argv);
    }

    public static Run run(List<Command> commands, Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, env);
        int code = new Main(commands).run(List.of(argv), terminal);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
