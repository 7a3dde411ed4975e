package dev.forgewatch.cli;

import dev.forgewatch.common.text.Inert;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code forgewatch} command: dispatches to the subcommands in {@link Commands}. */
public final class Main {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Main(List<Command> commands) {
        for (Command command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    public static void main(String[] argv) {
        int code;
        try {
            code = new Main(Commands.all()).run(Arrays.asList(argv), Terminal.system());
        } catch (RuntimeException e) {
            // Only a broken installation gets here (e.g. invalid bundled mapping data).
            PrintStream err = InertPrintStream.of(System.err);
            err.println("forgewatch: cannot start: " + describe(e));
            if (Arrays.asList(argv).contains("--debug")) {
                e.printStackTrace(err);
            }
            code = ExitCodes.ERROR;
        }
        System.out.flush();
        System.exit(code);
    }

    public int run(List<String> argv, Terminal terminal) {
        boolean debug = argv.contains("--debug");
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            if (argv.size() > 1 && commands.containsKey(argv.get(1))) {
                terminal.out().print(commands.get(argv.get(1)).help());
            } else {
                terminal.out().print(overview());
            }
            return argv.isEmpty() ? ExitCodes.ERROR : ExitCodes.OK;
        }
        if (argv.get(0).equals("--version")) {
            terminal.out().println("forgewatch " + Version.current());
            return ExitCodes.OK;
        }
        Command command = commands.get(argv.get(0));
        if (command == null) {
            terminal.err().println("forgewatch: unknown command '" + Inert.line(argv.get(0)) + "'. Run 'forgewatch --help' for the list.");
            return ExitCodes.ERROR;
        }
        List<String> rest = argv.subList(1, argv.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            terminal.out().print(command.help());
            return ExitCodes.OK;
        }
        try {
            Args args = Args.parse(rest.stream().filter(a -> !a.equals("--debug")).toList(),
                    command.valueOptions(), command.flags());
            return command.run(args, terminal);
        } catch (UsageException e) {
            terminal.err().println("forgewatch " + command.name() + ": " + Inert.line(e.getMessage())
                    + ". Run 'forgewatch " + command.name() + " --help' for usage.");
            return ExitCodes.ERROR;
        } catch (Exception e) {
            terminal.err().println("forgewatch " + command.name() + ": " + describe(e));
            if (debug) {
                e.printStackTrace(terminal.err());
            }
            return ExitCodes.ERROR;
        }
    }

    /** One line for an unexpected failure, secrets redacted (exception messages can quote input). */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        String text = cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException
                ? "I/O error: " + (message == null ? cause.getClass().getSimpleName() : message)
                : (message == null ? cause.getClass().getSimpleName() : message);
        if (cause instanceof java.nio.file.NoSuchFileException missing) {
            text = "no such file or directory: " + missing.getFile();
        }
        // one line, inert: a message can quote input or a server's answer
        return Inert.line(dev.forgewatch.common.secret.Redactor.redact(text)) + " (use --debug for details)";
    }

    String overview() {
        StringBuilder text = new StringBuilder();
        text.append("forgewatch ").append(Version.current())
                .append(" - find Storm-0558-style forged-token mailbox access in Microsoft 365 / Entra ID logs\n\n")
                .append("Usage: forgewatch <command> [options]\n\nCommands:\n");
        for (Command command : commands.values()) {
            text.append(String.format(Locale.ROOT, "  %-10s %s%n", command.name(), command.summary()));
        }
        text.append("\nRun 'forgewatch <command> --help' for a command's options. --debug shows stack traces on errors.\n");
        return text.toString();
    }
}
