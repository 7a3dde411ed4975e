package dev.forgewatch.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.condition.FieldRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's bounded state map against the structure it replaced: an access-ordered
 * LinkedHashMap dropping its eldest entry past the cap. Findings depend on which entries are
 * evicted and expired, so both must agree on every answer, the order and the eviction count.
 */
class BoundedMapTest {
    private static final int CAP = 16;

    /** The reference: what BoundedMap was before it kept its entries in arrays. */
    private static final class Reference<K> extends LinkedHashMap<K, Long> {
        private static final long serialVersionUID = 1L;
        long evicted;

        Reference() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, Long> eldest) {
            if (size() > CAP) {
                evicted++;
                return true;
            }
            return false;
        }

        void expire(long before) {
            var values = values().iterator();
            while (values.hasNext() && values.next() < before) {
                values.remove();
            }
        }
    }

    private static List<String> order(BoundedMap<?, Long> map) {
        List<String> out = new ArrayList<>();
        map.forEach((key, value) -> out.add(key + "=" + value));
        return out;
    }

    /** The reference's entries in order; a key of several values is written as a {@link GroupKey.Values} is. */
    private static List<String> order(Reference<?> map) {
        List<String> out = new ArrayList<>();
        map.forEach((key, value) -> out.add((key instanceof List<?> values ? String.join("|", values.stream().map(String::valueOf).toList())
                : key) + "=" + value));
        return out;
    }

    @Test
    void behavesAsAnAccessOrderedLinkedHashMapWithACap() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            BoundedMap.Counter evictions = new BoundedMap.Counter();
            BoundedMap<String, Long> map = new BoundedMap<>(CAP, evictions);
            Reference<String> reference = new Reference<>();
            long time = 0;
            // keys from a space a little larger than the cap, so inserts evict, and some keys collide in a bucket
            int keySpace = CAP + 8 + random.nextInt(300);
            for (int step = 0; step < 5_000; step++) {
                String key = "k" + random.nextInt(keySpace);
                time += random.nextInt(3);
                long now = time;
                switch (random.nextInt(7)) {
                    case 0, 1 -> assertThat(map.put(key, now)).isEqualTo(reference.put(key, now));
                    case 2 -> assertThat(map.get(key)).isEqualTo(reference.get(key));
                    case 3 -> assertThat(map.computeIfAbsent(key, k -> now)).isEqualTo(reference.computeIfAbsent(key, k -> now));
                    case 4 -> assertThat(map.remove(key)).isEqualTo(reference.remove(key));
                    case 5 -> {
                        long before = now - random.nextInt(40);
                        map.expire(value -> value < before);
                        reference.expire(before);
                    }
                    default -> {
                        if (random.nextInt(200) == 0) {
                            map.clear();
                            reference.clear();
                        } else {
                            assertThat(map.computeIfAbsent(key, k -> null)).isEqualTo(reference.computeIfAbsent(key, k -> null));
                        }
                    }
                }
                assertThat(map.size()).isEqualTo(reference.size());
                assertThat(evictions.count()).isEqualTo(reference.evicted);
                if (step % 97 == 0) {
                    assertThat(order(map)).as("seed %d step %d", seed, step).isEqualTo(order(reference));
                }
            }
            assertThat(order(map)).isEqualTo(order(reference));
            assertThat(reference.evicted).as("the walk must reach the cap").isPositive();
        }
    }

    @Test
    void growsPastItsFirstArraysAndKeepsEveryEntryUpToTheCap() {
        BoundedMap.Counter evictions = new BoundedMap.Counter();
        BoundedMap<Integer, Integer> map = new BoundedMap<>(1_000, evictions);
        for (int i = 0; i < 1_500; i++) {
            map.put(i, i);
        }
        assertThat(map.size()).isEqualTo(1_000);
        assertThat(evictions.count()).isEqualTo(500);
        assertThat(map.get(499)).isNull();
        assertThat(map.get(500)).isEqualTo(500);
        // 500 was the eldest; reading it made it the youngest, so 501 goes next
        map.put(-1, -1);
        assertThat(map.get(501)).isNull();
        assertThat(map.get(500)).isEqualTo(500);
        // expiry walks from the eldest and stops at the first live entry: the young stale ones wait for their turn
        map.expire(value -> value < 1_000);
        assertThat(map.size()).isEqualTo(502);
        List<Integer> eldestFirst = new ArrayList<>();
        map.forEach((key, value) -> eldestFirst.add(key));
        assertThat(eldestFirst.get(0)).isEqualTo(1_000);
        assertThat(eldestFirst.subList(eldestFirst.size() - 3, eldestFirst.size())).containsExactly(1_499, -1, 500);
    }

    /**
     * A map keyed by two values, probed with a {@link GroupKey}, against the same reference keyed by the pair: the
     * values are compared in place, so the probe's text instances vary (equal texts, other strings) as records read
     * apart give, and some pairs share a hash.
     */
    @Test
    void aMapOfPairsBehavesAsTheReferenceKeyedByThePair() {
        FieldCatalog catalog = FieldCatalog.standard();
        EventFields fields = new EventFields();
        GroupKey probe = new GroupKey(fields, List.of(new FieldRef("MailboxOwnerUPN", catalog.field("mailbox_owner_upn")),
                new FieldRef("ClientIPAddress", catalog.field("client_ip"))));
        // "Aa" and "BB" have the same hash code: pairs of them collide whole
        String[] firsts = {"Aa", "BB", "amy@contoso.com", "bob@contoso.com", "AaAa", "BBBB"};
        for (long seed = 1; seed <= 30; seed++) {
            Random random = new Random(seed);
            BoundedMap.Counter evictions = new BoundedMap.Counter();
            BoundedMap<Object, Long> map = new BoundedMap<>(CAP, evictions, 2);
            Reference<List<String>> reference = new Reference<>();
            long time = 0;
            int seconds = 4 + random.nextInt(20);
            for (int step = 0; step < 4_000; step++) {
                String first = new String(firsts[random.nextInt(firsts.length)]);
                String second = new String("10.0.0." + random.nextInt(seconds));
                fields.of(CanonicalEvent.builder().id("e" + step).timestamp(Instant.EPOCH).kind(SourceKind.AUDIT)
                        .origin(new SourceRef("test", step)).field("mailbox_owner_upn", first).field("client_ip", second).build());
                assertThat(probe.load()).isTrue();
                List<String> key = List.of(first, second);
                time += random.nextInt(3);
                long now = time;
                switch (random.nextInt(12)) {
                    case 0, 1, 2, 3 -> assertThat(map.put(probe, now)).isEqualTo(reference.put(key, now));
                    case 4, 5 -> assertThat(map.get(probe)).isEqualTo(reference.get(key));
                    case 6, 7 -> assertThat(map.computeIfAbsent(probe, () -> now)).isEqualTo(reference.computeIfAbsent(key, k -> now));
                    case 8 -> assertThat(map.remove(probe)).isEqualTo(reference.remove(key));
                    case 9, 10 -> assertThat(map.computeIfAbsent(probe, () -> null)).isEqualTo(reference.computeIfAbsent(key, k -> null));
                    default -> {
                        long before = now - 20 - random.nextInt(40);
                        map.expire(value -> value < before);
                        reference.expire(before);
                    }
                }
                assertThat(map.size()).isEqualTo(reference.size());
                assertThat(evictions.count()).isEqualTo(reference.evicted);
                if (step % 89 == 0) {
                    assertThat(order(map)).as("seed %d step %d", seed, step).isEqualTo(order(reference));
                }
            }
            assertThat(order(map)).isEqualTo(order(reference));
            assertThat(reference.evicted).as("the walk must reach the cap").isPositive();
        }
    }
}
