package dev.forgewatch.splunk.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.common.mapping.SourceEntry;
import dev.forgewatch.common.mapping.SourcePath;
import dev.forgewatch.common.mapping.SourceRule;
import dev.forgewatch.splunk.app.SearchTimeMapping.Mapping;
import dev.forgewatch.splunk.spl.EvalParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchTimeMappingTest {
    private static FieldDefinition field(FieldType type, boolean multi) {
        return new FieldDefinition("f", type, multi, "", List.of(), "x.f", null, Map.of());
    }

    private static SourceRule paths(String... paths) {
        return new SourceRule(java.util.Arrays.stream(paths).map(SourceEntry::of).toList());
    }

    @Test
    void emptyValuesAreNullAndEveryPathParsesAsEval() throws Exception {
        // a FIELDALIAS would copy "" where the normalizer has no value
        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, false), paths("status.errorCode")))
                .isEqualTo(new Mapping.Eval("nullif('status.errorCode', \"\")"));
        assertThat(SearchTimeMapping.of(field(FieldType.DATE, false), paths("AppAccessContext.IssuedAtTime")))
                .isEqualTo(new Mapping.Eval("nullif('AppAccessContext.IssuedAtTime', \"\")"));
        assertThat(SearchTimeMapping.of(field(FieldType.LONG, false), paths("OperationCount")))
                .isEqualTo(new Mapping.Eval("tonumber('OperationCount')"));
        Mapping select = SearchTimeMapping.of(field(FieldType.KEYWORD, false),
                paths("OperationProperties[Name=Mail.Access*Type].Value"));
        assertThat(select).isEqualTo(new Mapping.Eval("nullif(mvindex('OperationProperties{}.Value', "
                + "mvfind('OperationProperties{}.Name', \"^Mail\\\\.Access\\\\*Type$\")), \"\")"));
        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, false), paths("Folders[].Path")))
                .isEqualTo(new Mapping.Eval("nullif(mvindex('Folders{}.Path', 0), \"\")"));
        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, true), paths("Folders[].Path", "Folder.Path")))
                .isEqualTo(new Mapping.Eval("mvdedup(mvappend(nullif('Folders{}.Path', \"\"), nullif('Folder.Path', \"\")))"));
        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, false), paths("const:Sign-in \"activity\"")))
                .isEqualTo(new Mapping.Eval("\"Sign-in \\\"activity\\\"\""));
        for (String path : List.of("Folders[].FolderItems[]|count", "Parameters[]|pairs", "ClientIP", "A.B")) {
            for (FieldType type : FieldType.values()) {
                Mapping mapping = SearchTimeMapping.of(field(type, type == FieldType.TEXT), paths(path, "Other"));
                assertThat(mapping).isInstanceOf(Mapping.Eval.class);
                EvalParser.parse(((Mapping.Eval) mapping).expression());
            }
        }
    }

    @Test
    void valueTablesBecomeCaseWithTheFallbackLast() {
        SourceRule rule = new SourceRule(List.of(
                new SourceEntry(SourcePath.parse("Operation"), Map.of("UserLoginFailed", "failure")),
                new SourceEntry(SourcePath.parse("ResultStatus"), Map.of("*", "unknown", "Succeeded", "success"))));

        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, false), rule)).isEqualTo(new Mapping.Eval(
                "case(lower('Operation')==\"userloginfailed\", \"failure\", lower('ResultStatus')==\"succeeded\", \"success\", "
                        + "isnotnull('ResultStatus'), \"unknown\")"));
    }

    @Test
    void pathsSplCannotFollowAreReportedNotGuessed() {
        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, false), paths("Items[].Props[Name=X].Value")))
                .isInstanceOf(Mapping.Unmapped.class);
        assertThat(SearchTimeMapping.of(field(FieldType.KEYWORD, false), paths("Props[Name=X]|count")))
                .isInstanceOf(Mapping.Unmapped.class);
        assertThat(SearchTimeMapping.of(field(FieldType.LONG, false), new SourceRule(List.of(
                new SourceEntry(SourcePath.parse("A"), Map.of("x", "1")))))).isInstanceOf(Mapping.Unmapped.class);
    }
}
