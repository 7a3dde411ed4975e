package dev.forgewatch.elastic.install;

import java.util.List;

/** What an installation did, asset by asset, and what it skipped or changed because the target lacks it. */
public record InstallReport(String cluster, List<Item> items, List<String> skipped) {
    public enum Outcome {
        CREATED("created"),
        UPDATED("updated"),
        UNCHANGED("unchanged"),
        OVERWRITTEN("overwritten (--force)"),
        REMOVED("removed: no longer in the tuning file"),
        KEPT_MODIFIED("kept: changed on the cluster since ForgeWatch installed it; --force overwrites"),
        KEPT_FOREIGN("kept: exists and was not installed by ForgeWatch; --force overwrites"),
        FAILED("failed");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean changed() {
            return this == CREATED || this == UPDATED || this == OVERWRITTEN || this == REMOVED;
        }

        public boolean refused() {
            return this == KEPT_MODIFIED || this == KEPT_FOREIGN;
        }
    }

    /** @param detail why, for a failure (the target's own reason); empty otherwise */
    public record Item(String asset, Outcome outcome, String detail) {
        public Item(String asset, Outcome outcome) {
            this(asset, outcome, "");
        }
    }

    public InstallReport {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    public boolean changedAnything() {
        return items.stream().anyMatch(item -> item.outcome().changed());
    }

    public boolean refusedAnything() {
        return items.stream().anyMatch(item -> item.outcome().refused());
    }

    public boolean failedAnything() {
        return items.stream().anyMatch(item -> item.outcome() == Outcome.FAILED);
    }

    public long count(Outcome outcome) {
        return items.stream().filter(item -> item.outcome() == outcome).count();
    }
}
