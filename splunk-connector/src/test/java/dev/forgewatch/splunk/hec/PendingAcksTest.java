package dev.forgewatch.splunk.hec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingAcksTest {
    @Test
    void anIdGivenTwiceIsRefusedAndTheFirstBatchStaysPending() {
        PendingAcks<String> pending = new PendingAcks<>();

        assertThat(pending.add(0, "batch of 500 events")).isTrue();
        assertThat(pending.add(0, "batch of 31 events")).as("a repeated id never overwrites").isFalse();

        assertThat(pending.ids()).containsExactly(0L);
        assertThat(pending.get(0)).isEqualTo("batch of 500 events");
    }

    @Test
    void anIdAcknowledgedEarlierInTheRunIsStillRefused() {
        // an instance that restarted and forgot the channel numbers its batches from 0 again
        PendingAcks<String> pending = new PendingAcks<>();
        pending.add(0, "first");
        pending.add(1, "second");
        assertThat(pending.remove(0)).isEqualTo("first");

        assertThat(pending.add(0, "third")).isFalse();
        assertThat(pending.ids()).containsExactly(1L);
    }

    @Test
    void idsComeOldestFirst() {
        PendingAcks<String> pending = new PendingAcks<>();
        pending.add(7, "a");
        pending.add(3, "b");
        pending.add(9, "c");

        assertThat(pending.ids()).containsExactly(7L, 3L, 9L);
        assertThat(pending.batches()).containsExactly("a", "b", "c");
        assertThat(pending.remove(42)).isNull();
    }
}
