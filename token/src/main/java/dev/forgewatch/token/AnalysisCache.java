package dev.forgewatch.token;

import dev.forgewatch.token.inspect.TokenInspector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded LRU of token analyses, so a token seen a thousand times is parsed and verified once. Keyed
 * by the token text itself: hashing it with SHA-256 on every lookup would cost more than the lookup,
 * and keying by anything shorter (the signature alone, say) would let a forger reuse a genuine
 * token's cached verdict. The tokens live only in memory, for the run; nothing here is ever written.
 */
final class AnalysisCache {
    private final Map<Key, TokenInspector.Analysis> entries;

    AnalysisCache(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, TokenInspector.Analysis> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized TokenInspector.Analysis get(String token) {
        return entries.get(new Key(token));
    }

    synchronized void put(String token, TokenInspector.Analysis analysis) {
        entries.put(new Key(token), analysis);
    }

    /**
     * Hashes a sample of the token (its length and its last 32 characters, which for a signed token
     * are signature bytes) instead of all of it; equality still compares the whole text.
     */
    private record Key(String token) implements Comparable<Key> {
        @Override
        public int hashCode() {
            int hash = token.length();
            for (int i = Math.max(0, token.length() - 32); i < token.length(); i++) {
                hash = 31 * hash + token.charAt(i);
            }
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && token.equals(key.token);
        }

        /** Lets a crowded hash bucket become a tree instead of a list (tokens built to collide). */
        @Override
        public int compareTo(Key other) {
            return token.compareTo(other.token);
        }
    }
}
