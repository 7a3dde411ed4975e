package dev.forgewatch.detections.incident;

import dev.forgewatch.detections.Finding;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the incident model made of a run's findings: incidents worst first, campaigns, and each finding's incidents. */
public final class Incidents {
    public static final Incidents NONE = new Incidents(List.of(), List.of(), Map.of());

    private final List<Incident> incidents;
    private final List<Campaign> campaigns;
    private final Map<Finding, List<String>> byFinding;

    Incidents(List<Incident> incidents, List<Campaign> campaigns, Map<Finding, List<String>> byFinding) {
        this.incidents = List.copyOf(incidents);
        this.campaigns = List.copyOf(campaigns);
        this.byFinding = new IdentityHashMap<>(byFinding);
    }

    /** Worst first: verdict, then score, then first activity, then mailbox. */
    public List<Incident> incidents() {
        return incidents;
    }

    public List<Campaign> campaigns() {
        return campaigns;
    }

    /** The ids of the incidents a finding belongs to (none, one, or several for an app-level finding). */
    public List<String> of(Finding finding) {
        return byFinding.getOrDefault(finding, List.of());
    }

    /**
     * Only the incidents {@code keep} accepts; campaigns with one of them stay whole (so an incident's
     * campaign still names its other members), and each finding keeps only the kept incidents' ids.
     */
    public Incidents retain(Predicate<Incident> keep) {
        List<Incident> kept = incidents.stream().filter(keep).toList();
        Set<String> ids = kept.stream().map(Incident::id).collect(Collectors.toSet());
        List<Campaign> campaignsKept = campaigns.stream().filter(c -> c.incidentIds().stream().anyMatch(ids::contains)).toList();
        Map<Finding, List<String>> findings = new IdentityHashMap<>();
        byFinding.forEach((finding, of) -> {
            List<String> still = of.stream().filter(ids::contains).toList();
            if (!still.isEmpty()) {
                findings.put(finding, still);
            }
        });
        return new Incidents(kept, campaignsKept, findings);
    }

    public Incident incident(String id) {
        return incidents.stream().filter(incident -> incident.id().equals(id)).findFirst().orElse(null);
    }
}
