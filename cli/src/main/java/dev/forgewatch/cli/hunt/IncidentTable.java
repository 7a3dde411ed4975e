package dev.forgewatch.cli.hunt;

import dev.forgewatch.common.secret.Redactor;
import dev.forgewatch.common.text.Inert;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.incident.Campaign;
import dev.forgewatch.detections.incident.Entities;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.incident.Incidents;
import dev.forgewatch.detections.incident.MailTouched;
import dev.forgewatch.detections.incident.Verdict;
import dev.forgewatch.hunt.HuntRun;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hunt's answer for a person at a terminal: the incidents, one line each, worst first, then the
 * findings grouped by rule (the default); the incidents with their evidence and next steps
 * ({@code --show incidents}); or every finding on its own line ({@code --show findings}).
 */
final class IncidentTable {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String INCIDENT_ROW = "%-12s  %-32s  %-30s  %4s  %3s  %-43s  %-21s  %s%n";
    private static final String RULE_ROW = "%-8s  %-52s  %8s  %9s  %-34s  %s%n";
    private static final String FINDING_ROW = "%-20s  %-8s  %-44s  %-34s  %-15s  %s%n";

    private final IncidentModel model;

    IncidentTable(IncidentModel model) {
        this.model = model;
    }

    void write(Show show, HuntRun.Result result, Writer out) throws IOException {
        if (show == Show.FINDINGS) {
            findings(result.findings(), result.incidents(), out);
            return;
        }
        incidents(result.incidents(), out);
        if (show == Show.INCIDENTS) {
            for (Incident incident : result.incidents().incidents()) {
                details(incident, out);
            }
            return;
        }
        out.write('\n');
        rules(result.findings(), result.incidents(), out);
    }

    private static void incidents(Incidents incidents, Writer out) throws IOException {
        List<Incident> list = incidents.incidents();
        if (list.isEmpty()) {
            out.write("No incidents.\n");
            return;
        }
        StringBuilder head = new StringBuilder("INCIDENTS: ").append(verdictCounts(list));
        for (Campaign campaign : incidents.campaigns()) {
            head.append("; campaign ").append(campaign.id()).append(" links ").append(campaign.incidentIds().size())
                    .append(" of them by ").append(linkSummary(campaign.shared()));
        }
        out.write(cell(head.toString(), 400) + "\n");
        out.write(String.format(Locale.ROOT, INCIDENT_ROW, "VERDICT", "MAILBOX", "ACTIVITY (UTC)", "RISK", "TAC", "MAIL READ BY THE INTRUDER",
                "APPS, IPS, TOKENS", "INCIDENT"));
        for (Incident i : list) {
            out.write(String.format(Locale.ROOT, INCIDENT_ROW, i.verdict().label().toUpperCase(Locale.ROOT), cell(i.mailbox(), 32),
                    MINUTE.format(i.firstActivity()) + " → " + MINUTE.format(i.lastActivity()).substring(5),
                    i.verdict() == Verdict.COVERAGE_GAP ? "-" : String.valueOf(i.score()), String.valueOf(i.tactics().size()),
                    cell(mail(i), 43), cell(entities(i), 21), i.id()));
        }
    }

    private static void details(Incident i, Writer out) throws IOException {
        out.write("\n" + i.id() + "  " + i.verdict().label().toUpperCase(Locale.ROOT) + "  " + cell(i.mailbox(), 200) + "\n");
        line(out, "activity", SECOND.format(i.firstActivity()) + " to " + SECOND.format(i.lastActivity()));
        if (i.verdict() != Verdict.COVERAGE_GAP) {
            line(out, "risk", i.score() + " (tactics: " + String.join(", ", i.tactics()) + ")");
        }
        line(out, "mail", mail(i) + (i.mail().folders().isEmpty() ? "" : "; folders: " + String.join(", ", i.mail().folders())));
        line(out, "apps", String.join(", ", i.apps()));
        line(out, "addresses", String.join(", ", i.addresses()));
        line(out, "user agents", String.join(" | ", i.userAgents()));
        line(out, "tokens", String.join(", ", i.tokens()));
        line(out, "sessions", String.join(", ", i.sessions()));
        if (i.campaignId() != null) {
            line(out, "campaign", i.campaignId());
        }
        out.write("  findings (" + i.findings().size() + ", in time order):\n");
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        i.findings().forEach(f -> byRule.computeIfAbsent(f.ruleName(), r -> new ArrayList<>()).add(f));
        for (Map.Entry<String, List<Finding>> rule : byRule.entrySet()) {
            List<Finding> findings = rule.getValue();
            Finding first = findings.get(0);
            String when = MINUTE.format(first.timestamp())
                    + (findings.size() > 1 ? " → " + MINUTE.format(findings.get(findings.size() - 1).timestamp()) + " (" + findings.size() + ")" : "");
            out.write("    " + String.format(Locale.ROOT, "%-8s  %-36s  %s", first.severity().label().toUpperCase(Locale.ROOT), when,
                    cell(rule.getKey(), 80)) + "\n");
        }
        out.write("  next steps:\n");
        int n = 1;
        for (String step : i.nextSteps()) {
            out.write("    " + n++ + ". " + cell(step, 1000) + "\n");
        }
    }

    private void rules(List<Finding> findings, Incidents incidents, Writer out) throws IOException {
        if (findings.isEmpty()) {
            out.write("No findings.\n");
            return;
        }
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.ruleId(), r -> new ArrayList<>()).add(f));
        out.write("FINDINGS: " + findings.size() + " from " + byRule.size() + " rules, by rule"
                + " (--show findings lists each finding, --show incidents details each incident)\n");
        out.write(String.format(Locale.ROOT, RULE_ROW, "SEVERITY", "RULE", "FINDINGS", "MAILBOXES", "FIRST → LAST (UTC)", "IN INCIDENTS"));
        List<List<Finding>> groups = new ArrayList<>(byRule.values());
        groups.sort(Comparator.comparing((List<Finding> g) -> g.get(0).severity()).reversed()
                .thenComparing(Comparator.comparingInt((List<Finding> g) -> g.size()).reversed())
                .thenComparing(g -> g.get(0).ruleName()));
        for (List<Finding> group : groups) {
            Finding first = group.get(0);
            Set<String> mailboxes = new LinkedHashSet<>();
            long inIncidents = 0;
            for (Finding f : group) {
                mailboxes.addAll(names(f));
                inIncidents += incidents.of(f).isEmpty() ? 0 : 1;
            }
            out.write(String.format(Locale.ROOT, RULE_ROW, first.severity().label().toUpperCase(Locale.ROOT), cell(first.ruleName(), 52),
                    group.size(), mailboxes.size(), MINUTE.format(first.timestamp()) + " → " + MINUTE.format(group.get(group.size() - 1)
                            .timestamp()).substring(5), inIncidents));
        }
    }

    private void findings(List<Finding> findings, Incidents incidents, Writer out) throws IOException {
        if (findings.isEmpty()) {
            out.write("No findings.\n");
            return;
        }
        String header = String.format(Locale.ROOT, FINDING_ROW, "TIME (UTC)", "SEVERITY", "RULE", "USER / MAILBOX", "SOURCE IP", "DETAIL");
        out.write(header);
        out.write("-".repeat(header.length() - 1) + "\n");
        for (Finding f : findings) {
            List<String> ids = incidents.of(f);
            out.write(String.format(Locale.ROOT, FINDING_ROW, SECOND.format(f.timestamp()), f.severity().label().toUpperCase(Locale.ROOT),
                    cell(f.ruleName(), 44), cell(user(f), 34), cell(f.sourceIp() == null ? "" : f.sourceIp(), 15),
                    cell((ids.isEmpty() ? "" : "[" + ids.get(0) + (ids.size() > 1 ? " +" + (ids.size() - 1) : "") + "] ") + f.message(), 140)));
        }
    }

    /** The finding's mailbox, or for a finding about several (an app reading many), how many and the first. */
    private String user(Finding finding) {
        if (finding.user() != null) {
            return finding.user();
        }
        List<String> named = new ArrayList<>(names(finding));
        return named.isEmpty() ? "" : named.size() == 1 ? named.get(0) : named.size() + " mailboxes: " + named.get(0) + ", …";
    }

    private Set<String> names(Finding finding) {
        Entities entities = Entities.of(finding, model.profile(finding));
        Set<String> names = new LinkedHashSet<>(entities.mailboxes());
        names.addAll(entities.touched());
        return names;
    }

    private static String mail(Incident i) {
        MailTouched mail = i.mail();
        if (mail.records() == 0) {
            return i.verdict() == Verdict.COVERAGE_GAP ? "not audited" : "no MailItemsAccessed attributed";
        }
        return String.format(Locale.ROOT, "%,d reads (%,d Bind, %,d Sync), %,d%s msgs", mail.records(), mail.bind(), mail.sync(), mail.messages(),
                mail.messagesCapped() ? "+" : "");
    }

    private static String entities(Incident i) {
        List<String> parts = new ArrayList<>();
        count(parts, i.apps().size(), "app");
        count(parts, i.addresses().size(), "IP");
        count(parts, i.tokens().size(), "token");
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static void count(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what + (n == 1 ? "" : "s"));
        }
    }

    /** "5 compromised, 3 coverage-gap": how many incidents of each verdict, worst first. */
    static String verdictCounts(List<Incident> incidents) {
        List<String> parts = new ArrayList<>();
        for (Verdict verdict : List.of(Verdict.COMPROMISED, Verdict.SUSPICIOUS, Verdict.COVERAGE_GAP)) {
            long n = incidents.stream().filter(i -> i.verdict() == verdict).count();
            if (n > 0) {
                parts.add(n + " " + verdict.label());
            }
        }
        return String.join(", ", parts);
    }

    private static String linkSummary(List<String> shared) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (String key : shared) {
            kinds.merge(key.substring(0, key.lastIndexOf(' ')), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((kind, n) -> parts.add(n + " " + kind + (n == 1 ? "" : kind.endsWith("s") ? "es" : "s")));
        return String.join(", ", parts);
    }

    private static void line(Writer out, String label, String value) throws IOException {
        if (!value.isEmpty()) {
            out.write(String.format(Locale.ROOT, "  %-12s %s%n", label + ":", cell(value, 2000)));
        }
    }

    /** One cell of text from evidence: redacted, then cut to its width. */
    /**
     * One table cell: redacted, then made inert (a user name carrying a line break or an escape
     * sequence shows it escaped instead of forging a row or acting on the terminal), then cut.
     */
    static String cell(String text, int width) {
        String value = Inert.line(Redactor.redact(text == null ? "" : text));
        return value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }
}
