package dev.forgewatch.splunk.conf;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Setting;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Splunk .conf and .meta syntax: {@code [stanza]} headers, {@code key = value} settings,
 * full-line {@code #} comments, and values continued on the next line by a trailing backslash.
 * Parsing never throws: whatever Splunk would misread is reported as a {@link Problem} with its line.
 */
public final class ConfParser {
    public static final String RULE_SYNTAX = "conf_syntax";
    public static final String RULE_DUPLICATE_STANZA = "conf_duplicate_stanza";
    public static final String RULE_DUPLICATE_SETTING = "conf_duplicate_setting";

    private ConfParser() {
    }

    /** The file as far as it could be read, and what is wrong with it. */
    public record Result(ConfFile file, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result parse(String path, String text) {
        return new Reading(path).read(text);
    }

    /** The state of one parse, so the parser itself stays stateless. */
    private static final class Reading {
        private final String path;
        private final List<Problem> problems = new ArrayList<>();
        private final List<String> header = new ArrayList<>();
        private final List<Stanza> stanzas = new ArrayList<>();
        private final Map<String, Integer> stanzaLines = new HashMap<>();
        private String stanzaName = Stanza.GLOBAL;
        private int stanzaLine;
        private List<Setting> settings = new ArrayList<>();
        private Map<String, Integer> keyLines = new HashMap<>();
        private boolean seenContent;

        Reading(String path) {
            this.path = path;
        }

        Result read(String text) {
            String[] lines = text.split("\r?\n", -1);
            for (int index = 0; index < lines.length; index++) {
                int lineNumber = index + 1;
                String line = lines[index];
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    if (!seenContent) {
                        header.add(trimmed.substring(1).strip());
                    }
                    continue;
                }
                seenContent = true;
                if (trimmed.startsWith("[")) {
                    startStanza(trimmed, lineNumber);
                    continue;
                }
                index = readSetting(lines, index);
            }
            closeStanza();
            return new Result(new ConfFile(path, header, stanzas), problems);
        }

        private void startStanza(String trimmed, int lineNumber) {
            if (!trimmed.endsWith("]")) {
                problem(lineNumber, RULE_SYNTAX, "stanza header is not closed with ']': " + trimmed);
                return;
            }
            closeStanza();
            stanzaName = trimmed.substring(1, trimmed.length() - 1);
            stanzaLine = lineNumber;
            Integer previous = stanzaLines.putIfAbsent(stanzaName, lineNumber);
            if (previous != null) {
                problem(lineNumber, RULE_DUPLICATE_STANZA, "stanza [" + stanzaName + "] is defined twice (first on line "
                        + previous + "); Splunk merges them silently");
            }
        }

        /** Reads one setting, following continuation lines; returns the index of its last line. */
        private int readSetting(String[] lines, int start) {
            int lineNumber = start + 1;
            String line = lines[start];
            int eq = line.indexOf('=');
            if (eq < 0) {
                problem(lineNumber, RULE_SYNTAX, "expected 'key = value', a [stanza] or a # comment: " + line.strip());
                return start;
            }
            String key = line.substring(0, eq).strip();
            StringBuilder value = new StringBuilder();
            int index = start;
            String rest = line.substring(eq + 1);
            while (true) {
                String stripped = rest.stripTrailing();
                if (stripped.endsWith("\\") && !stripped.equals(rest)) {
                    problem(index + 1, RULE_SYNTAX, "whitespace after the line-continuation backslash; Splunk will not "
                            + "continue this value");
                }
                if (!rest.endsWith("\\") || index + 1 >= lines.length) {
                    value.append(rest);
                    break;
                }
                value.append(rest, 0, rest.length() - 1).append('\n');
                rest = lines[++index];
            }
            if (key.isEmpty()) {
                problem(lineNumber, RULE_SYNTAX, "setting without a key: " + line.strip());
                return index;
            }
            Integer previous = keyLines.putIfAbsent(key, lineNumber);
            if (previous != null) {
                problem(lineNumber, RULE_DUPLICATE_SETTING, "'" + key + "' is set twice in [" + stanzaName + "] (first on line "
                        + previous + ")");
            }
            settings.add(new Setting(key, value.toString().strip(), lineNumber));
            return index;
        }

        private void closeStanza() {
            if (stanzaName.equals(Stanza.GLOBAL) && !settings.isEmpty()) {
                // settings before any header are a stanza too: a later explicit [] repeats it
                stanzaLines.putIfAbsent(Stanza.GLOBAL, settings.get(0).line());
            }
            if (!stanzaName.equals(Stanza.GLOBAL) || !settings.isEmpty()) {
                stanzas.add(new Stanza(stanzaName, settings, stanzaLine));
            }
            settings = new ArrayList<>();
            keyLines = new HashMap<>();
        }

        private void problem(int line, String rule, String message) {
            problems.add(new Problem(path, line, rule, message));
        }
    }
}
