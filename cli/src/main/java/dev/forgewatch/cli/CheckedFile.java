package dev.forgewatch.cli;

import dev.forgewatch.common.text.Inert;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.tuning.Tuning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A data file a command option names ({@code --tuning FILE}, {@code --baselines FILE}): read strictly and
 * checked against the rules the command uses; every problem is printed with its line and the command
 * does nothing (exit 2).
 */
public final class CheckedFile {
    private CheckedFile() {
    }

    /** Reads a data file's text into what it says, or names every problem of it. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String name, String text) throws RuleException;
    }

    /**
     * @param option  the option without dashes, for the messages: "tuning"
     * @param command the command, for the messages: "hunt", "elastic"
     * @param doing   what the command would have done, for the refusal: "nothing was installed"
     */
    public static <T> T read(String option, Path file, Parser<T> parser, String command, String doing, Terminal terminal)
            throws UsageException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--" + option + " " + file + " is not a file");
        }
        try {
            return parser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuleException e) {
            e.problems().forEach(problem -> terminal.err().println("forgewatch " + command + ": " + Inert.line(problem.toString())));
            throw new UsageException("--" + option + " " + file + ": " + e.problems().size() + " problem(s) above; " + doing);
        }
    }

    /** The pack's own tuning without {@code --tuning}, else the file's, checked against the pack. */
    public static Tuning tuning(String file, RulePack pack, String command, String doing, Terminal terminal)
            throws UsageException, IOException {
        return file == null ? pack.tuning() : read("tuning", Path.of(file), pack::tuning, command, doing, terminal);
    }
}
