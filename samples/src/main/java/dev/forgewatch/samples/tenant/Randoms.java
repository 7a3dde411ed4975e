package dev.forgewatch.samples.tenant;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeded randomness helpers. Every random stream is derived from the run seed plus the coordinates
 * of what it generates (user, day, ...), so the output does not depend on generation order.
 */
public final class Randoms {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Randoms() {
    }

    /** A random stream for one (seed, salt, a, b) coordinate, independent of every other one. */
    public static SplittableRandom stream(long seed, long salt, long a, long b) {
        return new SplittableRandom(mix(mix(mix(seed ^ salt) + a) + b));
    }

    /** SplitMix64 finalizer: spreads nearby inputs far apart. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A version-4 GUID in the lower-case form Microsoft services write. */
    public static String guid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Upper-case hex digits, as in PUIDs and Exchange message ids. */
    public static String hex(SplittableRandom random, int digits) {
        char[] out = new char[digits];
        for (int i = 0; i < digits; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }

    public static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A whole number in [min, max], both inclusive. */
    public static int between(SplittableRandom random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    public static boolean chance(SplittableRandom random, double probability) {
        return random.nextDouble() < probability;
    }
}
