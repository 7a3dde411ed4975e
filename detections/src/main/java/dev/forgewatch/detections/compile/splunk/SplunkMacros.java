package dev.forgewatch.detections.compile.splunk;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.condition.IpNetwork;
import dev.forgewatch.detections.rule.DetectionRule;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.tuning.Tuning;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The macros compiled searches use, so a SOC points ForgeWatch at its own index and sourcetypes by
 * editing macros, not searches: {@code forgewatch_index}, one search macro per event kind
 * ({@code forgewatch_audit}, ...), {@code forgewatch_events} for all kinds, eval-safe kind tests
 * ({@code forgewatch_is_audit}, ...) for correlations that combine kinds, and one empty
 * {@code <rule>_filter} per rule for tuning. Sourcetype names follow the Splunk add-on.
 */
public final class SplunkMacros {
    public static final String INDEX = "forgewatch_index";
    public static final String EVENTS = "forgewatch_events";
    private static final Map<SourceKind, String> SOURCETYPES = new EnumMap<>(Map.of(
            SourceKind.AUDIT, "forgewatch:m365:audit",
            SourceKind.SIGNIN, "forgewatch:entra:signin",
            SourceKind.TOKEN, "forgewatch:token",
            SourceKind.APP, "forgewatch:app",
            SourceKind.GRAPH_ACTIVITY, "forgewatch:graph:activity"));

    private SplunkMacros() {
    }

    /** The sourcetype events of {@code kind} are indexed under (the Splunk app's sourcetypes use these names). */
    public static String sourcetype(SourceKind kind) {
        return SOURCETYPES.get(kind);
    }

    /** The search macro reading events of one kind: {@code forgewatch_audit}, ... */
    public static String kindMacro(SourceKind kind) {
        return "forgewatch_" + kind.shortName();
    }

    /** {@code `forgewatch_audit`} for a rule on one kind, {@code `forgewatch_events`} for all. */
    public static String searchMacro(DetectionRule rule) {
        Set<SourceKind> kinds = rule.logsource().kinds();
        return "`" + (kinds.size() == 1 ? kindMacro(kinds.iterator().next()) : EVENTS) + "`";
    }

    /** An eval expression true for events of the rule's kind, or null when it reads every kind. */
    public static String kindTest(DetectionRule rule) {
        Set<SourceKind> kinds = rule.logsource().kinds();
        return kinds.size() == 1 ? "`forgewatch_is_" + kinds.iterator().next().shortName() + "`" : null;
    }

    public static String filterMacro(Rule rule) {
        return rule.name() + "_filter";
    }

    /**
     * The macros every ForgeWatch search starts from, defined here once: the rules export writes them
     * and the Splunk app's macros.conf is built from them.
     */
    public static List<Stanza> shared() {
        List<Stanza> stanzas = new ArrayList<>();
        stanzas.add(macro(INDEX, "index=*", "The indexes holding ForgeWatch data. Override with your index, e.g. index=m365."));
        List<String> all = new ArrayList<>();
        for (Map.Entry<SourceKind, String> entry : SOURCETYPES.entrySet()) {
            String kind = entry.getKey().shortName();
            all.add("(`" + kindMacro(entry.getKey()) + "`)");
            stanzas.add(macro(kindMacro(entry.getKey()), "`" + INDEX + "` sourcetype=" + Spl.quote(entry.getValue()),
                    "ForgeWatch " + kind + " events."));
        }
        // Built from the kind macros, so pointing one (e.g. forgewatch_app at a proxy's sourcetype) changes this too.
        stanzas.add(macro(EVENTS, "(" + String.join(" OR ", all) + ")", "All ForgeWatch events."));
        for (Map.Entry<SourceKind, String> entry : SOURCETYPES.entrySet()) {
            stanzas.add(macro("forgewatch_is_" + entry.getKey().shortName(), "sourcetype==" + Spl.quote(entry.getValue()),
                    "Eval test: the event is a ForgeWatch " + entry.getKey().shortName() + " event."));
        }
        return stanzas;
    }

    public static Stanza filter(Rule rule) {
        return filter(rule, List.of());
    }

    /**
     * The rule's filter macro from its tuning: {@code search *} when nothing applies, else
     * {@code search NOT (field="value" OR ...)} over the entries' values (a CIDR block as the value,
     * which the search command matches as a range), in the tuning file's order.
     */
    public static Stanza filter(Rule rule, List<Tuning.Applied> tuning) {
        if (tuning.isEmpty()) {
            return macro(filterMacro(rule), "search *", "Tuning filter for \"" + rule.info().title()
                    + "\": replace search * with conditions that drop known-good results, e.g. search NOT src=\"203.0.113.7\".");
        }
        List<String> clauses = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Tuning.Applied applies : tuning) {
            Tuning.Entry entry = applies.entry();
            labels.add(entry.label() + " (" + entry.reason() + ")");
            List<String> values = entry.cidrs().isEmpty() ? entry.values() : entry.cidrs().stream().map(IpNetwork::text).toList();
            for (FieldRef field : applies.fields()) {
                for (String value : values) {
                    clauses.add(Targets.splunk(field) + "=" + Spl.quote(value));
                }
            }
        }
        return macro(filterMacro(rule), "search NOT (" + String.join(" OR ", clauses) + ")", "Tuning filter for \""
                + rule.info().title() + "\", generated from the tuning file: " + String.join("; ", labels) + ".");
    }

    private static Stanza macro(String name, String definition, String description) {
        return Stanza.builder(name).set("definition", definition).set("description", description).set("iseval", false).build();
    }
}
