package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Every lookup transforms.conf defines has its CSV in lookups/, with a header and rows of that
 * width; every automatic lookup in props.conf names a shipped lookup and columns it has. (Searches
 * and dashboards are checked the same way by their own checks.)
 */
final class LookupsCheck implements AppCheck {
    private static final String TRANSFORMS = LookupReferences.TRANSFORMS;
    private static final String PROPS = "default/props.conf";

    @Override
    public String name() {
        return "lookups";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        for (Stanza stanza : AppFiles.stanzas(app, TRANSFORMS)) {
            stanza.value("filename").ifPresent(file -> {
                String path = "lookups/" + file;
                app.text(path).ifPresentOrElse(csv -> checkCsv(path, csv, problems),
                        () -> problems.add(new Problem(TRANSFORMS, stanza.line(), "check_lookup_file_exists",
                                "[" + stanza.name() + "] names " + path + ", which the app does not contain")));
            });
        }
        LookupReferences references = new LookupReferences(app);
        for (Stanza stanza : AppFiles.stanzas(app, PROPS)) {
            stanza.settings().stream().filter(setting -> setting.key().startsWith("LOOKUP-")).forEach(setting ->
                    references.check(setting.key(), setting.value()).forEach(message -> problems.add(new Problem(PROPS,
                            setting.line(), "check_lookup_reference", "[" + stanza.name() + "] " + message))));
        }
        return problems;
    }

    private static void checkCsv(String path, String csv, List<Problem> problems) {
        List<List<String>> rows = Csv.parse(csv);
        if (rows.isEmpty() || rows.get(0).stream().allMatch(String::isBlank)) {
            problems.add(new Problem(path, 1, "check_lookup_csv", "a lookup needs a header row"));
            return;
        }
        int width = rows.get(0).size();
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).size() != width) {
                problems.add(new Problem(path, i + 1, "check_lookup_csv", "row has " + rows.get(i).size()
                        + " cells, the header " + width));
            }
        }
    }

    /** RFC 4180 reading: quoted cells may hold commas, doubled quotes and line breaks. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(cell.toString());
                    rows.add(row);
                    row = new ArrayList<>();
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            if (cell.length() > 0 || !row.isEmpty()) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
