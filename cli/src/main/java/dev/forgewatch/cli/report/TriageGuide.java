package dev.forgewatch.cli.report;

import dev.forgewatch.detections.Finding;
import java.util.List;

/**
 * Where a finding's triage steps come from. The rule pack carries per-rule triage text; until it is
 * wired into the hunt, {@link #GENERIC} gives the AA23-193A checks that apply to any mail-access
 * finding. The integration point: pass a guide that looks the finding's rule id up in the rule pack.
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
}
