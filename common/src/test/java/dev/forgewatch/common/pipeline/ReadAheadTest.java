package dev.forgewatch.common.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    /** Yields 1..count, then fails with {@code failure} if one is given; its position is 10 per item. */
    private static final class Counting implements ReadAhead.Source<Integer> {
        private final int count;
        private final Exception failure;
        private int served;

        Counting(int count, Exception failure) {
            this.count = count;
            this.failure = failure;
        }

        @Override
        public Integer next() throws IOException {
            if (served == count) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException runtime) {
                    throw runtime;
                }
                return null;
            }
            return ++served;
        }

        long position() {
            return served * 10L;
        }
    }

    private static ReadAhead<Integer> readAhead(Counting source, String name, int batch, int ahead) {
        return new ReadAhead<>(source, source::position, name, batch, ahead);
    }

    @Test
    void itemsComeOutInTheSourcesOrderAcrossManySmallBatches() throws IOException {
        Counting source = new Counting(1000, null);
        try (ReadAhead<Integer> ahead = readAhead(source, "in.ndjson", 7, 2)) {
            List<Integer> items = new ArrayList<>();
            Integer item;
            while ((item = ahead.next()) != null) {
                items.add(item);
            }
            assertThat(items).hasSize(1000);
            for (int i = 0; i < items.size(); i++) {
                assertThat(items.get(i)).isEqualTo(i + 1);
            }
            assertThat(ahead.next()).isNull();
            assertThat(ahead.position()).isEqualTo(10_000);
        }
    }

    @Test
    void aSourceFailureSurfacesAfterTheItemsProducedBeforeIt() throws IOException {
        Counting source = new Counting(20, new IOException("Unexpected end of ZLIB input stream"));
        try (ReadAhead<Integer> ahead = readAhead(source, "in.ndjson.gz", 8, 1)) {
            List<Integer> seen = new ArrayList<>();
            assertThatThrownBy(() -> {
                Integer item;
                while ((item = ahead.next()) != null) {
                    seen.add(item);
                }
            }).isInstanceOf(IOException.class).hasMessage("Unexpected end of ZLIB input stream");
            assertThat(seen).hasSize(20).endsWith(20);
            assertThat(ahead.next()).isNull();
        }
    }

    @Test
    void anUncheckedFailureIsRethrownNotSwallowed() throws IOException {
        Counting source = new Counting(3, new IllegalStateException("normalizer bug"));
        try (ReadAhead<Integer> ahead = readAhead(source, "in.ndjson", 2, 1)) {
            assertThat(ahead.next()).isEqualTo(1);
            assertThat(ahead.next()).isEqualTo(2);
            assertThat(ahead.next()).isEqualTo(3);
            assertThatThrownBy(ahead::next).isInstanceOf(IllegalStateException.class).hasMessage("normalizer bug");
        }
    }

    @Test
    void closingBeforeTheEndStopsTheThreadOnceTheQueueIsFull() throws IOException {
        Counting source = new Counting(1_000_000, null);
        ReadAhead<Integer> ahead = readAhead(source, "big.ndjson", 16, 2);
        assertThat(ahead.next()).isEqualTo(1);
        ahead.close();
        // close() waited for the thread, which never read the whole input
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("forgewatch-read-ahead big.ndjson"));
        assertThat(source.served).isLessThan(1_000_000);
    }

    @Test
    void sizesMustBePositive() {
        Counting source = new Counting(1, null);
        assertThatThrownBy(() -> readAhead(source, "x", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readAhead(source, "x", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
