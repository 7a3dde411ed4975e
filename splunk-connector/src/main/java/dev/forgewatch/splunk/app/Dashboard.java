package dev.forgewatch.splunk.app;

import java.util.List;

/**
 * A Simple XML dashboard: rows of panels, each one search and one visualization, with a shared time
 * picker (token {@code time}) unless a panel fixes its own window.
 *
 * @param id the view name, i.e. the file {@code default/data/ui/views/<id>.xml}
 */
public record Dashboard(String id, String label, String description, List<List<Panel>> rows) {
    public Dashboard {
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** How a panel shows its results. */
    public enum Viz {
        TABLE, SINGLE, COLUMN_STACKED, LINE, BAR, PIE
    }

    /**
     * One panel. {@code earliest} is null to follow the dashboard's time picker, else a fixed
     * relative time (e.g. {@code -30d@d}) for panels whose meaning depends on a long baseline.
     */
    public record Panel(String title, String description, Viz viz, String query, String earliest) {
        public static Panel of(String title, String description, Viz viz, String query) {
            return new Panel(title, description, viz, query, null);
        }
    }

    public String path() {
        return "default/data/ui/views/" + id + ".xml";
    }
}
