package dev.forgewatch.cli.report;

import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.incident.Campaign;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.IncidentJson;
import dev.forgewatch.detections.incident.Incidents;
import dev.forgewatch.detections.incident.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders the hunt report: one self-contained HTML file (inline CSS, a few lines of inline JS, SVG
 * charts drawn here), readable offline and safe to hand on. It opens on the incidents, each with its
 * timeline, evidence and next steps. Every value goes through {@link Html#esc},
 * which redacts tokens and escapes markup.
 */
public final class HtmlReport {
    static final int TIMELINE_MAILBOXES = 12;
    static final int DETAIL_FINDINGS = 500;
    static final int INCIDENT_FINDINGS = 200;
    private static final Map<Verdict, String> VERDICT_COLORS = Map.of(Verdict.COMPROMISED, "#7f1d1d", Verdict.SUSPICIOUS, "#c2410c",
            Verdict.COVERAGE_GAP, "#475569");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Map<Severity, String> COLORS = Map.of(Severity.CRITICAL, "#7f1d1d", Severity.HIGH, "#c2410c",
            Severity.MEDIUM, "#b45309", Severity.LOW, "#2563eb", Severity.INFORMATIONAL, "#64748b");

    private final TriageGuide triage;

    public HtmlReport(TriageGuide triage) {
        this.triage = triage;
    }

    public String render(ReportObserver seen, RunStats.Summary summary, List<Finding> findings, Incidents incidents, Instant generated) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>ForgeWatch hunt report</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header><h1>ForgeWatch hunt report</h1><p class=\"muted\">Generated ").append(Html.esc(TIME.format(generated)))
                .append(". Times are UTC. Tokens never appear in this report, only fingerprints.</p></header>\n<main>\n");
        List<String> affected = affectedMailboxes(seen, findings);
        incidents(h, incidents);
        summary(h, seen, summary, findings);
        bySeverityAndRule(h, findings);
        timeline(h, seen, findings, affected);
        firstSeen(h, seen, affected);
        tokens(h, findings);
        coverage(h, seen);
        details(h, seen, findings);
        h.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // ---- sections ------------------------------------------------------------------------------

    /** The incidents first: an overview row each, then each incident with its timeline, evidence and next steps. */
    private static void incidents(StringBuilder h, Incidents incidents) {
        h.append("<section id=\"incidents\"><h2>Incidents</h2>");
        List<Incident> list = incidents.incidents();
        if (list.isEmpty()) {
            h.append("<p>No incidents: no mailbox's findings reached the incident policy's thresholds.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>verdict</th><th>mailbox</th><th>activity</th><th>risk</th><th>tactics</th>")
                .append("<th>mail read by the intruder</th><th>incident</th></tr></thead><tbody>");
        for (Incident i : list) {
            h.append("<tr><td>").append(verdictBadge(i.verdict())).append("</td><td><a href=\"#").append(Html.esc(i.id())).append("\">")
                    .append(Html.esc(i.mailbox())).append("</a></td><td>").append(Html.esc(TIME.format(i.firstActivity()) + " to "
                            + TIME.format(i.lastActivity()))).append("</td><td class=\"num\">").append(i.score())
                    .append("</td><td>").append(Html.esc(String.join(", ", i.tactics()))).append("</td><td>").append(Html.esc(mail(i)))
                    .append("</td><td><code>").append(Html.esc(i.id())).append("</code>")
                    .append(i.campaignId() == null ? "" : "<div class=\"muted\">campaign " + Html.esc(i.campaignId()) + "</div>")
                    .append("</td></tr>");
        }
        h.append("</tbody></table>");
        for (Campaign campaign : incidents.campaigns()) {
            h.append("<p>Campaign <code>").append(Html.esc(campaign.id())).append("</code> links ").append(campaign.incidentIds().size())
                    .append(" incidents that share: ").append(Html.esc(String.join("; ", campaign.shared()))).append(".</p>");
        }
        int open = 0;
        for (Incident i : list) {
            h.append("<details class=\"incident v-").append(i.verdict().label()).append("\" id=\"").append(Html.esc(i.id())).append('"')
                    .append(i.verdict() == Verdict.COMPROMISED && open++ < 3 ? " open" : "").append("><summary>").append(verdictBadge(i.verdict()))
                    .append(" <strong>").append(Html.esc(i.mailbox())).append("</strong> ").append(Html.esc(IncidentJson.message(i)))
                    .append("</summary><div class=\"body\">");
            incidentTimeline(h, i);
            h.append("<table class=\"compact\"><tbody>");
            row(h, "incident", i.id() + (i.campaignId() == null ? "" : " (campaign " + i.campaignId() + ")"));
            row(h, "activity", TIME.format(i.firstActivity()) + " to " + TIME.format(i.lastActivity()));
            row(h, "mail", mail(i) + (i.mail().folders().isEmpty() ? "" : "; folders: " + String.join(", ", i.mail().folders())));
            row(h, "apps", String.join(" ", i.apps()));
            row(h, "addresses", String.join(" ", i.addresses()));
            row(h, "user agents", String.join(" | ", i.userAgents()));
            row(h, "tokens", String.join(" ", i.tokens()));
            row(h, "sessions", String.join(" ", i.sessions()));
            h.append("</tbody></table><h4>Findings in time order</h4><table class=\"compact\"><thead><tr><th>time</th><th>severity</th>")
                    .append("<th>rule</th><th>detail</th></tr></thead><tbody>");
            int shown = Math.min(i.findings().size(), INCIDENT_FINDINGS);
            for (Finding f : i.findings().subList(0, shown)) {
                h.append("<tr><td>").append(Html.esc(TIME.format(f.timestamp()))).append("</td><td>").append(badge(f.severity()))
                        .append("</td><td>").append(Html.esc(f.ruleName())).append("</td><td>").append(Html.esc(f.message()))
                        .append("</td></tr>");
            }
            h.append("</tbody></table>");
            if (shown < i.findings().size()) {
                h.append("<p class=\"muted\">").append(i.findings().size() - shown).append(" more findings; the hunt's NDJSON output")
                        .append(" lists every finding with its incident id.</p>");
            }
            h.append("<h4>Next steps</h4><ol>");
            i.nextSteps().forEach(step -> h.append("<li>").append(Html.esc(step)).append("</li>"));
            h.append("</ol></div></details>\n");
        }
        h.append("</section>\n");
    }

    /** One row per rule, a mark per finding, from the incident's first to its last activity. */
    private static void incidentTimeline(StringBuilder h, Incident incident) {
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        incident.findings().forEach(f -> byRule.computeIfAbsent(f.ruleName(), r -> new ArrayList<>()).add(f));
        int label = 330;
        int span = 620;
        int rowHeight = 18;
        int height = rowHeight * byRule.size() + 26;
        Instant from = incident.firstActivity();
        double seconds = Math.max(1, Duration.between(from, incident.lastActivity()).toSeconds());
        h.append("<div class=\"scroll\"><svg class=\"chart\" role=\"img\" aria-label=\"Incident timeline\" width=\"").append(label + span + 10)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(label + span + 10).append(' ').append(height).append("\">");
        int row = 0;
        for (Map.Entry<String, List<Finding>> rule : byRule.entrySet()) {
            int y = row * rowHeight + 4;
            h.append("<text x=\"0\" y=\"").append(y + 12).append("\" class=\"label\">").append(Html.esc(cut(rule.getKey(), 48)))
                    .append("</text><line x1=\"").append(label).append("\" y1=\"").append(y + 8).append("\" x2=\"").append(label + span)
                    .append("\" y2=\"").append(y + 8).append("\" class=\"grid\"></line>");
            for (Finding f : rule.getValue()) {
                double x = label + span * Math.max(0, Duration.between(from, f.timestamp()).toSeconds()) / seconds;
                h.append("<circle cx=\"").append(fmt(Math.min(x, label + span))).append("\" cy=\"").append(y + 8)
                        .append("\" r=\"4\" fill=\"").append(COLORS.get(f.severity())).append("\"><title>")
                        .append(Html.esc(TIME.format(f.timestamp()) + " " + f.severity().label() + ": " + f.message())).append("</title></circle>");
            }
            row++;
        }
        h.append("<text x=\"").append(label).append("\" y=\"").append(height - 4).append("\" class=\"axis\">")
                .append(Html.esc(TIME.format(from))).append("</text><text x=\"").append(label + span).append("\" y=\"").append(height - 4)
                .append("\" class=\"axis\" text-anchor=\"end\">").append(Html.esc(TIME.format(incident.lastActivity()))).append("</text>");
        h.append("</svg></div>");
    }

    private static String mail(Incident i) {
        if (i.mail().records() == 0) {
            return i.verdict() == Verdict.COVERAGE_GAP ? "not audited" : "no MailItemsAccessed record attributed";
        }
        return String.format(Locale.ROOT, "%,d MailItemsAccessed records (%,d Bind, %,d Sync), %,d%s distinct messages", i.mail().records(),
                i.mail().bind(), i.mail().sync(), i.mail().messages(), i.mail().messagesCapped() ? "+" : "");
    }

    private static String verdictBadge(Verdict verdict) {
        return "<span class=\"badge\" style=\"background:" + VERDICT_COLORS.get(verdict) + "\">" + verdict.label() + "</span>";
    }

    private static void summary(StringBuilder h, ReportObserver seen, RunStats.Summary summary, List<Finding> findings) {
        h.append("<section id=\"summary\"><h2>Run summary</h2><div class=\"cards\">");
        card(h, "files read", String.format(Locale.ROOT, "%,d", summary.files()));
        card(h, "records read", String.format(Locale.ROOT, "%,d", summary.recordsRead()));
        card(h, "events", String.format(Locale.ROOT, "%,d", summary.events()));
        card(h, "quarantined", String.format(Locale.ROOT, "%,d", summary.quarantined()));
        card(h, "findings", String.format(Locale.ROOT, "%,d", findings.size()));
        card(h, "mailboxes with Exchange activity", String.format(Locale.ROOT, "%,d", seen.mailboxes().size()));
        h.append("</div><p>Events span ").append(seen.first() == null ? "nothing" : Html.esc(TIME.format(seen.first()) + " to "
                + TIME.format(seen.last()))).append(". By source: ");
        List<String> kinds = new ArrayList<>();
        for (Map.Entry<SourceKind, Long> entry : new TreeMap<>(seen.eventsByKind()).entrySet()) {
            kinds.add(String.format(Locale.ROOT, "%s %,d", entry.getKey().shortName(), entry.getValue()));
        }
        h.append(Html.esc(kinds.isEmpty() ? "none" : String.join(", ", kinds))).append(".</p>");
        if (summary.quarantined() > 0) {
            h.append("<p class=\"warn\">").append(String.format(Locale.ROOT, "%,d", summary.quarantined()))
                    .append(" records could not be read and were quarantined; rerun with <code>--quarantine FILE</code> to see why.</p>");
        }
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\"><div class=\"value\">").append(Html.esc(value)).append("</div><div class=\"label\">")
                .append(Html.esc(label)).append("</div></div>");
    }

    private static void bySeverityAndRule(StringBuilder h, List<Finding> findings) {
        h.append("<section id=\"findings-overview\"><h2>Findings by severity and rule</h2>");
        if (findings.isEmpty()) {
            h.append("<p>No findings.</p></section>\n");
            return;
        }
        Map<Severity, Long> bySeverity = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity severity = Severity.values()[i];
            bySeverity.put(severity, findings.stream().filter(f -> f.severity() == severity).count());
        }
        long max = bySeverity.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int rowHeight = 26;
        h.append("<svg class=\"chart\" role=\"img\" aria-label=\"Findings by severity\" viewBox=\"0 0 620 ")
                .append(rowHeight * bySeverity.size() + 8).append("\" width=\"620\" height=\"").append(rowHeight * bySeverity.size() + 8)
                .append("\">");
        int y = 4;
        for (Map.Entry<Severity, Long> entry : bySeverity.entrySet()) {
            long width = max == 0 ? 0 : Math.round(440.0 * entry.getValue() / Math.max(1, max));
            h.append("<text x=\"0\" y=\"").append(y + 16).append("\" class=\"axis\">").append(entry.getKey().label()).append("</text>")
                    .append("<rect x=\"110\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(width, entry.getValue() > 0 ? 2 : 0))
                    .append("\" height=\"18\" fill=\"").append(COLORS.get(entry.getKey())).append("\"></rect>")
                    .append("<text x=\"").append(116 + width).append("\" y=\"").append(y + 16).append("\" class=\"axis\">")
                    .append(entry.getValue()).append("</text>");
            y += rowHeight;
        }
        h.append("</svg>");
        Map<String, List<Finding>> byRule = new TreeMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f));
        h.append("<table><thead><tr><th>rule</th><th>severity</th><th>findings</th><th>mailboxes / users</th><th>ATT&amp;CK</th>")
                .append("<th>first</th><th>last</th></tr></thead><tbody>");
        byRule.values().stream()
                .sorted(Comparator.comparing((List<Finding> l) -> l.get(0).severity()).reversed().thenComparing(l -> l.get(0).ruleId()))
                .forEach(list -> {
                    Finding any = list.get(0);
                    Set<String> users = new LinkedHashSet<>();
                    list.forEach(f -> users.add(f.user() == null ? "" : f.user()));
                    users.remove("");
                    h.append("<tr><td>").append(Html.esc(any.ruleName())).append("<div class=\"muted\">").append(Html.esc(any.ruleId()))
                            .append("</div></td><td>").append(badge(any.severity())).append("</td><td class=\"num\">").append(list.size())
                            .append("</td><td>").append(Html.esc(users.size() > 4 ? users.size() + " distinct" : String.join(", ", users)))
                            .append("</td><td>").append(Html.esc(String.join(" ", any.attack()))).append("</td><td>")
                            .append(Html.esc(TIME.format(list.get(0).timestamp()))).append("</td><td>")
                            .append(Html.esc(TIME.format(list.get(list.size() - 1).timestamp()))).append("</td></tr>");
                });
        h.append("</tbody></table></section>\n");
    }

    private static List<String> affectedMailboxes(ReportObserver seen, List<Finding> findings) {
        Map<String, Long> byFindings = new LinkedHashMap<>();
        for (Finding finding : findings) {
            if (finding.user() != null && seen.mailboxes().containsKey(finding.user().toLowerCase(Locale.ROOT))) {
                byFindings.merge(finding.user().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
        List<String> chosen = new ArrayList<>(byFindings.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).limit(TIMELINE_MAILBOXES).toList());
        // Then mailboxes read by an app or from an IP they had not used before, the pattern the hunt is about.
        seen.mailboxes().entrySet().stream()
                .filter(e -> !chosen.contains(e.getKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue().days.values().stream().mapToLong(d -> d.fromNewAppOrIp).sum()))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, TIMELINE_MAILBOXES - chosen.size()))
                .forEach(e -> chosen.add(e.getKey()));
        return chosen;
    }

    private static void timeline(StringBuilder h, ReportObserver seen, List<Finding> findings, List<String> mailboxes) {
        h.append("<section id=\"timeline\"><h2>Mail access timeline</h2>");
        if (mailboxes.isEmpty() || seen.first() == null) {
            h.append("<p>No mailbox with findings or with mail access from a newly seen app or IP.</p></section>\n");
            return;
        }
        h.append("<p class=\"muted\">MailItemsAccessed per mailbox and UTC day (bar height on a log scale). Orange: access on the day"
                + " an AppId or client IP was first seen for that mailbox (after its first day of data). Red marks: findings."
                + " Grey bands: throttled windows (reads not audited). Mailboxes with findings come first.</p>");
        LocalDate start = LocalDate.ofInstant(seen.first(), ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(seen.last(), ZoneOffset.UTC);
        long days = Math.min(ChronoUnit.DAYS.between(start, end) + 1, ReportObserver.MAX_DAYS);
        int label = 260;
        double dayWidth = Math.max(8, Math.min(40, 760.0 / days));
        int rowHeight = 44;
        int width = label + (int) Math.ceil(dayWidth * days) + 10;
        int height = rowHeight * mailboxes.size() + 30;
        long max = 1;
        for (String name : mailboxes) {
            for (ReportObserver.Day day : seen.mailboxes().get(name).days.values()) {
                max = Math.max(max, day.mailItemsAccessed);
            }
        }
        h.append("<div class=\"scroll\"><svg class=\"chart\" role=\"img\" aria-label=\"Mail access timeline\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        int every = (int) Math.max(1, Math.ceil(days / 12.0));
        for (int d = 0; d < days; d += every) {
            double x = label + d * dayWidth;
            h.append("<line x1=\"").append(fmt(x)).append("\" y1=\"0\" x2=\"").append(fmt(x)).append("\" y2=\"").append(height - 24)
                    .append("\" class=\"grid\"></line><text x=\"").append(fmt(x)).append("\" y=\"").append(height - 8)
                    .append("\" class=\"axis\">").append(Html.esc(start.plusDays(d).toString().substring(5))).append("</text>");
        }
        Map<String, List<Finding>> findingsByMailbox = new LinkedHashMap<>();
        for (Finding finding : findings) {
            if (finding.user() != null) {
                findingsByMailbox.computeIfAbsent(finding.user().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(finding);
            }
        }
        double scale = Math.log1p(max);
        int row = 0;
        for (String name : mailboxes) {
            ReportObserver.Mailbox mailbox = seen.mailboxes().get(name);
            int top = row * rowHeight + 4;
            int base = top + rowHeight - 8;
            h.append("<text x=\"0\" y=\"").append(top + 24).append("\" class=\"label\">").append(Html.esc(cut(name, 38)))
                    .append("</text>");
            for (ReportObserver.Throttle throttle : seen.throttled()) {
                if (throttle.mailbox().equals(name)) {
                    double x1 = x(start, throttle.from(), label, dayWidth);
                    double x2 = Math.min(x(start, throttle.until(), label, dayWidth), label + days * dayWidth);
                    h.append("<rect x=\"").append(fmt(x1)).append("\" y=\"").append(top).append("\" width=\"")
                            .append(fmt(Math.max(2, x2 - x1))).append("\" height=\"").append(rowHeight - 8)
                            .append("\" class=\"throttled\"><title>throttled from ").append(Html.esc(TIME.format(throttle.from())))
                            .append("</title></rect>");
                }
            }
            for (Map.Entry<LocalDate, ReportObserver.Day> entry : mailbox.days.entrySet()) {
                long d = ChronoUnit.DAYS.between(start, entry.getKey());
                if (d < 0 || d >= days) {
                    continue;
                }
                ReportObserver.Day day = entry.getValue();
                double barHeight = Math.max(2, (rowHeight - 12) * Math.log1p(day.mailItemsAccessed) / scale);
                double x = label + d * dayWidth + 1;
                double w = Math.max(2, dayWidth - 2);
                h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base - barHeight)).append("\" width=\"").append(fmt(w))
                        .append("\" height=\"").append(fmt(barHeight)).append("\" class=\"bar\"><title>")
                        .append(Html.esc(name + " " + entry.getKey() + ": " + day.mailItemsAccessed + " MailItemsAccessed"))
                        .append("</title></rect>");
                if (day.fromNewAppOrIp > 0) {
                    double newHeight = Math.max(2, barHeight * day.fromNewAppOrIp / Math.max(1, day.mailItemsAccessed));
                    h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base - newHeight)).append("\" width=\"")
                            .append(fmt(w)).append("\" height=\"").append(fmt(newHeight)).append("\" class=\"bar-new\"><title>")
                            .append(Html.esc(day.fromNewAppOrIp + " from a newly seen app or IP")).append("</title></rect>");
                }
            }
            for (Finding finding : findingsByMailbox.getOrDefault(name, List.of())) {
                double x = x(start, finding.timestamp(), label, dayWidth);
                h.append("<path d=\"M").append(fmt(x)).append(' ').append(top + 9).append(" l-5 -8 h10 z\" class=\"mark\"><title>")
                        .append(Html.esc(TIME.format(finding.timestamp()) + " " + finding.severity().label() + ": " + finding.ruleName()))
                        .append("</title></path>");
            }
            h.append("<line x1=\"").append(label).append("\" y1=\"").append(base).append("\" x2=\"").append(fmt(label + days * dayWidth))
                    .append("\" y2=\"").append(base).append("\" class=\"grid\"></line>");
            row++;
        }
        h.append("</svg></div></section>\n");
    }

    private static double x(LocalDate start, Instant at, int label, double dayWidth) {
        double daysIn = Duration.between(start.atStartOfDay().toInstant(ZoneOffset.UTC), at).toSeconds() / 86400.0;
        return label + Math.max(0, daysIn) * dayWidth;
    }

    private static void firstSeen(StringBuilder h, ReportObserver seen, List<String> mailboxes) {
        h.append("<section id=\"first-seen\"><h2>AppId and client IP first seen, per mailbox</h2>");
        if (mailboxes.isEmpty()) {
            h.append("<p>No mailbox to show.</p></section>\n");
            return;
        }
        h.append("<p class=\"muted\">For the mailboxes in the timeline: when each AppId and client IP first read mail, and how many"
                + " MailItemsAccessed records it has. <span class=\"tag-new\">new</span> marks values first seen after the mailbox's"
                + " first day of data.</p><div class=\"grid2\">");
        for (String name : mailboxes) {
            ReportObserver.Mailbox mailbox = seen.mailboxes().get(name);
            LocalDate firstDay = mailbox.days.isEmpty() ? null : mailbox.days.firstKey();
            h.append("<div class=\"panel\"><h3>").append(Html.esc(name)).append("</h3>");
            firstSeenTable(h, "AppId", mailbox.appFirstSeen, totals(mailbox, true), firstDay);
            firstSeenTable(h, "client IP", mailbox.ipFirstSeen, totals(mailbox, false), firstDay);
            h.append("</div>");
        }
        h.append("</div></section>\n");
    }

    private static Map<String, Long> totals(ReportObserver.Mailbox mailbox, boolean apps) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (ReportObserver.Day day : mailbox.days.values()) {
            (apps ? day.byApp : day.byIp).forEach((k, v) -> totals.merge(k, v, Long::sum));
        }
        return totals;
    }

    private static void firstSeenTable(StringBuilder h, String what, Map<String, Instant> firstSeen, Map<String, Long> totals,
                                       LocalDate firstDay) {
        h.append("<table class=\"compact\"><thead><tr><th>").append(Html.esc(what)).append("</th><th>first seen</th><th>records</th>")
                .append("</tr></thead><tbody>");
        firstSeen.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(entry -> {
            boolean isNew = firstDay != null && LocalDate.ofInstant(entry.getValue(), ZoneOffset.UTC).isAfter(firstDay);
            h.append("<tr").append(isNew ? " class=\"is-new\"" : "").append("><td><code>").append(Html.esc(entry.getKey()))
                    .append("</code>").append(isNew ? " <span class=\"tag-new\">new</span>" : "").append("</td><td>")
                    .append(Html.esc(TIME.format(entry.getValue()))).append("</td><td class=\"num\">")
                    .append(totals.getOrDefault(entry.getKey(), 0L)).append("</td></tr>");
        });
        h.append("</tbody></table>");
    }

    private static void tokens(StringBuilder h, List<Finding> findings) {
        h.append("<section id=\"tokens\"><h2>Token findings by signing key and scope</h2>");
        Map<String, List<Finding>> byKey = new TreeMap<>();
        for (Finding finding : findings) {
            Object kid = finding.evidence().get(Fields.TOKEN_KID);
            Object fingerprint = finding.evidence().get(Fields.TOKEN_FINGERPRINT);
            if (kid == null && fingerprint == null) {
                continue;
            }
            Object scope = finding.evidence().get(Fields.TOKEN_KEY_SCOPE);
            byKey.computeIfAbsent((kid == null ? "(no kid)" : kid) + "\u0000" + (scope == null ? "(unknown)" : scope),
                    k -> new ArrayList<>()).add(finding);
        }
        if (byKey.isEmpty()) {
            h.append("<p>No token findings (the inputs carried no bearer tokens, or none was suspicious).</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>key id (kid)</th><th>key scope</th><th>findings</th><th>rules</th><th>issuers</th>")
                .append("<th>token fingerprints</th></tr></thead><tbody>");
        for (Map.Entry<String, List<Finding>> entry : byKey.entrySet()) {
            String[] parts = entry.getKey().split("\u0000", 2);
            Set<String> rules = new LinkedHashSet<>();
            Set<String> issuers = new LinkedHashSet<>();
            Set<String> fingerprints = new LinkedHashSet<>();
            for (Finding f : entry.getValue()) {
                rules.add(f.ruleName());
                if (f.evidence().get(Fields.TOKEN_ISSUER) != null) {
                    issuers.add(f.evidence().get(Fields.TOKEN_ISSUER).toString());
                }
                if (f.evidence().get(Fields.TOKEN_FINGERPRINT) != null) {
                    fingerprints.add(cut(f.evidence().get(Fields.TOKEN_FINGERPRINT).toString(), 16));
                }
            }
            h.append("<tr><td><code>").append(Html.esc(parts[0])).append("</code></td><td>").append(Html.esc(parts[1]))
                    .append("</td><td class=\"num\">").append(entry.getValue().size()).append("</td><td>")
                    .append(Html.esc(String.join("; ", rules))).append("</td><td>").append(Html.esc(String.join(" ", issuers)))
                    .append("</td><td><code>").append(Html.esc(String.join(" ", fingerprints.stream().limit(5).toList())))
                    .append("</code></td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void coverage(StringBuilder h, ReportObserver seen) {
        h.append("<section id=\"coverage\"><h2>Logging coverage gaps</h2>");
        List<Map.Entry<String, ReportObserver.Mailbox>> gaps = seen.mailboxes().entrySet().stream()
                .filter(e -> e.getValue().mailItemsAccessed == 0 && e.getValue().otherExchange > 0)
                .sorted(Map.Entry.comparingByKey()).toList();
        long withMia = seen.mailboxes().values().stream().filter(m -> m.mailItemsAccessed > 0).count();
        h.append("<p>").append(String.format(Locale.ROOT, "%,d of %,d mailboxes with Exchange activity produced MailItemsAccessed records.", withMia,
                seen.mailboxes().size())).append(" CISA AA23-193A's first recommendation is that every mailbox does.</p>");
        if (gaps.isEmpty()) {
            h.append("<p>No mailbox with Exchange activity lacks MailItemsAccessed.</p>");
        } else {
            h.append("<h3>Mailboxes with activity but no MailItemsAccessed (audit licence or mailbox audit settings)</h3>")
                    .append("<table class=\"compact\"><thead><tr><th>mailbox</th><th>other Exchange records</th></tr></thead><tbody>");
            for (Map.Entry<String, ReportObserver.Mailbox> gap : gaps) {
                h.append("<tr><td>").append(Html.esc(gap.getKey())).append("</td><td class=\"num\">")
                        .append(gap.getValue().otherExchange).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        if (seen.throttled().isEmpty()) {
            h.append("<p>No throttled MailItemsAccessed (IsThrottled) records.</p>");
        } else {
            h.append("<h3>Throttled windows: reads not audited for 24 hours after IsThrottled</h3>")
                    .append("<table class=\"compact\"><thead><tr><th>mailbox</th><th>from</th><th>until about</th></tr></thead><tbody>");
            for (ReportObserver.Throttle t : seen.throttled()) {
                h.append("<tr><td>").append(Html.esc(t.mailbox())).append("</td><td>").append(Html.esc(TIME.format(t.from())))
                        .append("</td><td>").append(Html.esc(TIME.format(t.until()))).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        if (seen.eventsOfUntrackedMailboxes() > 0 || seen.throttledNotKept() > 0) {
            h.append("<p class=\"muted\">Report limits reached: ").append(String.format(Locale.ROOT, "%,d", seen.eventsOfUntrackedMailboxes()))
                    .append(" events of mailboxes beyond the first ").append(ReportObserver.MAX_MAILBOXES).append(" and ")
                    .append(String.format(Locale.ROOT, "%,d", seen.throttledNotKept())).append(" throttling notices are not shown.</p>");
        }
        h.append("</section>\n");
    }

    private void details(StringBuilder h, ReportObserver seen, List<Finding> all) {
        h.append("<section id=\"details\"><h2>Findings: evidence and triage</h2>");
        List<Finding> kept = new ArrayList<>(seen.findings());
        if (kept.isEmpty()) {
            h.append("<p>No findings.</p></section>\n");
            return;
        }
        kept.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::timestamp));
        h.append("<p><label>Filter <input id=\"filter\" type=\"search\" placeholder=\"rule, mailbox, IP, app id\"></label> ")
                .append("<span class=\"muted\" id=\"shown\"></span></p>");
        int shown = Math.min(kept.size(), DETAIL_FINDINGS);
        if (shown < all.size()) {
            h.append("<p class=\"muted\">Showing the ").append(shown).append(" most severe of ").append(all.size())
                    .append(" findings; the hunt's NDJSON/CSV output has them all.</p>");
        }
        for (Finding f : kept.subList(0, shown)) {
            h.append("<details class=\"finding sev-").append(f.severity().label()).append("\"><summary>").append(badge(f.severity()))
                    .append(' ').append(Html.esc(TIME.format(f.timestamp()))).append(" <strong>").append(Html.esc(f.ruleName()))
                    .append("</strong> ").append(Html.esc(f.user() == null ? "" : f.user()))
                    .append(f.sourceIp() == null ? "" : " from " + Html.esc(f.sourceIp())).append("</summary><div class=\"body\"><p>")
                    .append(Html.esc(f.message())).append("</p><table class=\"compact\"><tbody>");
            row(h, "rule id", f.ruleId());
            row(h, "ATT&CK", String.join(" ", f.attack()));
            for (Map.Entry<String, Object> evidence : f.evidence().entrySet()) {
                row(h, evidence.getKey(), evidence.getValue() instanceof Instant i ? TIME.format(i) : String.valueOf(evidence.getValue()));
            }
            row(h, "events", String.join(" ", f.eventIds().stream().limit(20).toList())
                    + (f.eventIds().size() > 20 ? " (+" + (f.eventIds().size() - 20) + " more)" : ""));
            h.append("</tbody></table><h4>Triage</h4><ol>");
            for (String step : triage.steps(f)) {
                h.append("<li>").append(Html.esc(step)).append("</li>");
            }
            h.append("</ol></div></details>\n");
        }
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(Html.esc(key)).append("</th><td><code>").append(Html.esc(value)).append("</code></td></tr>");
    }

    private static String badge(Severity severity) {
        return "<span class=\"badge\" style=\"background:" + COLORS.get(severity) + "\">" + severity.label() + "</span>";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    private static final String CSS = """
            :root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--accent:#1e3a8a}
            *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
            header{background:var(--accent);color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header .muted{color:#c7d2fe;margin:4px 0 0}
            main{max-width:1200px;margin:0 auto;padding:8px 28px 40px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0}
            h2{font-size:17px;margin:0 0 10px}h3{font-size:14px;margin:12px 0 6px}h4{margin:10px 0 4px}
            .muted{color:var(--muted)}.warn{color:#b45309}.cards{display:flex;flex-wrap:wrap;gap:10px}
            .card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px}.card .value{font-size:20px;font-weight:600}.card .label{color:var(--muted);font-size:12px}
            table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{font-weight:600;color:#334155;background:#f1f5f9}table.compact td,table.compact th{padding:2px 6px;font-size:12.5px}td.num{text-align:right;font-variant-numeric:tabular-nums}
            code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
            .badge{display:inline-block;color:#fff;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600}
            .chart text.axis{font-size:11px;fill:#475569}.chart text.label{font-size:12px;fill:#0f172a}.chart .grid{stroke:#e2e8f0;stroke-width:1}
            .chart .bar{fill:#3b82f6}.chart .bar-new{fill:#f97316}.chart .mark{fill:#dc2626}.chart .throttled{fill:#94a3b8;opacity:.35}
            .scroll{overflow-x:auto}.grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}
            .panel{border:1px solid var(--line);border-radius:6px;padding:6px 10px}.panel h3{margin:4px 0}
            .tag-new{background:#f97316;color:#fff;border-radius:3px;padding:0 4px;font-size:11px}tr.is-new td{background:#fff7ed}
            details.finding{border:1px solid var(--line);border-left-width:5px;border-radius:6px;margin:6px 0;padding:4px 10px}
            details.sev-critical{border-left-color:#7f1d1d}details.sev-high{border-left-color:#c2410c}details.sev-medium{border-left-color:#b45309}
            details.sev-low{border-left-color:#2563eb}details.sev-informational{border-left-color:#64748b}summary{cursor:pointer}
            details.incident{border:1px solid var(--line);border-left-width:6px;border-radius:6px;margin:8px 0;padding:6px 12px}
            details.v-compromised{border-left-color:#7f1d1d}details.v-suspicious{border-left-color:#c2410c}details.v-coverage-gap{border-left-color:#475569}
            input[type=search]{padding:4px 8px;border:1px solid #cbd5e1;border-radius:4px;width:280px}
            @media print{details.finding{break-inside:avoid}details.finding>.body{display:block}}
            """;

    private static final String SCRIPT = """
            (function () {
              var input = document.getElementById('filter');
              if (!input) { return; }
              var items = Array.prototype.slice.call(document.querySelectorAll('details.finding'));
              var shown = document.getElementById('shown');
              function apply() {
                var q = input.value.trim().toLowerCase(), n = 0;
                items.forEach(function (d) {
                  var hit = !q || d.textContent.toLowerCase().indexOf(q) >= 0;
                  d.style.display = hit ? '' : 'none';
                  if (hit) { n++; }
                });
                shown.textContent = n + ' of ' + items.length + ' shown';
              }
              input.addEventListener('input', apply);
              apply();
            })();
            """;
}
