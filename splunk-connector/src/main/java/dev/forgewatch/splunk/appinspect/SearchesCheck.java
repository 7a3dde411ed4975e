package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.detections.compile.splunk.Setting;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import dev.forgewatch.splunk.spl.SplChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SPL in the app: every saved search parses with its macros expanded from the app's
 * macros.conf (so every macro it calls exists), uses only lookups the app ships, names no index (indexes come from the {@code forgewatch_index} macro) and ends in
 * its tuning {@code ..._filter} macro; every eventtype search is plain search terms.
 */
final class SearchesCheck implements AppCheck {
    static final Pattern HARD_CODED_INDEX = Pattern.compile("(?i)(?<![\\w.])index\\s*(=|!=|\\s+IN\\s*\\()");
    private static final Pattern ENDS_IN_FILTER = Pattern.compile("(?s).*\\|\\s*`[^`(]+_filter(\\([^`]*\\))?`\\s*");
    private static final String SAVEDSEARCHES = "default/savedsearches.conf";
    private static final String EVENTTYPES = "default/eventtypes.conf";

    @Override
    public String name() {
        return "saved searches and eventtypes";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        SplChecker checker = new SplChecker(AppFiles.macros(app));
        LookupReferences lookups = new LookupReferences(app);
        for (Stanza stanza : AppFiles.stanzas(app, SAVEDSEARCHES)) {
            Optional<Setting> search = stanza.setting("search");
            if (stanza.name().equals(Stanza.GLOBAL) || stanza.name().equals("default")) {
                continue;
            }
            if (search.isEmpty()) {
                problems.add(new Problem(SAVEDSEARCHES, stanza.line(), "check_saved_search_has_search",
                        "[" + stanza.name() + "] has no search"));
                continue;
            }
            String spl = search.get().value();
            int line = search.get().line();
            SplChecker.Result checked = checker.check(spl);
            checked.problems().forEach(p -> problems.add(new Problem(SAVEDSEARCHES, line,
                    "check_saved_search_spl", "[" + stanza.name() + "] " + p)));
            lookups.check(checked).forEach(p -> problems.add(new Problem(SAVEDSEARCHES, line,
                    "check_lookup_reference", "[" + stanza.name() + "] " + p)));
            if (hardCodesIndex(spl)) {
                problems.add(new Problem(SAVEDSEARCHES, line, "check_no_hardcoded_index",
                        "[" + stanza.name() + "] names an index; start from the app's macros instead"));
            }
            if (!ENDS_IN_FILTER.matcher(spl).matches()) {
                problems.add(new Problem(SAVEDSEARCHES, line, "check_saved_search_ends_in_filter_macro",
                        "[" + stanza.name() + "] must end in its `<rule>_filter` macro so SOCs can tune it"));
            }
            boolean scheduled = stanza.value("enableSched").map(v -> v.equals("1") || v.equalsIgnoreCase("true"))
                    .orElse(false);
            if (scheduled && stanza.value("cron_schedule").isEmpty()) {
                problems.add(new Problem(SAVEDSEARCHES, stanza.line(), "check_scheduled_search_has_cron_schedule",
                        "[" + stanza.name() + "] is scheduled but has no cron_schedule"));
            }
        }
        for (Stanza stanza : AppFiles.stanzas(app, EVENTTYPES)) {
            stanza.setting("search").ifPresent(search -> checker.checkTerms(search.value()).problems().forEach(p ->
                    problems.add(new Problem(EVENTTYPES, search.line(), "check_eventtype_search",
                            "[" + stanza.name() + "] " + p))));
        }
        return problems;
    }

    /** True when the search itself (outside strings) names an index. */
    static boolean hardCodesIndex(String spl) {
        return HARD_CODED_INDEX.matcher(spl.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")).find();
    }
}
