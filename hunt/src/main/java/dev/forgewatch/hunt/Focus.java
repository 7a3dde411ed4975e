package dev.forgewatch.hunt;

import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.incident.Entities;
import dev.forgewatch.detections.incident.Incident;
import dev.forgewatch.detections.incident.IncidentModel;
import dev.forgewatch.detections.incident.Incidents;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a re-run of a hunt reports: a time window ({@code since} inclusive, {@code until} exclusive,
 * either open) and mailboxes (none: all). The rules still run over everything read, so first-seen
 * baselines and windows are the same as in the full run; only the answer is narrowed: incidents whose
 * activity overlaps the window and whose mailbox is asked for, findings inside the window that name an
 * asked mailbox or belong to a kept incident.
 */
public record Focus(Instant since, Instant until, Set<String> mailboxes) {
    public static final Focus ALL = new Focus(null, null, Set.of());

    public Focus {
        mailboxes = mailboxes.stream().map(Entities::mailbox).collect(Collectors.toUnmodifiableSet());
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("the window's start (" + since + ") must come before its end (" + until + ")");
        }
    }

    public boolean all() {
        return since == null && until == null && mailboxes.isEmpty();
    }

    /** The result narrowed to this focus; the summary (what was read) stays whole. */
    public HuntRun.Result apply(HuntRun.Result result, IncidentModel model) {
        if (all()) {
            return result;
        }
        Incidents incidents = result.incidents().retain(this::keeps);
        List<Finding> findings = result.findings().stream()
                .filter(finding -> within(finding.timestamp(), finding.timestamp()) && (mailboxes.isEmpty()
                        || !incidents.of(finding).isEmpty() || names(model, finding)))
                .toList();
        List<HuntRun.Suppressed> suppressed = result.suppressed().stream()
                .filter(s -> within(s.finding().timestamp(), s.finding().timestamp())
                        && (mailboxes.isEmpty() || names(model, s.finding())))
                .toList();
        return new HuntRun.Result(findings, incidents, result.summary(), result.sortSpills(), result.engine(), suppressed);
    }

    private boolean keeps(Incident incident) {
        return within(incident.firstActivity(), incident.lastActivity()) && (mailboxes.isEmpty() || mailboxes.contains(incident.mailbox()));
    }

    private boolean names(IncidentModel model, Finding finding) {
        Entities entities = Entities.of(finding, model.profile(finding));
        return entities.mailboxes().stream().anyMatch(mailboxes::contains) || entities.touched().stream().anyMatch(mailboxes::contains);
    }

    /** Whether [first, last] overlaps the window. */
    private boolean within(Instant first, Instant last) {
        return (since == null || !last.isBefore(since)) && (until == null || first.isBefore(until));
    }
}
