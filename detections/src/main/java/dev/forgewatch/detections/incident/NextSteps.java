package dev.forgewatch.detections.incident;

import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Timespan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The next steps of an incident, written from the evidence it holds: only steps the evidence calls for. */
final class NextSteps {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final int LISTED = 4;

    private NextSteps() {
    }

    /** What the steps are written from. */
    record Facts(Verdict verdict, String mailbox, Instant first, Instant last, List<String> apps, List<String> addresses,
            List<String> iocAddresses, List<String> forgedTokens, List<String> sessions, MailTouched mail,
            List<Finding> coverage, Timespan window) {
    }

    static List<String> of(Facts facts) {
        List<String> steps = new ArrayList<>();
        if (facts.verdict() == Verdict.COVERAGE_GAP) {
            steps.add("Turn on MailItemsAccessed auditing for " + facts.mailbox() + " (an Audit (Premium) licence, then"
                    + " Set-Mailbox -AuditOwner @{Add='MailItemsAccessed'}): until then nobody can tell who read it.");
            coverage(facts, steps);
            return steps;
        }
        String revoke = "Revoke " + facts.mailbox() + "'s sessions and refresh tokens (Entra ID: Revoke sessions, or Microsoft"
                + " Graph revokeSignInSessions)";
        if (!facts.sessions().isEmpty()) {
            revoke += "; the sessions involved: " + list(facts.sessions());
        }
        steps.add(revoke + ".");
        if (!facts.forgedTokens().isEmpty()) {
            steps.add("Search every log for the token" + (facts.forgedTokens().size() == 1 ? " " : "s ") + list(facts.forgedTokens())
                    + ": revoking sessions does not stop a forged token before it expires, so block its signing key or issuer in"
                    + " the applications that accepted it and report the key to Microsoft.");
        }
        if (!facts.apps().isEmpty()) {
            steps.add("Review the app" + (facts.apps().size() == 1 ? " " : "s ") + list(facts.apps()) + " in Entra ID (Enterprise"
                    + " applications): who consented, its mail permissions, its credentials; remove it or rotate its credentials.");
        }
        if (!facts.iocAddresses().isEmpty()) {
            steps.add("Block " + list(facts.iocAddresses()) + " (published attacker infrastructure) in Conditional Access named"
                    + " locations and at the network edge.");
        } else if (!facts.addresses().isEmpty() && facts.verdict() == Verdict.COMPROMISED) {
            steps.add("Check the addresses " + list(facts.addresses()) + " against the user's usual networks; block those that are not.");
        }
        MailTouched mail = facts.mail();
        String range = DAY.format(facts.first()) + " to " + DAY.format(facts.last().plus(1, ChronoUnit.DAYS));
        if (mail.records() > 0) {
            StringBuilder scope = new StringBuilder("Scope what was read: ").append(mail.records()).append(" MailItemsAccessed records (")
                    .append(mail.bind()).append(" Bind, ").append(mail.sync()).append(" Sync)");
            if (!mail.folders().isEmpty()) {
                scope.append(" in ").append(list(mail.folders()));
            }
            scope.append("; run Search-UnifiedAuditLog -Operations MailItemsAccessed -UserIds ").append(facts.mailbox())
                    .append(" -StartDate ").append(range.replace(" to ", " -EndDate "));
            if (mail.messages() > 0) {
                scope.append(", and a Purview content search for the ").append(mail.messages()).append(mail.messagesCapped() ? "+" : "")
                        .append(" InternetMessageIds it names");
            }
            if (mail.sync() > 0) {
                scope.append("; a Sync downloads a whole folder, so treat those folders as read");
            }
            steps.add(scope.append('.').toString());
        } else {
            steps.add("Scope what was read with a Purview audit search for MailItemsAccessed on " + facts.mailbox() + " from " + range + ".");
        }
        coverage(facts, steps);
        steps.add("Preserve the evidence: export the Unified Audit Log and the sign-in logs from " + DAY.format(facts.first()
                .minus(facts.window().duration())) + " on before their retention ends.");
        return steps;
    }

    /** One step per coverage rule: its latest finding says what is missing. */
    private static void coverage(Facts facts, List<String> steps) {
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        facts.coverage().forEach(gap -> byRule.computeIfAbsent(gap.ruleName(), r -> new ArrayList<>()).add(gap));
        byRule.forEach((rule, gaps) -> {
            Finding latest = gaps.get(gaps.size() - 1);
            steps.add("Logging gap (" + rule + (gaps.size() > 1 ? ", seen " + gaps.size() + " times" : "") + "): " + latest.message());
        });
    }

    private static String list(List<String> values) {
        if (values.size() <= LISTED) {
            return String.join(", ", values);
        }
        return String.join(", ", values.subList(0, LISTED)) + " and " + (values.size() - LISTED) + " more";
    }
}
