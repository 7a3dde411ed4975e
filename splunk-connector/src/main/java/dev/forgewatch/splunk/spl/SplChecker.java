package dev.forgewatch.splunk.spl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parser-level check of SPL, for searches that cannot be run here: macros expand against
 * macros.conf, quotes, parentheses and brackets balance, the pipeline is made of known commands
 * (a leading {@code |} must start with a generating command), subsearches are checked the same
 * way, and {@code eval} / {@code where} expressions parse. It does not type-check arguments.
 */
public final class SplChecker {
    /** Commands of the SPL reference. */
    static final Set<String> COMMANDS = Set.of(
            "abstract", "accum", "addcoltotals", "addinfo", "addtotals", "analyzefields", "anomalies", "anomalousvalue",
            "anomalydetection", "append", "appendcols", "appendpipe", "arules", "associate", "audit", "autoregress", "bin",
            "bucket", "bucketdir", "chart", "cluster", "cofilter", "collect", "concurrency", "contingency", "convert",
            "correlate", "datamodel", "dbinspect", "dedup", "delete", "delta", "diff", "erex", "eval", "eventcount",
            "eventstats", "extract", "kv", "fieldformat", "fields", "fieldsummary", "filldown", "fillnull", "findtypes",
            "folderize", "foreach", "format", "from", "gauge", "gentimes", "geom", "geomfilter", "geostats", "head",
            "highlight", "history", "iconify", "inputcsv", "inputlookup", "iplocation", "join", "kmeans", "kvform",
            "loadjob", "localize", "localop", "lookup", "makecontinuous", "makemv", "makeresults", "map", "mcatalog",
            "mcollect", "metadata", "metasearch", "meventcollect", "mpreview", "msearch", "mstats", "multikv",
            "multisearch", "mvcombine", "mvexpand", "nomv", "outlier", "outputcsv", "outputlookup", "outputtext", "overlap",
            "pivot", "predict", "rangemap", "rare", "redistribute", "regex", "reltime", "rename", "replace", "require",
            "rest", "return", "reverse", "rex", "rtorder", "savedsearch", "script", "run", "scrub", "search", "searchtxn",
            "selfjoin", "sendalert", "sendemail", "set", "setfields", "sichart", "sirare", "sistats", "sitimechart", "sitop",
            "sort", "spath", "stats", "strcat", "streamstats", "table", "tags", "tail", "timechart", "timewrap", "tojson",
            "top", "transaction", "transpose", "trendline", "tscollect", "tstats", "typeahead", "typelearner", "typer",
            "union", "uniq", "untable", "walklex", "where", "x11", "xmlkv", "xmlunescape", "xpath", "xyseries");

    /** Commands that can start a search after a leading pipe. */
    static final Set<String> GENERATING = Set.of(
            "datamodel", "dbinspect", "eventcount", "from", "gentimes", "history", "inputcsv", "inputlookup", "loadjob",
            "makeresults", "mcatalog", "metadata", "metasearch", "mpreview", "msearch", "mstats", "multisearch", "pivot",
            "rest", "savedsearch", "search", "searchtxn", "set", "tstats", "typeahead", "union", "walklex");

    private final MacroTable macros;

    public SplChecker(MacroTable macros) {
        this.macros = macros;
    }

    /**
     * The outcome of one check: the expanded search, the macros it used, its commands (those of
     * subsearches included, the base search as {@code search}), and what is wrong (empty when fine).
     */
    public record Result(String expanded, Set<String> macrosUsed, List<Command> commands, List<String> problems) {
        public Result {
            macrosUsed = Set.copyOf(macrosUsed);
            commands = List.copyOf(commands);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** One command of a pipeline: its name in lower case and the text after it. */
    public record Command(String name, String arguments) {
    }

    /** Checks a full search (saved search, dashboard search, macro body). */
    public Result check(String search) {
        return run(search, false);
    }

    /** Checks search terms that may not contain a pipeline, such as an eventtype's search. */
    public Result checkTerms(String terms) {
        return run(terms, true);
    }

    private Result run(String search, boolean termsOnly) {
        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        String expanded;
        try {
            expanded = macros.expand(search, used);
        } catch (SplSyntaxException e) {
            return new Result(search, used, commands, List.of(e.getMessage()));
        }
        try {
            checkNesting(expanded);
            List<String> segments = SplScanner.splitTopLevel(expanded, '|');
            if (termsOnly && segments.size() > 1) {
                problems.add("a pipe is not allowed here: only search terms");
            } else {
                checkPipeline(expanded, commands, problems);
            }
        } catch (SplSyntaxException e) {
            problems.add(e.getMessage());
        }
        return new Result(expanded, used, commands, problems);
    }

    private void checkPipeline(String search, List<Command> commands, List<String> problems) throws SplSyntaxException {
        String body = search.strip();
        boolean leadingPipe = body.startsWith("|");
        if (leadingPipe) {
            body = body.substring(1);
        }
        List<String> segments = SplScanner.splitTopLevel(body, '|');
        for (int index = 0; index < segments.size(); index++) {
            String segment = segments.get(index).strip();
            if (segment.isEmpty()) {
                if (index == 0 && !leadingPipe) {
                    continue; // an empty base search is allowed (it returns nothing)
                }
                problems.add("empty command in the pipeline (a doubled or trailing '|')");
                continue;
            }
            String command = index == 0 && !leadingPipe ? "search" : firstWord(segment);
            String arguments = index == 0 && !leadingPipe ? segment : segment.substring(command.length());
            if (!COMMANDS.contains(command)) {
                problems.add("unknown command '" + command + "'");
                continue;
            }
            commands.add(new Command(command, arguments.strip()));
            if (index == 0 && leadingPipe && !GENERATING.contains(command)) {
                problems.add("'" + command + "' cannot start a search: after a leading '|' comes a generating command");
            }
            if (command.equals("eval")) {
                checkEval(arguments, problems);
            } else if (command.equals("where")) {
                parseExpression(arguments, "where", problems);
            }
            for (String subsearch : subsearches(arguments)) {
                checkPipeline(subsearch, commands, problems);
            }
        }
    }

    private static void checkEval(String arguments, List<String> problems) {
        for (String assignment : SplScanner.splitTopLevel(arguments, ',')) {
            int eq = assignmentOperator(assignment);
            if (eq < 0 || assignment.substring(0, eq).isBlank()) {
                problems.add("eval needs 'field = expression', got '" + assignment.strip() + "'");
                continue;
            }
            parseExpression(assignment.substring(eq + 1), "eval " + assignment.substring(0, eq).strip(), problems);
        }
    }

    /** The offset of the first '=' that is not part of '==', '!=', '<=' or '>=', outside quotes. */
    private static int assignmentOperator(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = SplScanner.skipString(text, i);
                if (end < 0) {
                    return -1;
                }
                i = end - 1;
            } else if (c == '\'') {
                int close = text.indexOf(c, i + 1);
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '=' && (i + 1 >= text.length() || text.charAt(i + 1) != '=')
                    && (i == 0 || "=!<>".indexOf(text.charAt(i - 1)) < 0)) {
                return i;
            }
        }
        return -1;
    }

    private static void parseExpression(String expression, String where, List<String> problems) {
        try {
            EvalParser.parse(expression);
        } catch (SplSyntaxException e) {
            problems.add(where + ": " + e.getMessage());
        }
    }

    /** The bodies of the top-level {@code [ ... ]} subsearches of one command's arguments. */
    private static List<String> subsearches(String arguments) {
        List<String> found = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == '"') {
                i = SplScanner.skipString(arguments, i) - 1;
            } else if (c == '[') {
                if (depth++ == 0) {
                    start = i + 1;
                }
            } else if (c == ']' && --depth == 0) {
                found.add(arguments.substring(start, i));
            }
        }
        return found;
    }

    /** Quotes close, and parentheses and brackets nest, outside strings. */
    private static void checkNesting(String search) throws SplSyntaxException {
        StringBuilder open = new StringBuilder();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < search.length(); i++) {
            char c = search.charAt(i);
            if (c == '"') {
                int end = SplScanner.skipString(search, i);
                if (end < 0) {
                    throw new SplSyntaxException("unterminated double-quoted string", i);
                }
                i = end - 1;
            } else if (c == '(' || c == '[') {
                open.append(c);
                positions.add(i);
            } else if (c == ')' || c == ']') {
                char expected = c == ')' ? '(' : '[';
                if (open.length() == 0 || open.charAt(open.length() - 1) != expected) {
                    throw new SplSyntaxException("'" + c + "' does not close anything", i);
                }
                open.setLength(open.length() - 1);
                positions.remove(positions.size() - 1);
            }
        }
        if (open.length() > 0) {
            throw new SplSyntaxException("'" + open.charAt(open.length() - 1) + "' is never closed",
                    positions.get(positions.size() - 1));
        }
    }

    private static String firstWord(String segment) {
        int end = 0;
        while (end < segment.length() && (Character.isLetterOrDigit(segment.charAt(end)) || segment.charAt(end) == '_')) {
            end++;
        }
        return segment.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
