package dev.forgewatch.cli;

import java.util.Set;

/** One {@code forgewatch} subcommand. */
public interface Command {
    /** The word after {@code forgewatch}, e.g. {@code hunt}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text: usage line, options, examples. */
    String help();

    /** Options that take a value ({@code --output FILE}), without the dashes. */
    Set<String> valueOptions();

    /** Options that are plain flags ({@code --force}), without the dashes. */
    Set<String> flags();

    /**
     * Runs the command.
     *
     * @return the process exit code ({@link ExitCodes})
     * @throws UsageException for bad arguments (exit 2, one-line message)
     */
    int run(Args args, Terminal terminal) throws Exception;
}
