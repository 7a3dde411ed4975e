package dev.forgewatch.detections.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.detections.compile.elastic.ElasticQueries;
import dev.forgewatch.detections.compile.elastic.KibanaRules;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.ConfWriter;
import dev.forgewatch.detections.compile.splunk.SavedSearches;
import dev.forgewatch.detections.compile.splunk.SplunkExport;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Pins every compiled form of every shipped rule (KQL, Lucene, EQL, ES|QL, the Elasticsearch
 * search, the Kibana rule, SPL and the savedsearches.conf stanza) in one golden file per rule
 * under {@code src/test/resources/golden/compiled/}. After an intended change, regenerate with
 * {@code mvn -pl detections test -Dforgewatch.updateGolden=true} and review the diff.
 */
class CompiledRulesGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "compiled");

    private final RuleSet rules = RulePack.standard().rules();

    @TestFactory
    Stream<DynamicTest> everyRuleCompilesAsPinned() {
        return rules.alerting().stream().map(rule -> DynamicTest.dynamicTest(rule.name(),
                () -> Golden.assertMatches("compiled/" + goldenName(rule), render(rule))));
    }

    @Test
    void sharedSplunkFilesAreAsPinned() {
        Golden.assertMatches("export/macros.conf", SplunkExport.macros(rules, RulePack.standard().tuning()));
        Golden.assertMatches("export/transforms.conf", SplunkExport.transforms(rules));
    }

    @Test
    void noGoldenFileOutlivesItsRule() throws IOException {
        Set<String> expected = rules.alerting().stream().map(CompiledRulesGoldenTest::goldenName).collect(Collectors.toSet());
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            List<String> stale = files.filter(Files::isRegularFile)
                    .map(file -> GOLDEN.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> !expected.contains(name)).toList();
            assertThat(stale).as("golden files without a rule; delete them").isEmpty();
        }
    }

    private static String goldenName(Rule rule) {
        return rule.file().replaceAll("\\.yml$", ".txt");
    }

    private String render(Rule rule) throws JsonProcessingException {
        StringBuilder out = new StringBuilder("# ").append(rule.name()).append(" (").append(rule.file()).append(")\n");
        section(out, "KQL", ElasticQueries.kql(rule));
        section(out, "Lucene", ElasticQueries.lucene(rule));
        section(out, "EQL", ElasticQueries.eql(rule));
        section(out, "ES|QL", ElasticQueries.esql(rule));
        section(out, "Elasticsearch search (query DSL, 7.10)", Json.PRETTY.writeValueAsString(ElasticQueries.searchRequest(rule)));
        section(out, "Kibana rule", Json.PRETTY.writeValueAsString(KibanaRules.rule(rule)));
        SavedSearches searches = new SavedSearches(rules.lookups());
        section(out, "SPL", searches.search(rule));
        section(out, "savedsearches.conf",
                ConfWriter.write(ConfFile.of("default/savedsearches.conf", List.of(), List.of(searches.stanza(rule)))).strip());
        return out.toString();
    }

    private static void section(StringBuilder out, String title, String body) {
        if (body != null) {
            out.append("\n== ").append(title).append('\n').append(body.strip()).append('\n');
        }
    }
}
