package dev.forgewatch.detections.engine;

/** Counters a run can report: state evicted under memory caps, findings folded by suppression. */
public final class EngineStats {
    private final BoundedMap.Counter evictions = new BoundedMap.Counter();
    private long suppressed;

    BoundedMap.Counter evictions() {
        return evictions;
    }

    void suppressed() {
        suppressed++;
    }

    /** State entries dropped because a rule reached {@link EngineLimits#maxKeysPerRule()}. */
    public long evictedEntries() {
        return evictions.count();
    }

    /** Matches folded into an earlier finding by a rule's suppression window. */
    public long suppressedMatches() {
        return suppressed;
    }
}
