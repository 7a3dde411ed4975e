package dev.forgewatch.detections.rule;

import java.util.List;
import java.util.stream.Collectors;

/** One or more rules could not be loaded; each problem names its file and line. */
public final class RuleException extends Exception {
    /** A problem in a rule file; line 0 means the whole file. */
    public record Problem(String file, int line, String reason) {
        @Override
        public String toString() {
            return (line > 0 ? file + ":" + line : file) + ": " + reason;
        }
    }

    private final List<Problem> problems;

    public RuleException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public RuleException(String file, int line, String reason) {
        this(List.of(new Problem(file, line, reason)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
