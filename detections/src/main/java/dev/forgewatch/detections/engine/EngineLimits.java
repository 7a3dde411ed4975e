package dev.forgewatch.detections.engine;

/**
 * Caps that keep the engine's memory flat on any input.
 *
 * @param maxKeysPerRule   entries one stateful rule keeps (new_terms values, correlation groups,
 *                         suppression keys); beyond it the least recently seen entry is evicted.
 *                         An evicted first-seen value that returns is reported as new again, and
 *                         an evicted correlation group starts over: the engine errs towards
 *                         reporting, never towards silence about new activity. Roughly 200 bytes
 *                         per entry.
 * @param maxEvidenceIds   event ids a finding lists (the first ones, in time order)
 */
public record EngineLimits(int maxKeysPerRule, int maxEvidenceIds) {
    public static final EngineLimits DEFAULT = new EngineLimits(250_000, 25);

    public EngineLimits {
        if (maxKeysPerRule < 16 || maxEvidenceIds < 1) {
            throw new IllegalArgumentException("engine limits too small: " + maxKeysPerRule + " keys, " + maxEvidenceIds + " ids");
        }
    }
}
