package dev.forgewatch.cli.report;

import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a finding's triage steps come from: the rule that raised it ({@link #of(RuleSet)}), or, for
 * a finding of a rule the pack does not know, {@link #GENERIC}, the AA23-193A checks that apply to
 * any mail-access finding.
 */
@FunctionalInterface
public interface TriageGuide {
    TriageGuide GENERIC = finding -> List.of(
            "Look the AppId / ClientAppId up in Entra ID (Enterprise applications, and the Microsoft first-party app list):"
                    + " an id with no service principal in the tenant is a red flag.",
            "Check the client IP against the mailbox's usual IPs in the first-seen table and against published indicators.",
            "Pull the mailbox's MailItemsAccessed records for the window (Bind and Sync) and list the items and folders read.",
            "Compare with Entra sign-ins for the user: mail access without any sign-in from that IP suggests a forged or stolen token.",
            "If confirmed: revoke sessions, rotate credentials, and preserve the audit records before they age out.");

    List<String> steps(Finding finding);

    /** The triage steps each rule of the pack carries, looked up by the finding's rule id. */
    static TriageGuide of(RuleSet rules) {
        Map<String, List<String>> byRule = new HashMap<>();
        for (Rule rule : rules.rules()) {
            if (!rule.info().triage().isEmpty()) {
                byRule.put(rule.info().id(), rule.info().triage());
            }
        }
        return finding -> byRule.getOrDefault(finding.ruleId(), GENERIC.steps(finding));
    }
}
