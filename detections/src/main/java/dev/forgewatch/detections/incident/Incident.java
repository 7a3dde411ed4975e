package dev.forgewatch.detections.incident;

import dev.forgewatch.detections.Finding;
import java.time.Instant;
import java.util.List;

/**
 * One mailbox's incident: what the analyst reads first.
 *
 * @param id            stable: the same findings give the same id ({@code fwi-} and 16 hex digits)
 * @param score         the highest summed risk of one window (each rule once)
 * @param tactics       ATT&CK tactics of the findings that add risk, sorted
 * @param firstActivity the first finding or intruder mail record
 * @param lastActivity  the last finding or intruder mail record
 * @param findings      every finding of the incident in time order: those that accuse the mailbox, and
 *                      context (low findings, coverage, app-level findings that counted it, findings
 *                      without a mailbox that share a token, session, IOC address or suspect app)
 * @param campaignId    the campaign it belongs to, or null
 * @param nextSteps     what to do, written from the evidence present
 */
public record Incident(String id, Verdict verdict, String mailbox, int score, List<String> tactics, Instant firstActivity,
        Instant lastActivity, List<String> apps, List<String> addresses, List<String> userAgents, List<String> tokens,
        List<String> sessions, MailTouched mail, List<Finding> findings, String campaignId, List<String> nextSteps) {

    public Incident {
        tactics = List.copyOf(tactics);
        apps = List.copyOf(apps);
        addresses = List.copyOf(addresses);
        userAgents = List.copyOf(userAgents);
        tokens = List.copyOf(tokens);
        sessions = List.copyOf(sessions);
        findings = List.copyOf(findings);
        nextSteps = List.copyOf(nextSteps);
    }
}
