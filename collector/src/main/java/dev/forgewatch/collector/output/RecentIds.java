package dev.forgewatch.collector.output;

import dev.forgewatch.common.secret.Fingerprints;

/**
 * Remembers the most recent record ids to drop duplicates (the Activity API can deliver a record in
 * more than one blob). Bounded: ids are kept as 64-bit hashes in two generations; when the current
 * generation fills, the older one is forgotten. Memory is about 32 bytes per remembered id.
 */
public final class RecentIds {
    private final int generationSize;
    private LongSet current;
    private LongSet previous;

    public RecentIds(int capacity) {
        this.generationSize = Math.max(16, capacity / 2);
        this.current = new LongSet(generationSize);
        this.previous = new LongSet(16);
    }

    /** True the first time an id is offered (within the remembered range), false for a repeat. */
    public boolean add(String id) {
        long hash = hash(id);
        if (current.contains(hash) || previous.contains(hash)) {
            return false;
        }
        if (current.size() >= generationSize) {
            previous = current;
            current = new LongSet(generationSize);
        }
        current.add(hash);
        return true;
    }

    static long hash(String id) {
        // The first 64 bits of SHA-256: collisions among a few million ids are vanishingly rare.
        return Long.parseUnsignedLong(Fingerprints.sha256Hex(id).substring(0, 16), 16);
    }

    /** Open addressing over a long[]; 0 marks a free slot, so a 0 hash is stored as 1. */
    private static final class LongSet {
        private final long[] slots;
        private int size;

        LongSet(int expected) {
            int length = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            slots = new long[length];
        }

        int size() {
            return size;
        }

        boolean contains(long value) {
            long key = value == 0 ? 1 : value;
            int mask = slots.length - 1;
            for (int i = (int) (key ^ (key >>> 32)) & mask; slots[i] != 0; i = (i + 1) & mask) {
                if (slots[i] == key) {
                    return true;
                }
            }
            return false;
        }

        void add(long value) {
            long key = value == 0 ? 1 : value;
            int mask = slots.length - 1;
            int i = (int) (key ^ (key >>> 32)) & mask;
            while (slots[i] != 0) {
                if (slots[i] == key) {
                    return;
                }
                i = (i + 1) & mask;
            }
            slots[i] = key;
            size++;
        }
    }
}
