package dev.forgewatch.detections.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run should know about the engine's bounded memory: state entries evicted because a rule
 * reached its cap (per rule), and matches folded into an earlier finding by suppression. An
 * eviction means the engine forgot: a first-seen value seen again is reported as new, a
 * correlation group starts over, so a hunt that evicted tells the user (see {@link EngineLimits}).
 */
public final class EngineStats {
    private final int keyCapPerRule;
    private final Map<String, BoundedMap.Counter> evictions = new TreeMap<>();
    private long suppressed;
    private final Map<String, java.time.Instant> learningUntil = new TreeMap<>();

    EngineStats(int keyCapPerRule) {
        this.keyCapPerRule = keyCapPerRule;
    }

    /** The stats of a detector that keeps no bounded state: nothing evicted, nothing suppressed. */
    public static EngineStats none() {
        return new EngineStats(0);
    }

    /** The eviction counter of one rule's state. */
    BoundedMap.Counter evictions(String rule) {
        return evictions.computeIfAbsent(rule, name -> new BoundedMap.Counter());
    }

    void suppressed() {
        suppressed++;
    }

    /** The cap on one rule's state entries ({@link EngineLimits#maxKeysPerRule()}), 0 for {@link #none()}. */
    public int keyCapPerRule() {
        return keyCapPerRule;
    }

    /** State entries dropped because a rule reached {@link EngineLimits#maxKeysPerRule()}, all rules together. */
    public long evictedEntries() {
        return evictions.values().stream().mapToLong(BoundedMap.Counter::count).sum();
    }

    /** Evicted entries of each rule that evicted any, by rule name. */
    public Map<String, Long> evictedByRule() {
        Map<String, Long> byRule = new LinkedHashMap<>();
        evictions.forEach((rule, counter) -> {
            if (counter.count() > 0) {
                byRule.put(rule, counter.count());
            }
        });
        return byRule;
    }

    void learning(String rule, java.time.Instant until) {
        learningUntil.put(rule, until);
    }

    /**
     * Rules whose baseline (baselines.yaml, or a first-seen rule's new_terms baseline) was still
     * learning when the data ended, with when it would have been complete; by rule name.
     */
    public Map<String, java.time.Instant> learningAtEnd() {
        return java.util.Collections.unmodifiableMap(learningUntil);
    }

    /** Matches folded into an earlier finding by a rule's suppression window. */
    public long suppressedMatches() {
        return suppressed;
    }
}
