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
 * A tenant's tuning file given with {@code --tuning FILE} to a command that builds or installs SIEM
 * content ({@code elastic install}, {@code splunk package}): read strictly and checked against the
 * rule pack, as {@code hunt} and {@code rules export} do; every problem is printed with its line and
 * nothing is built or installed.
 */
public final class TuningFile {
    private TuningFile() {
    }

    /**
     * The pack's own tuning without {@code --tuning}, else the file's.
     *
     * @param doing what the command would have done, for the refusal: "nothing was installed"
     */
    public static Tuning load(String file, RulePack pack, String command, String doing, Terminal terminal)
            throws UsageException, IOException {
        if (file == null) {
            return pack.tuning();
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--tuning " + file + " is not a file");
        }
        try {
            return pack.tuning(file, Files.readString(path, StandardCharsets.UTF_8));
        } catch (RuleException e) {
            e.problems().forEach(problem -> terminal.err().println("forgewatch " + command + ": " + Inert.line(problem.toString())));
            throw new UsageException("--tuning " + file + ": " + e.problems().size() + " problem(s) above; " + doing);
        }
    }
}
