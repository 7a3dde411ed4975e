package dev.forgewatch.common.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcePathTest {
    private static final JsonNode RECORD = parse("""
            {"A":{"B":"nested"},"a.b":"flat","Props":[{"Name":"X","Value":"1"},{"Name":"Y","Value":"2"},{"Name":"X","Value":"3"}],
             "Folders":[{"Path":"\\\\Inbox","Items":[{"Id":1},{"Id":2}]},{"Path":"\\\\Sent Items","Items":[{"Id":3}]},{"Path":"\\\\Empty","Items":[]}],
             "Parameters":[{"Name":"Identity","Value":"bob"},{"Name":"Enabled","Value":true}],
             "Modified":[{"Name":"Scope","NewValue":"Mail.Read","OldValue":""}],
             "Nothing":null,"NoItems":[{"Path":"\\\\x"}]}""");

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> values(String path) {
        return SourcePath.parse(path).evaluate(RECORD).stream().map(JsonNode::asText).toList();
    }

    @Test
    void membersAndNestedMembers() {
        assertThat(values("A.B")).containsExactly("nested");
        assertThat(values("Missing")).isEmpty();
        assertThat(values("Nothing")).as("JSON null is nothing").isEmpty();
    }

    @Test
    void aLiteralDottedKeyWinsOverNesting() {
        assertThat(values("a.b")).containsExactly("flat");
    }

    @Test
    void selectTakesTheFirstMatchingElement() {
        assertThat(values("Props[Name=X].Value")).containsExactly("1");
        assertThat(values("Props[Name=Y].Value")).containsExactly("2");
        assertThat(values("Props[Name=Z].Value")).isEmpty();
    }

    @Test
    void eachCollectsFromEveryElement() {
        assertThat(values("Folders[].Path")).containsExactly("\\Inbox", "\\Sent Items", "\\Empty");
        assertThat(values("Folders[].Items[].Id")).containsExactly("1", "2", "3");
    }

    @Test
    void countCountsTheInnermostArrayAndIsNothingWhenItIsMissing() {
        assertThat(values("Folders[].Items[]|count")).containsExactly("3");
        assertThat(values("NoItems[].Items[]|count")).as("no Items array anywhere").isEmpty();
        assertThat(values("Missing[]|count")).isEmpty();
        assertThat(values("Folders[2].Items[]|count".replace("[2]", "[Path=\\Empty]"))).containsExactly("0");
    }

    @Test
    void pairsJoinNameAndValueOrNewValue() {
        assertThat(values("Parameters[]|pairs")).containsExactly("Identity=bob", "Enabled=true");
        assertThat(values("Modified[]|pairs")).containsExactly("Scope=Mail.Read");
    }

    @Test
    void constantsNeedNoRecord() {
        SourcePath path = SourcePath.parse("const:Sign-in activity");
        assertThat(path.constant()).isEqualTo("Sign-in activity");
        assertThat(values("const:Sign-in activity")).containsExactly("Sign-in activity");
        assertThat(path.rootMember()).isNull();
    }

    @Test
    void plainMembersAreConsumedWholeOthersAreNot() {
        assertThat(SourcePath.parse("AppId").isPlainMember()).isTrue();
        assertThat(SourcePath.parse("A.B").isPlainMember()).isFalse();
        assertThat(SourcePath.parse("Folders[]|count").isPlainMember()).isFalse();
    }

    @Test
    void firstAgreesWithEvaluateOnEveryKindOfPath() {
        for (String path : List.of("A.B", "a.b", "Missing", "Nothing", "Props[Name=Y].Value", "Folders[].Path",
                "Folders[].Items[]|count", "Parameters[]|pairs", "const:x", "A.Missing.Deeper")) {
            List<JsonNode> all = SourcePath.parse(path).evaluate(RECORD);
            assertThat(SourcePath.parse(path).first(RECORD)).as(path).isEqualTo(all.isEmpty() ? null : all.get(0));
        }
    }

    /**
     * The normalizer's first value (with a scratch list; a path into arrays without a transform stops at
     * the first value it meets) is the first of all the values, for every path of the catalog on the test records, and for
     * paths whose first value is not in the first element or is a JSON null.
     */
    @Test
    void firstWithScratchAgreesWithEvaluateOnTheCatalogsPathsAndRecords() throws Exception {
        List<String> paths = new java.util.ArrayList<>(List.of("Props[Name=X].Value", "Props[].Value", "NoItems[].Items[].Id",
                "Folders[].Items[].Id", "Folders[].Missing", "Nothing[]", "Parameters[].Value", "Modified[].OldValue"));
        for (FieldDefinition field : FieldCatalog.standard().fields()) {
            for (SourceRule rule : field.sources().values()) {
                rule.paths().forEach(path -> paths.add(path.text()));
            }
        }
        List<JsonNode> records = new java.util.ArrayList<>(List.of(RECORD, parse("""
                {"Props":[{"Name":"Y"},{"Name":"X","Value":null},{"Name":"X","Value":"late"}],"Folders":[{"Items":[]},{"Items":[{"Id":null},{"Id":7}]}]}""")));
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/test/resources/records"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode doc = Json.MAPPER.readTree(file.toFile());
                if (doc.isArray()) {
                    doc.forEach(records::add);
                } else if (doc.path("value").isArray() || doc.path("records").isArray()) {
                    (doc.has("value") ? doc.get("value") : doc.get("records")).forEach(records::add);
                } else {
                    records.add(doc);
                }
            }
        }
        assertThat(records).hasSizeGreaterThan(10);
        List<JsonNode> scratch = new java.util.ArrayList<>();
        int found = 0;
        for (String text : paths) {
            SourcePath path = SourcePath.parse(text);
            for (JsonNode record : records) {
                List<JsonNode> all = path.evaluate(record);
                JsonNode first = path.first(record, scratch);
                assertThat(first).as(text + " in " + record).isEqualTo(all.isEmpty() ? null : all.get(0));
                assertThat(scratch).isEmpty();
                found += first == null ? 0 : 1;
            }
        }
        assertThat(found).isGreaterThan(records.size());
    }

    @Test
    void malformedPathsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> SourcePath.parse("A[Name=X")).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> SourcePath.parse("A[=X]")).hasMessageContaining("[Key=Value]");
        assertThatThrownBy(() -> SourcePath.parse("A|sum")).hasMessageContaining("unknown transform '|sum'");
        assertThatThrownBy(() -> SourcePath.parse("")).hasMessageContaining("empty path");
    }
}
