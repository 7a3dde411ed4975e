package dev.forgewatch.splunk.spl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.SavedSearches;
import dev.forgewatch.detections.compile.splunk.SplunkExport;
import dev.forgewatch.detections.rule.AttackCatalog;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleLoader;
import dev.forgewatch.detections.rule.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule values that break naive SPL (quotes, backslashes, pipes, brackets, wildcards, backticks,
 * unicode) go through the detection pack's Splunk compiler and come out as searches the checker
 * accepts, each value still one literal: the pipeline keeps its shape.
 */
class CompiledSearchSplTest {
    private static final String RULE = """
            title: Nasty Values
            id: 0b5f6a2e-3c1d-4e8f-9a7b-1c2d3e4f5a6b
            name: nasty_values
            status: test
            description: Values that must stay literals.
            author: ForgeWatch tests
            date: 2026-11-23
            tags:
              - attack.defense-evasion
              - attack.t1550.001
            logsource:
              product: m365
              service: audit
            detection:
              agents:
                UserAgent:
                  - 'say "hi"'
                  - 'C:\\Users\\x\\'
                  - 'x | delete'
                  - '[| makeresults]'
                  - '`rule_filter`'
                  - 'O''Brien ] ('
                  - 'é – ü 日本 🚀'
              paths:
                UrlPath|contains|cased: '*?|[a]'
              pattern:
                UserAgent|re: 'a\\|b\\[c\\]\\\\ "q" `x`'
              condition: agents and pattern and (paths or not pattern)
            falsepositives:
              - none, it is a test
            level: high
            forgewatch:
              triage:
                - Nothing to triage.
            """;

    @Test
    void nastyRuleValuesCompileToCheckedSpl() throws RuleException {
        RuleSet rules = new RuleLoader(FieldCatalog.standard(), AttackCatalog.standard(), Map.of())
                .load(List.of(new RuleLoader.Source("mail_access/nasty_values.yml", RULE)));
        SplChecker checker = new SplChecker(MacroTable.of(ConfFile.of("default/macros.conf", List.of(),
                SplunkExport.macroStanzas(rules))));
        String search = new SavedSearches(rules.lookups()).search(rules.alerting().get(0));

        SplChecker.Result result = checker.check(search);

        assertThat(result.problems()).isEmpty();
        assertThat(result.macrosUsed()).contains("forgewatch_audit", "nasty_values_filter");
        assertThat(search).contains("\"say \\\"hi\\\"\"", "\"C:\\\\Users\\\\x\\\\\"", "\"x | delete\"",
                "\"[| makeresults]\"", "\"`rule_filter`\"", "é – ü 日本 🚀", ") AND (");
        List<String> commands = SplScanner.splitTopLevel(result.expanded(), '|').stream()
                .map(segment -> segment.strip().split("\\s+")[0]).toList();
        assertThat(commands.subList(1, commands.size())).containsExactly("where", "table", "search");
    }
}
