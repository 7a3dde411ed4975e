package dev.forgewatch.common.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.json.Json;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldCatalogTest {
    private final FieldCatalog catalog = FieldCatalog.standard();

    @Test
    void everyFieldNameCodeUsesIsDefinedInTheMappingData() throws Exception {
        for (java.lang.reflect.Field constant : Fields.class.getFields()) {
            if (Modifier.isStatic(constant.getModifiers())) {
                String name = (String) constant.get(null);
                assertThat(catalog.hasField(name)).as("Fields.%s = '%s' is in fields.yaml", constant.getName(), name).isTrue();
            }
        }
    }

    @Test
    void everyFieldHasAUniqueEcsNameAndSaneSources() {
        Set<String> ecsNames = new HashSet<>();
        for (FieldDefinition field : catalog.fields()) {
            assertThat(ecsNames.add(field.ecs())).as("ECS name %s used twice", field.ecs()).isTrue();
            assertThat(field.description()).as(field.name()).isNotBlank();
            assertThat(field.sigma()).as(field.name()).isNotEmpty();
            if (!field.name().startsWith("token_")) {
                assertThat(field.sources()).as("%s is read from some source", field.name()).isNotEmpty();
            }
        }
    }

    @Test
    void sigmaNamesResolveToTheirCanonicalField() {
        assertThat(catalog.bySigmaName("AppId").name()).isEqualTo(Fields.APP_ID);
        assertThat(catalog.bySigmaName("ClientIPAddress").name()).isEqualTo(Fields.CLIENT_IP);
        assertThat(catalog.bySigmaName("ipAddress").name()).isEqualTo(Fields.CLIENT_IP);
        assertThat(catalog.bySigmaName("MailAccessType").name()).isEqualTo(Fields.MAIL_ACCESS_TYPE);
        assertThat(catalog.bySigmaName("TokenFinding").name()).isEqualTo(Fields.TOKEN_FINDINGS);
        assertThat(catalog.bySigmaName("app_id").name()).as("canonical names resolve too").isEqualTo(Fields.APP_ID);
        assertThat(catalog.bySigmaName("NoSuchField")).isNull();
    }

    @Test
    void everyKindHasACatchAllClassAndClassificationIsByOperation() {
        for (SourceKind kind : SourceKind.values()) {
            assertThat(catalog.classes()).as(kind.shortName())
                    .anyMatch(c -> c.kind().equals(kind.shortName()) && c.isCatchAll());
        }
        assertThat(catalog.classify("audit", "MailItemsAccessed").id()).isEqualTo("mail_access");
        assertThat(catalog.classify("audit", "New-InboxRule").id()).isEqualTo("mailbox_config_change");
        assertThat(catalog.classify("audit", "SomethingNew").id()).isEqualTo("audit_other");
        assertThat(catalog.classify("signin", "Sign-in activity").cimTags()).containsExactly("authentication");
    }

    private static JsonNode yaml(String text) throws Exception {
        return Json.YAML.readTree(text);
    }

    private static FieldCatalog load(String fields) throws Exception {
        return FieldCatalog.load(yaml(fields), "test-fields.yaml",
                yaml("classes: [{id: x, kind: audit, ecs: {category: [], type: [info]}}]"), "test-classes.yaml");
    }

    @Test
    void invalidMappingDataIsRejectedNamingFileAndField() {
        assertThatThrownBy(() -> load("fields: [{name: a, type: keyword, ecs: a}, {name: a, type: long, ecs: b}]"))
                .hasMessage("test-fields.yaml: field 'a' is defined twice");
        assertThatThrownBy(() -> load("fields: [{name: a, type: float, ecs: a}]"))
                .hasMessageStartingWith("test-fields.yaml: field 'a': unknown type 'float'");
        assertThatThrownBy(() -> load("fields: [{name: a, type: keyword}]"))
                .hasMessage("test-fields.yaml: a has no 'ecs'");
        assertThatThrownBy(() -> load("fields: [{name: a, type: keyword, ecs: a, sources: {mail: [X]}}]"))
                .hasMessageContaining("field 'a': unknown source kind 'mail'");
        assertThatThrownBy(() -> load("fields: [{name: a, type: keyword, ecs: a, sources: {audit: ['X[Name=']}}]"))
                .hasMessageContaining("field 'a': unclosed '['");
        assertThatThrownBy(() -> load("fields: [{name: a, type: keyword, ecs: a, sigma: [S]}, {name: b, type: keyword, ecs: b, sigma: [S]}]"))
                .hasMessageContaining("Sigma name 'S' is used by both 'a' and 'b'");
        assertThatThrownBy(() -> load("fields: []")).hasMessageContaining("non-empty 'fields' list");
    }

    @Test
    void sourceKindsKnownToTheCatalogMatchTheEnum() {
        // every raw kind the normalizer recognizes reads from its own source key; token events are derived
        Set<String> kinds = new HashSet<>();
        for (SourceKind kind : SourceKind.values()) {
            if (kind != SourceKind.TOKEN) {
                kinds.add(kind.shortName());
            }
        }
        Set<String> used = new HashSet<>();
        for (FieldDefinition field : catalog.fields()) {
            assertThat(kinds).containsAll(field.sources().keySet());
            used.addAll(field.sources().keySet());
        }
        assertThat(used).isEqualTo(kinds);
    }
}
