package dev.forgewatch.detections.incident;

import java.util.List;

/**
 * Incidents linked by what they share: a token, a session, an address named by an IOC rule, or an
 * app named by a campaign app rule (incidents.yaml).
 *
 * @param id          stable: {@code fwc-} and 16 hex digits of its incidents' ids
 * @param incidentIds worst first, as the incidents are listed
 * @param shared      what links them, e.g. {@code token 238d91d2…}, {@code IOC address 51.89.156.153}
 */
public record Campaign(String id, List<String> incidentIds, List<String> shared) {
    public Campaign {
        incidentIds = List.copyOf(incidentIds);
        shared = List.copyOf(shared);
    }
}
