package dev.forgewatch.detections.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.condition.FieldRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final FieldRef MAILBOX = new FieldRef("MailboxOwnerUPN", CATALOG.field("mailbox_owner_upn"));
    private static final FieldRef IP = new FieldRef("ClientIPAddress", CATALOG.field("client_ip"));
    private static final FieldRef FOLDERS = new FieldRef("Folders", CATALOG.field("folder_paths"));

    private static CanonicalEvent event(String id, String mailbox, String ip) {
        return CanonicalEvent.builder().id(id).timestamp(Instant.parse("2023-05-15T00:00:00Z")).kind(SourceKind.AUDIT)
                .origin(new SourceRef("test", 0)).field("mailbox_owner_upn", mailbox).field("client_ip", ip)
                .field("folder_paths", List.of("Inbox", "Sent")).build();
    }

    /** The probe loaded with the event's values, or null when the event is not grouped. */
    private static GroupKey load(EventFields fields, GroupKey key, CanonicalEvent event) {
        fields.of(event);
        return key.load() ? key : null;
    }

    @Test
    void equalValuesFindTheSameStateWhateverTheStringInstances() {
        EventFields fields = new EventFields();
        GroupKey key = new GroupKey(fields, List.of(MAILBOX, IP));
        BoundedMap<Object, String> state = new BoundedMap<>(100, new BoundedMap.Counter(), key.width());
        state.put(load(fields, key, event("a", "amy@contoso.com", "203.0.113.7")), "seen");
        Object first = key.key();
        int firstHash = key.hash();

        // distinct String objects with the same text, as two records read apart give
        assertThat(state.get(load(fields, key, event("b", new String("amy@contoso.com"), new String("203.0.113.7")))))
                .isEqualTo("seen");
        assertThat(key.hash()).isEqualTo(firstHash);
        assertThat(key.key()).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(state.get(load(fields, key, event("c", "amy@contoso.com", "203.0.113.8")))).isNull();
        assertThat(key.key()).isNotEqualTo(first);
        assertThat(state.size()).isEqualTo(1);
        // the immutable keys work in the JDK's maps alike
        Map<Object, String> map = new HashMap<>();
        map.put(first, "seen");
        load(fields, key, event("d", new String("amy@contoso.com"), "203.0.113.7"));
        assertThat(map).containsEntry(key.key(), "seen");
    }

    @Test
    void theMapKeepsItsOwnCopyOfTheValuesNotTheProbe() {
        EventFields fields = new EventFields();
        GroupKey key = new GroupKey(fields, List.of(MAILBOX, IP));
        BoundedMap<Object, String> state = new BoundedMap<>(100, new BoundedMap.Counter(), key.width());
        state.put(load(fields, key, event("a", "amy@contoso.com", "203.0.113.7")), "amy");
        state.put(load(fields, key, event("b", "bob@contoso.com", "203.0.113.7")), "bob");

        assertThat(state.get(load(fields, key, event("c", "amy@contoso.com", "203.0.113.7")))).isEqualTo("amy");
        assertThat(state.remove(load(fields, key, event("d", "bob@contoso.com", "203.0.113.7")))).isEqualTo("bob");
        assertThat(state.get(key)).isNull();
        assertThat(state.size()).isEqualTo(1);
    }

    @Test
    void valuesAreKeptApartEvenWhenOneHoldsTheOldSeparator() {
        // a joined-string key ("a\u001fb\u001f" + ...) let these two collide; the values are compared one by one
        EventFields fields = new EventFields();
        GroupKey key = new GroupKey(fields, List.of(MAILBOX, IP));
        BoundedMap<Object, String> state = new BoundedMap<>(100, new BoundedMap.Counter(), key.width());
        state.put(load(fields, key, event("a", "x\u001fy", "z")), "left");
        Object left = key.key();

        assertThat(state.get(load(fields, key, event("b", "x", "y\u001fz")))).isNull();
        assertThat(key.key()).isNotEqualTo(left);
    }

    @Test
    void aMissingValueLeavesTheEventUngroupedAndOneFieldIsItsText() {
        EventFields fields = new EventFields();
        GroupKey pair = new GroupKey(fields, List.of(MAILBOX, IP));
        GroupKey ip = new GroupKey(fields, List.of(IP));
        GroupKey folders = new GroupKey(fields, List.of(FOLDERS));

        assertThat(load(fields, pair, event("a", "amy@contoso.com", null))).isNull();
        fields.of(event("b", "amy@contoso.com", "203.0.113.7"));
        assertThat(ip.load()).isTrue();
        assertThat(ip.key()).isEqualTo("203.0.113.7");
        assertThat(folders.load()).isTrue();
        assertThat(folders.key()).isEqualTo("[Inbox, Sent]");
        // a probe of one field finds what a plain key of its text put in a map of width one, and the reverse
        BoundedMap<Object, String> state = new BoundedMap<>(100, new BoundedMap.Counter());
        state.put("203.0.113.7", "plain");
        assertThat(state.get(ip)).isEqualTo("plain");
        state.put(folders, "probe");
        assertThat(state.get("[Inbox, Sent]")).isEqualTo("probe");
    }

    @Test
    void theFieldsOfAnEventAreReadForThatEventOnly() {
        EventFields fields = new EventFields();
        int ip = fields.slot("client_ip");
        assertThat(fields.slot("client_ip")).isEqualTo(ip);
        assertThat(fields.slot("mailbox_owner_upn")).isNotEqualTo(ip);

        fields.of(event("a", "amy@contoso.com", "203.0.113.7"));
        assertThat(fields.text(ip)).isEqualTo("203.0.113.7");
        assertThat(fields.text(ip)).isEqualTo("203.0.113.7");
        fields.of(event("b", "amy@contoso.com", null));
        assertThat(fields.get(ip)).isNull();
        fields.of(event("c", "amy@contoso.com", "198.51.100.1"));
        assertThat(fields.text(ip)).isEqualTo("198.51.100.1");
        // a slot resolved after events began is read like the others
        int folders = fields.slot("folder_paths");
        assertThat(fields.get(folders)).isEqualTo(List.of("Inbox", "Sent"));
        assertThat(fields.get(fields.slot("timestamp"))).isEqualTo(Instant.parse("2023-05-15T00:00:00Z"));
    }
}
