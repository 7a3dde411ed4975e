package dev.forgewatch.detections.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.condition.IpAddresses;
import dev.forgewatch.detections.incident.IncidentPolicy;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Suggests tuning entries from a hunt's findings ({@code hunt --format ndjson}): an application or an
 * address whose findings recur day after day at the same hour of the day, over many mailboxes, and
 * never in a finding that points at an intruder (a critical finding or an indicator-of-compromise
 * rule), looks like a scheduled service (backup, archiving, journaling), not an intrusion. Each
 * suggestion carries its evidence; nothing is applied. The thresholds are {@link Thresholds}.
 */
public final class TuningAdvisor {
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * When a pattern counts as a schedule.
     *
     * @param days      findings on at least this many distinct UTC days
     * @param mailboxes naming at least this many distinct mailboxes
     * @param onSchedule at least this share of the findings within {@code window} hours of the usual hour
     * @param window    hours either side of the usual hour
     */
    public record Thresholds(int days, int mailboxes, double onSchedule, int window) {
        public static final Thresholds STANDARD = new Thresholds(5, 10, 0.8, 1);
    }

    /** One suggested entry and why. */
    public record Suggestion(Tuning.Kind kind, String value, String name, List<String> evidence) {
        public Suggestion {
            evidence = List.copyOf(evidence);
        }
    }

    /** What the advisor made of the input. */
    public record Advice(List<Suggestion> suggestions, List<String> notSuggested, long findings, long incidents, long unreadable,
            Instant first, Instant last) {
        public Advice {
            suggestions = List.copyOf(suggestions);
            notSuggested = List.copyOf(notSuggested);
        }
    }

    /** Everything seen of one app or address. */
    private static final class Seen {
        final TreeMap<LocalDate, Integer> days = new TreeMap<>();
        final int[] hours = new int[24];
        final Set<String> mailboxes = new TreeSet<>();
        final Map<String, Integer> rules = new LinkedHashMap<>();
        final Set<String> addresses = new TreeSet<>();
        final Set<String> apps = new TreeSet<>();
        final Set<String> accusing = new TreeSet<>();
        int findings;
    }

    private final RuleSet rules;
    private final IncidentPolicy policy;
    private final Thresholds thresholds;
    private final String appField;
    private final String ipField;
    private final String mailboxField;
    private final Map<String, Seen> apps = new TreeMap<>();
    private final Map<String, Seen> addresses = new TreeMap<>();
    private long findings;
    private long incidents;
    private long unreadable;
    private Instant first;
    private Instant last;

    public TuningAdvisor(RuleSet rules, IncidentPolicy policy, FieldCatalog catalog, Thresholds thresholds) {
        this.rules = rules;
        this.policy = policy;
        this.thresholds = thresholds;
        this.appField = catalog.field(Fields.APP_ID).ecs();
        this.ipField = catalog.field(Fields.CLIENT_IP).ecs();
        this.mailboxField = catalog.field(Fields.MAILBOX_OWNER_UPN).ecs();
    }

    /** A line the reader could not take as JSON; counted and reported, never dropped silently. */
    public void unreadable() {
        unreadable++;
    }

    /** One document of the findings file: a finding, or an incident (counted, not used). */
    public void accept(JsonNode doc) {
        String dataset = doc.path("event").path("dataset").asText("");
        if (dataset.equals("forgewatch.incident")) {
            incidents++;
            return;
        }
        Rule rule = rules.rule(doc.path("rule").path("id").asText(""));
        Instant time;
        try {
            time = Instant.parse(doc.path("@timestamp").asText(""));
        } catch (DateTimeParseException e) {
            unreadable++;
            return;
        }
        if (!dataset.equals("forgewatch.finding") || rule == null) {
            unreadable++;
            return;
        }
        findings++;
        first = first == null || time.isBefore(first) ? time : first;
        last = last == null || time.isAfter(last) ? time : last;
        List<String> appIds = texts(path(doc, appField));
        List<String> ips = texts(path(doc, ipField));
        List<String> mailboxes = new ArrayList<>(texts(path(doc, mailboxField)));
        mailboxes.addAll(texts(doc.path("user").path("name")));
        boolean accuses = rule.info().level() == Severity.CRITICAL || policy.iocRules().contains(rule.name());
        for (String app : appIds) {
            if (GUID.matcher(app).matches()) {
                add(apps.computeIfAbsent(app.toLowerCase(java.util.Locale.ROOT), a -> new Seen()), rule, time, mailboxes, ips,
                        appIds, accuses);
            }
        }
        for (String ip : ips) {
            if (IpAddresses.parse(ip) != null) {
                add(addresses.computeIfAbsent(ip, a -> new Seen()), rule, time, mailboxes, ips, appIds, accuses);
            }
        }
    }

    private static void add(Seen p, Rule rule, Instant time, List<String> mailboxes, List<String> ips, List<String> apps,
            boolean accuses) {
        p.findings++;
        p.days.merge(time.atZone(ZoneOffset.UTC).toLocalDate(), 1, Integer::sum);
        p.hours[time.atZone(ZoneOffset.UTC).getHour()]++;
        mailboxes.forEach(m -> p.mailboxes.add(m.toLowerCase(java.util.Locale.ROOT)));
        p.rules.merge(rule.name(), 1, Integer::sum);
        p.addresses.addAll(ips);
        p.apps.addAll(apps);
        if (accuses) {
            p.accusing.add(rule.name());
        }
    }

    /** The suggestions, apps first, then addresses, each by value. */
    public Advice advice() {
        List<Suggestion> suggestions = new ArrayList<>();
        List<String> notSuggested = new ArrayList<>();
        apps.forEach((app, p) -> judge(Tuning.Kind.APP, app, p, suggestions, notSuggested));
        addresses.forEach((ip, p) -> judge(Tuning.Kind.EGRESS, ip, p, suggestions, notSuggested));
        return new Advice(suggestions, notSuggested, findings, incidents, unreadable, first, last);
    }

    private void judge(Tuning.Kind kind, String value, Seen p, List<Suggestion> suggestions, List<String> notSuggested) {
        String what = (kind == Tuning.Kind.APP ? "app " : "address ") + value;
        if (p.days.size() < thresholds.days() || p.mailboxes.size() < thresholds.mailboxes()) {
            return;  // not a recurring, wide pattern: nothing to say
        }
        int usual = 0;
        for (int h = 1; h < 24; h++) {
            if (p.hours[h] > p.hours[usual]) {
                usual = h;
            }
        }
        int near = 0;
        for (int d = -thresholds.window(); d <= thresholds.window(); d++) {
            near += p.hours[Math.floorMod(usual + d, 24)];
        }
        double share = (double) near / p.findings;
        if (!p.accusing.isEmpty()) {
            notSuggested.add(what + ": recurs on " + p.days.size() + " days over " + p.mailboxes.size()
                    + " mailboxes, but appears in findings that point at an intruder (" + String.join(", ", p.accusing) + ")");
            return;
        }
        if (share < thresholds.onSchedule()) {
            notSuggested.add(what + ": recurs on " + p.days.size() + " days over " + p.mailboxes.size() + " mailboxes, but at no fixed"
                    + " hour (" + Math.round(share * 100) + "% within " + thresholds.window() + "h of " + String.format("%02d:00", usual)
                    + " UTC)");
            return;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(p.findings + " findings on " + p.days.size() + " days (" + p.days.firstKey() + " to " + p.days.lastKey()
                + "), " + p.mailboxes.size() + " mailboxes");
        evidence.add(Math.round(share * 100) + "% within " + thresholds.window() + "h of " + String.format("%02d:00", usual)
                + " UTC every day; never in a critical or IOC finding");
        List<String> byRule = new ArrayList<>();
        p.rules.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> byRule.add(e.getKey() + " " + e.getValue()));
        evidence.add("rules: " + String.join(", ", byRule));
        if (kind == Tuning.Kind.APP) {
            evidence.add("from " + limit(p.addresses));
            suggestions.add(new Suggestion(kind, value, null, evidence));
        } else {
            evidence.add("apps: " + limit(p.apps));
            suggestions.add(new Suggestion(kind, value + (value.indexOf(':') >= 0 ? "/128" : "/32"), null, evidence));
        }
    }

    private static String limit(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        return list.isEmpty() ? "(none)" : list.size() <= 5 ? String.join(", ", list)
                : String.join(", ", list.subList(0, 5)) + " and " + (list.size() - 5) + " more";
    }

    private static JsonNode path(JsonNode doc, String dotted) {
        JsonNode node = doc;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }

    /**
     * The advice as a tuning file fragment: every suggestion an entry with its evidence in comments
     * above it and a reason that says it was suggested; values are checked ids and addresses only.
     */
    public static String fragment(Advice advice, String source) {
        StringBuilder out = new StringBuilder();
        out.append("# Suggested by 'forgewatch rules tune' from ").append(comment(source)).append(": ").append(advice.findings())
                .append(" findings");
        if (advice.first() != null) {
            out.append(", ").append(advice.first()).append(" to ").append(advice.last());
        }
        out.append(".\n# Suggestions only: nothing was applied. Check each (is the app the tenant's own? is the address its\n"
                + "# server?), write the real reason, and copy what you accept into your tuning file (docs/tuning.md).\n");
        if (advice.suggestions().isEmpty()) {
            out.append("# No scheduled pattern found: nothing to suggest.\n");
        }
        out.append("version: 1\n");
        for (Tuning.Kind kind : List.of(Tuning.Kind.APP, Tuning.Kind.EGRESS)) {
            List<Suggestion> of = advice.suggestions().stream().filter(s -> s.kind() == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            out.append(kind.section()).append(":\n");
            for (Suggestion s : of) {
                for (String line : s.evidence()) {
                    out.append("  # ").append(comment(line)).append('\n');
                }
                out.append("  - ").append(kind == Tuning.Kind.APP ? "id" : "cidr").append(": ").append(s.value()).append('\n');
                out.append("    reason: \"suggested by rules tune: ").append(kind == Tuning.Kind.APP ? "an app" : "an address")
                        .append(" reading many mailboxes at the same hour every day; confirm and replace this reason\"\n");
            }
        }
        for (String note : advice.notSuggested()) {
            out.append("# not suggested: ").append(comment(note)).append('\n');
        }
        return out.toString();
    }

    /** Text safe inside a YAML comment line: no line breaks or control characters. */
    private static String comment(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c));
        return out.toString();
    }
}
