package dev.forgewatch.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.testing.TestRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An event built on a field layout (values by position, absent fields as empty places) is the same
 * event as one built field by field: the same map, order, equality, hash code and text.
 */
class FieldLayoutTest {
    private static final FieldLayout LAYOUT = new FieldLayout(List.of(
            Fields.WORKLOAD, Fields.OPERATION, Fields.USER_ID, Fields.CLIENT_IP, Fields.FOLDER_PATHS, Fields.ITEM_COUNT));

    private static CanonicalEvent.Builder base(CanonicalEvent.Builder builder) {
        return builder.id("id-1").timestamp(Instant.parse("2023-06-12T14:03:27Z")).kind(SourceKind.AUDIT)
                .origin(new SourceRef("audit.json", 3));
    }

    /** The same fields, by name, with the compact builder. */
    private static CanonicalEvent compactCopy(CanonicalEvent event) {
        CanonicalEvent.Builder builder = base(CanonicalEvent.builder()).id(event.id()).timestamp(event.timestamp())
                .kind(event.kind()).origin(event.origin());
        for (Map.Entry<String, Object> field : event.fields().entrySet()) {
            builder.field(field.getKey(), field.getValue());
        }
        return builder.build();
    }

    @Test
    void aLayoutEventIsTheCompactEventOfTheFieldsPresentInLayoutOrder() {
        CanonicalEvent event = base(CanonicalEvent.builder(LAYOUT))
                .field(LAYOUT.position(Fields.USER_ID), "alex.wilber@fabrikam.example")
                .field(LAYOUT.position(Fields.WORKLOAD), "Exchange")
                .field(LAYOUT.position(Fields.FOLDER_PATHS), new ArrayList<>(List.of("\\Inbox", "\\Sent Items")))
                .build();
        CanonicalEvent compact = base(CanonicalEvent.builder())
                .field(Fields.WORKLOAD, "Exchange")
                .field(Fields.USER_ID, "alex.wilber@fabrikam.example")
                .field(Fields.FOLDER_PATHS, List.of("\\Inbox", "\\Sent Items"))
                .build();

        assertThat(new ArrayList<>(event.fields().keySet())).containsExactly(Fields.WORKLOAD, Fields.USER_ID, Fields.FOLDER_PATHS);
        assertThat(event.fields()).hasSize(3).isEqualTo(compact.fields());
        assertThat(event).isEqualTo(compact).hasSameHashCodeAs(compact).hasToString(compact.toString());
        assertThat(event.get(Fields.OPERATION)).isNull();
        assertThat(event.fields().containsKey(Fields.CLIENT_IP)).isFalse();
        assertThat(event.fields().get(new String(Fields.USER_ID.toCharArray()))).isEqualTo("alex.wilber@fabrikam.example");
        assertThat(event.list(Fields.FOLDER_PATHS)).containsExactly("\\Inbox", "\\Sent Items");
        assertThat(event.raw().isEmpty()).isTrue();
        List<String> forEach = new ArrayList<>();
        event.fields().forEach((name, value) -> forEach.add(name + "=" + value));
        assertThat(forEach).containsExactly("workload=Exchange", "user_id=alex.wilber@fabrikam.example",
                "folder_paths=[\\Inbox, \\Sent Items]");
    }

    @Test
    void byNameOnALayoutBuilderReplacesRemovesAndAddsFieldsBeyondTheLayoutAfterItsOwn() {
        CanonicalEvent.Builder builder = base(CanonicalEvent.builder(LAYOUT))
                .field(LAYOUT.position(Fields.OPERATION), "MailItemsAccessed")
                .field(Fields.CLIENT_IP, "203.0.113.24")
                .field(LAYOUT.position(Fields.ITEM_COUNT), 4L);
        CanonicalEvent first = builder.build();
        // changing the builder after build leaves the event built alone
        builder.field(Fields.ITEM_COUNT, null).field(Fields.OPERATION, "Send");
        CanonicalEvent second = builder.build();
        builder.field(Fields.TOKEN_ALG, "RS256").field(Fields.WORKLOAD, "Exchange");
        CanonicalEvent third = builder.build();

        assertThat(first.fields()).containsExactly(Map.entry(Fields.OPERATION, "MailItemsAccessed"),
                Map.entry(Fields.CLIENT_IP, "203.0.113.24"), Map.entry(Fields.ITEM_COUNT, 4L));
        assertThat(second.fields()).containsExactly(Map.entry(Fields.OPERATION, "Send"), Map.entry(Fields.CLIENT_IP, "203.0.113.24"));
        // a name the layout lacks: the fields so far in layout order, then the new ones as they come
        assertThat(third.fields()).containsExactly(Map.entry(Fields.OPERATION, "Send"), Map.entry(Fields.CLIENT_IP, "203.0.113.24"),
                Map.entry(Fields.TOKEN_ALG, "RS256"), Map.entry(Fields.WORKLOAD, "Exchange"));
        assertThat(List.of(first, second, third)).allSatisfy(event -> assertThat(compactCopy(event)).isEqualTo(event)
                .hasSameHashCodeAs(event).hasToString(event.toString()));
    }

    @Test
    void toBuilderOfALayoutEventDerivesACopyWithItsRawBagOwnBag() {
        CanonicalEvent event = base(CanonicalEvent.builder(LAYOUT)).field(LAYOUT.position(Fields.USER_ID), "megan@fabrikam.example").build();
        CanonicalEvent token = event.toBuilder().kind(SourceKind.TOKEN).field(Fields.TOKEN_ALG, "none")
                .raw("note", com.fasterxml.jackson.databind.node.TextNode.valueOf("kept")).build();

        assertThat(token.fields()).containsExactly(Map.entry(Fields.USER_ID, "megan@fabrikam.example"), Map.entry(Fields.TOKEN_ALG, "none"));
        assertThat(token.raw().get("note").asText()).isEqualTo("kept");
        assertThat(event.raw().isEmpty()).isTrue(); // the shared empty bag was not written to
        assertThat(base(CanonicalEvent.builder()).build().raw().isEmpty()).isTrue();
    }

    @Test
    void aLayoutNamesEachFieldOnceAndOnlyItsBuildersTakePositions() {
        assertThatThrownBy(() -> new FieldLayout(List.of(Fields.USER_ID, Fields.WORKLOAD, Fields.USER_ID)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LAYOUT.position(Fields.TOKEN_ALG)).isEqualTo(-1);
        assertThat(LAYOUT.name(LAYOUT.position(Fields.CLIENT_IP))).isSameAs(Fields.CLIENT_IP);
        assertThatThrownBy(() -> CanonicalEvent.builder().field(0, "x")).isInstanceOf(IllegalStateException.class);
    }

    /**
     * A layout finds each of its names by hash (the catalog's names, copies of them, names whose hash codes
     * collide), and events built on it answer a field by name as the compact event does.
     */
    @Test
    void aLayoutFindsEveryNameOfTheCatalogAndCollidingNames() {
        List<String> catalog = dev.forgewatch.common.mapping.FieldCatalog.standard().fieldList().stream()
                .map(dev.forgewatch.common.mapping.FieldDefinition::name).toList();
        List<String> names = new ArrayList<>(catalog);
        names.addAll(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa")); // "Aa" and "BB" have the same hash code
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        FieldLayout layout = new FieldLayout(names);
        for (int position = 0; position < names.size(); position++) {
            String name = names.get(position);
            assertThat(layout.position(name)).as(name).isEqualTo(position);
            assertThat(layout.position(new String(name.toCharArray()))).as(name).isEqualTo(position);
            assertThat(layout.position(name + "_")).as(name).isEqualTo(-1);
        }
        assertThat(layout.position("CC")).isEqualTo(-1);
        assertThat(layout.position("")).isEqualTo(-1);

        CanonicalEvent.Builder builder = base(CanonicalEvent.builder(layout));
        CanonicalEvent.Builder compact = base(CanonicalEvent.builder());
        for (int position = 0; position < names.size(); position += 3) {
            builder.field(position, "value " + position);
            compact.field(names.get(position), "value " + position);
        }
        CanonicalEvent event = builder.build();
        CanonicalEvent expected = compact.build();
        assertThat(event).isEqualTo(expected);
        for (String name : names) {
            assertThat(event.get(name)).as(name).isEqualTo(expected.get(name));
            assertThat(event.fields().containsKey(name)).as(name).isEqualTo(expected.fields().containsKey(name));
        }
        assertThat(event.fields().get(42)).isNull();
    }

    @Test
    void fixtureEventsEqualTheirCompactCopies() {
        for (String name : List.of("mailitemsaccessed-bind.json", "mailitemsaccessed-sync.json", "send.json", "user-logged-in.json",
                "consent-to-application.json", "set-mailbox-audit-bypass.json")) {
            CanonicalEvent event = TestRecords.event(name);
            CanonicalEvent copy = compactCopy(event).toBuilder().raw((com.fasterxml.jackson.databind.node.ObjectNode) event.raw().deepCopy())
                    .build();
            assertThat(copy).as(name).isEqualTo(event).hasSameHashCodeAs(event).hasToString(event.toString());
            assertThat(new ArrayList<>(copy.fields().keySet())).as(name).containsExactlyElementsOf(event.fields().keySet());
        }
    }
}
