package dev.forgewatch.hunt;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.detections.Finding;

/**
 * Sees what a hunt sees, in time order: every event, then every finding as it is raised. Reports
 * build their per-mailbox timelines from this; implementations must keep bounded state.
 */
public interface HuntObserver {
    HuntObserver NONE = new HuntObserver() {
        @Override
        public void event(CanonicalEvent event) {
        }

        @Override
        public void finding(Finding finding) {
        }
    };

    void event(CanonicalEvent event);

    void finding(Finding finding);
}
