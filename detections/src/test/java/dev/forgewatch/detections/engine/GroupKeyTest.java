package dev.forgewatch.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
    private static final String[] MAILBOX_AND_IP = {"mailbox_owner_upn", "client_ip"};

    private static CanonicalEvent event(String id, String mailbox, String ip) {
        return CanonicalEvent.builder().id(id).timestamp(Instant.parse("2023-05-15T00:00:00Z")).kind(SourceKind.AUDIT)
                .origin(new SourceRef("test", 0)).field("mailbox_owner_upn", mailbox).field("client_ip", ip)
                .field("folders", List.of("Inbox", "Sent")).build();
    }

    @Test
    void equalValuesMakeEqualKeysWhateverTheStringInstances() {
        Object first = GroupKey.of(event("a", "amy@contoso.com", "203.0.113.7"), MAILBOX_AND_IP);
        // distinct String objects with the same text, as two records read apart give
        Object second = GroupKey.of(event("b", new String("amy@contoso.com"), new String("203.0.113.7")), MAILBOX_AND_IP);
        Object other = GroupKey.of(event("c", "amy@contoso.com", "203.0.113.8"), MAILBOX_AND_IP);

        assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(other).isNotEqualTo(first);
        Map<Object, String> state = new HashMap<>();
        state.put(first, "seen");
        assertThat(state).containsEntry(second, "seen").doesNotContainKey(other);
    }

    @Test
    void valuesAreKeptApartEvenWhenOneHoldsTheOldSeparator() {
        // a joined-string key ("a\u001fb\u001f" + ...) let these two collide; the values are compared one by one
        Object left = GroupKey.of(event("a", "x\u001fy", "z"), MAILBOX_AND_IP);
        Object right = GroupKey.of(event("b", "x", "y\u001fz"), MAILBOX_AND_IP);

        assertThat(left).isNotEqualTo(right);
    }

    @Test
    void aMissingValueLeavesTheEventUngroupedAndOneFieldIsItsText() {
        assertThat(GroupKey.of(event("a", "amy@contoso.com", null), MAILBOX_AND_IP)).isNull();
        assertThat(GroupKey.of(event("a", "amy@contoso.com", "203.0.113.7"), new String[] {"client_ip"})).isEqualTo("203.0.113.7");
        assertThat(GroupKey.of(event("a", "amy@contoso.com", "203.0.113.7"), new String[] {"folders"})).isEqualTo("[Inbox, Sent]");
    }
}
