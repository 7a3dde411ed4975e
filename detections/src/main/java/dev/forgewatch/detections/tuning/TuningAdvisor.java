package dev.forgewatch.detections.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.baseline.BaselinePolicy;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Suggests tuning entries from a hunt's findings ({@code hunt --format ndjson}): an application or an
 * address whose findings recur day after day at the same hour of the day, over many mailboxes, and
 * never in a finding that points at an intruder (a critical finding or an indicator-of-compromise
 * rule), looks like a scheduled service (backup, archiving, journaling), not an intrusion. An account
 * (a UPN) whose findings recur the same way from one address, the steady access of an app, and never
 * reach high, looks like a service account. Each suggestion carries its evidence; nothing is applied.
 * The thresholds are data: the {@code suggestions} block of {@code baselines.yaml}
 * ({@link BaselinePolicy.Suggestions}).
 */
public final class TuningAdvisor {
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * When a pattern counts as a schedule, from {@code baselines.yaml}'s {@code suggestions}.
     *
     * @param days      findings on at least this many distinct UTC days
     * @param mailboxes naming at least this many distinct mailboxes (apps and addresses)
     * @param onSchedule at least this share of the findings within {@code window} hours of the usual hour
     * @param window    hours either side of the usual hour
     * @param accountAddresses an account's findings come from at most this many addresses
     */
    public record Thresholds(int days, int mailboxes, double onSchedule, int window, int accountAddresses) {
        public static Thresholds of(BaselinePolicy.Suggestions suggestions) {
            if (suggestions == null) {
                throw new IllegalArgumentException("no suggestion thresholds: baselines.yaml has no 'suggestions' block");
            }
            return new Thresholds(suggestions.days(), suggestions.mailboxes(), suggestions.onSchedulePercent() / 100.0,
                    suggestions.hours(), suggestions.accountAddresses());
        }
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
        final Set<String> high = new TreeSet<>();
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
    private final Map<String, Seen> accounts = new TreeMap<>();
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
        List<String> owners = texts(path(doc, mailboxField));
        List<String> users = texts(doc.path("user").path("name"));
        List<String> mailboxes = new ArrayList<>(owners);
        mailboxes.addAll(users);
        boolean accuses = rule.info().level() == Severity.CRITICAL || policy.iocRules().contains(rule.name());
        boolean high = rule.info().level().compareTo(Severity.HIGH) >= 0;
        for (String user : users) {
            if (user.indexOf('@') > 0 && !user.contains(" ")) {
                Seen seen = accounts.computeIfAbsent(user.toLowerCase(java.util.Locale.ROOT), a -> new Seen());
                add(seen, rule, time, owners, ips, appIds, accuses);
                if (high) {
                    seen.high.add(rule.name());
                }
            }
        }
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
        accounts.forEach((upn, p) -> judgeAccount(upn, p, suggestions, notSuggested));
        return new Advice(suggestions, notSuggested, findings, incidents, unreadable, first, last);
    }

    private void judge(Tuning.Kind kind, String value, Seen p, List<Suggestion> suggestions, List<String> notSuggested) {
        String what = (kind == Tuning.Kind.APP ? "app " : "address ") + value;
        if (p.days.size() < thresholds.days() || p.mailboxes.size() < thresholds.mailboxes()) {
            return;  // not a recurring, wide pattern: nothing to say
        }
        int usual = usualHour(p);
        double share = share(p, usual);
        if (!p.accusing.isEmpty()) {
            notSuggested.add(what + ": recurs on " + p.days.size() + " days over " + p.mailboxes.size()
                    + " mailboxes, but appears in findings that point at an intruder (" + String.join(", ", p.accusing) + ")");
            return;
        }
        if (share < thresholds.onSchedule()) {
            notSuggested.add(what + ": recurs on " + p.days.size() + " days over " + p.mailboxes.size() + " mailboxes, but at no fixed"
                    + " hour (" + Math.round(share * 100) + "% within " + thresholds.window() + "h of " + String.format(Locale.ROOT, "%02d:00", usual)
                    + " UTC)");
            return;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(p.findings + " findings on " + p.days.size() + " days (" + p.days.firstKey() + " to " + p.days.lastKey()
                + "), " + p.mailboxes.size() + " mailboxes");
        evidence.add(Math.round(share * 100) + "% within " + thresholds.window() + "h of " + String.format(Locale.ROOT, "%02d:00", usual)
                + " UTC every day; never in a critical or IOC finding");
        evidence.add("rules: " + byRule(p));
        if (kind == Tuning.Kind.APP) {
            evidence.add("from " + limit(p.addresses));
            suggestions.add(new Suggestion(kind, value, null, evidence));
        } else {
            evidence.add("apps: " + limit(p.apps));
            suggestions.add(new Suggestion(kind, value + (value.indexOf(':') >= 0 ? "/128" : "/32"), null, evidence));
        }
    }

    /**
     * An account is a service account when its findings recur on many days at the same hour from at most
     * {@code accountAddresses} addresses (steady access from one server, as an app has) and none of them
     * reaches high, is critical or is an IOC rule's: an account entry quiets every finding that judges the
     * account, so an account an intruder may hold is never suggested.
     */
    private void judgeAccount(String upn, Seen p, List<Suggestion> suggestions, List<String> notSuggested) {
        if (p.days.size() < thresholds.days() || p.addresses.isEmpty() || p.addresses.size() > thresholds.accountAddresses()) {
            return;  // not steady, or from several places: nothing to say
        }
        String what = "account " + upn;
        int usual = usualHour(p);
        double share = share(p, usual);
        if (!p.accusing.isEmpty() || !p.high.isEmpty()) {
            TreeSet<String> why = new TreeSet<>(p.accusing);
            why.addAll(p.high);
            notSuggested.add(what + ": recurs on " + p.days.size() + " days from " + limit(p.addresses)
                    + ", but appears in findings at high or above, or that point at an intruder (" + String.join(", ", why) + ")");
            return;
        }
        if (share < thresholds.onSchedule()) {
            notSuggested.add(what + ": recurs on " + p.days.size() + " days from " + limit(p.addresses) + ", but at no fixed hour ("
                    + Math.round(share * 100) + "% within " + thresholds.window() + "h of " + String.format(Locale.ROOT, "%02d:00", usual) + " UTC)");
            return;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(p.findings + " findings on " + p.days.size() + " days (" + p.days.firstKey() + " to " + p.days.lastKey()
                + "), always from " + limit(p.addresses) + ", " + p.mailboxes.size() + " mailbox(es)");
        evidence.add(Math.round(share * 100) + "% within " + thresholds.window() + "h of " + String.format(Locale.ROOT, "%02d:00", usual)
                + " UTC every day; never at high or above, in a critical or IOC finding");
        evidence.add("rules: " + byRule(p));
        evidence.add("apps: " + limit(p.apps));
        suggestions.add(new Suggestion(Tuning.Kind.ACCOUNT, upn, null, evidence));
    }

    private static int usualHour(Seen p) {
        int usual = 0;
        for (int h = 1; h < 24; h++) {
            if (p.hours[h] > p.hours[usual]) {
                usual = h;
            }
        }
        return usual;
    }

    private double share(Seen p, int usual) {
        int near = 0;
        for (int d = -thresholds.window(); d <= thresholds.window(); d++) {
            near += p.hours[Math.floorMod(usual + d, 24)];
        }
        return (double) near / p.findings;
    }

    private static String byRule(Seen p) {
        List<String> byRule = new ArrayList<>();
        p.rules.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> byRule.add(e.getKey() + " " + e.getValue()));
        return String.join(", ", byRule);
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
        for (Tuning.Kind kind : List.of(Tuning.Kind.APP, Tuning.Kind.EGRESS, Tuning.Kind.ACCOUNT)) {
            List<Suggestion> of = advice.suggestions().stream().filter(s -> s.kind() == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            out.append(kind.section()).append(":\n");
            for (Suggestion s : of) {
                for (String line : s.evidence()) {
                    out.append("  # ").append(comment(line)).append('\n');
                }
                out.append("  - ").append(kind.valueKey()).append(": ").append(s.value()).append('\n');
                out.append("    reason: \"suggested by rules tune: ").append(switch (kind) {
                    case APP -> "an app reading many mailboxes at the same hour every day";
                    case EGRESS -> "an address reading many mailboxes at the same hour every day";
                    default -> "an account reading mail at the same hour every day from one address, as an app does";
                }).append("; confirm and replace this reason\"\n");
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
