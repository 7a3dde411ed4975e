package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.spl.SplChecker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The lookups an app ships (a transforms.conf definition with its CSV, or a CSV in {@code lookups/}
 * used by file name) with their header columns, and checks of the places that use them: a
 * {@code lookup} or {@code inputlookup} command, or a props.conf {@code LOOKUP-} setting, must name a
 * shipped lookup, and the lookup-side columns it names must be in that lookup's header.
 */
final class LookupReferences {
    static final String TRANSFORMS = "default/transforms.conf";

    private final Map<String, List<String>> headers = new HashMap<>();

    LookupReferences(AppTree app) {
        for (Stanza stanza : AppFiles.stanzas(app, TRANSFORMS)) {
            stanza.value("filename").flatMap(file -> header(app, file)).ifPresent(h -> headers.put(stanza.name(), h));
        }
        app.files().map(AppTree.Entry::relativePath).filter(path -> path.startsWith("lookups/") && path.endsWith(".csv"))
                .forEach(path -> header(app, path.substring("lookups/".length()))
                        .ifPresent(h -> headers.putIfAbsent(path.substring("lookups/".length()), h)));
    }

    private static Optional<List<String>> header(AppTree app, String file) {
        return app.text("lookups/" + file).map(LookupsCheck.Csv::parse).filter(rows -> !rows.isEmpty()).map(rows -> rows.get(0));
    }

    /** What is wrong with the lookups one checked search uses; empty when fine. */
    List<String> check(SplChecker.Result search) {
        List<String> problems = new ArrayList<>();
        for (SplChecker.Command command : search.commands()) {
            if (command.name().equals("lookup")) {
                problems.addAll(check("lookup", command.arguments()));
            } else if (command.name().equals("inputlookup")) {
                List<String> words = words(command.arguments());
                words.stream().filter(w -> !w.contains("=")).findFirst()
                        .filter(name -> !headers.containsKey(name))
                        .ifPresent(name -> problems.add(missing("inputlookup", name)));
            }
        }
        return problems;
    }

    /**
     * Checks the text of a {@code lookup} command or of a props.conf {@code LOOKUP-} value:
     * {@code [option=value ...] <name> <column> [AS <field>] ... [OUTPUT|OUTPUTNEW <column> [AS <field>] ...]}.
     */
    List<String> check(String where, String arguments) {
        List<String> words = words(arguments);
        int at = 0;
        while (at < words.size() && words.get(at).contains("=")) {
            at++; // local=, update=, event_time_field=
        }
        if (at >= words.size()) {
            return List.of(where + " names no lookup");
        }
        String name = words.get(at);
        List<String> columns = headers.get(name);
        if (columns == null) {
            return List.of(missing(where, name));
        }
        List<String> problems = new ArrayList<>();
        for (int i = at + 1; i < words.size(); i++) {
            String word = words.get(i);
            String upper = word.toUpperCase(Locale.ROOT);
            if (upper.equals("OUTPUT") || upper.equals("OUTPUTNEW")) {
                continue;
            }
            if (upper.equals("AS")) {
                i++; // the event-side name after AS is the search's own
                continue;
            }
            if (!columns.contains(word)) {
                problems.add(where + " reads column '" + word + "' of lookup " + name + ", whose columns are " + columns);
            }
        }
        return problems;
    }

    private static String missing(String where, String name) {
        return where + " uses lookup '" + name + "', which the app does not ship (no transforms.conf definition with its "
                + "CSV, no lookups/" + name + ")";
    }

    /** Words split at blanks and commas; double quotes around a field name are dropped. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split("[\\s,]+")) {
            if (!word.isEmpty()) {
                words.add(word.length() > 1 && word.startsWith("\"") && word.endsWith("\"")
                        ? word.substring(1, word.length() - 1) : word);
            }
        }
        return words;
    }
}
