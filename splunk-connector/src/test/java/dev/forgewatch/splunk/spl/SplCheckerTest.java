package dev.forgewatch.splunk.spl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Spl;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplCheckerTest {
    private static final MacroTable MACROS = MacroTable.of(ConfFile.of("default/macros.conf", List.of(), List.of(
            Stanza.builder("forgewatch_index").set("definition", "index=*").build(),
            Stanza.builder("forgewatch_audit").set("definition", "`forgewatch_index` sourcetype=\"forgewatch:m365:audit\"").build(),
            Stanza.builder("forgewatch_between(2)").set("args", "from, to")
                    .set("definition", "earliest=$from$ latest=$to$").build(),
            Stanza.builder("rule_filter").set("definition", "search *").build())));
    private final SplChecker checker = new SplChecker(MACROS);

    /** Values a rule might carry: quotes, backslashes, wildcards, pipes, brackets, backticks, SPL keywords. */
    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "C:\\Users\\x\\", "\\\"", "*admin*", "x | delete", "[| makeresults]", "`rule_filter`",
            "O'Brien", "(", "\"", "a\\|b", "NOT OR AND", "é – ü", "]", "*", "a\\", "x\") OR (\"1", "AND (", "日本 🚀"})
    void nastyValuesStayOneLiteral(String nasty) throws SplSyntaxException {
        String search = "`forgewatch_audit` UserId=" + Spl.quote(nasty) + " | eval note=" + Spl.quote(nasty)
                + " | where match(user, " + Spl.exactRegex(nasty) + ")"
                + " | eval hit=if(isnotnull(user) AND (match(user, " + Spl.exactRegex(nasty) + ") OR user==" + Spl.quote(nasty)
                + "), 1, 0) | stats count by user | `rule_filter`";

        SplChecker.Result result = checker.check(search);

        assertThat(result.problems()).isEmpty();
        assertThat(result.macrosUsed()).containsExactlyInAnyOrder("forgewatch_audit", "forgewatch_index", "rule_filter");
        assertThat(EvalParser.parse(Spl.quote(nasty))).isEqualTo(new EvalExpr.Text(nasty));
        assertThat(java.util.regex.Pattern.compile(((EvalExpr.Text) EvalParser.parse(Spl.exactRegex(nasty))).value())
                .matcher(nasty).matches()).isTrue();
    }

    @Test
    void expandsMacrosWithArgumentsAndNesting() {
        SplChecker.Result result = checker.check("`forgewatch_audit` `forgewatch_between(-7d, now)` | stats count");

        assertThat(result.problems()).isEmpty();
        assertThat(result.expanded()).isEqualTo(
                "index=* sourcetype=\"forgewatch:m365:audit\" earliest=-7d latest=now | stats count");
        assertThat(result.macrosUsed()).containsExactlyInAnyOrder("forgewatch_audit", "forgewatch_index",
                "forgewatch_between(2)");
    }

    @Test
    void acceptsGeneratingCommandsSubsearchesAndEvalLists() {
        assertThat(checker.check("| inputlookup storm0558_ioc_ip | table ip source").problems()).isEmpty();
        assertThat(checker.check("`forgewatch_audit` [| inputlookup storm0558_ioc_ip | rename ip AS src | fields src]"
                + " | eval a=if(isnull('x{}.y'), \"none\", lower(x)), b = mvindex('v{}', mvfind('n{}', \"^a$\"))"
                + " | where a!=\"none\" AND NOT b LIKE \"x%\"").problems()).isEmpty();
    }

    @Test
    void reportsEachKindOfMistake() {
        assertThat(checker.check("`forgewatch_unknown` | stats count").problems())
                .containsExactly("macro `forgewatch_unknown` is not defined in macros.conf (at offset 0)");
        assertThat(checker.check("`forgewatch_audit | stats count").problems()).singleElement().asString()
                .contains("unclosed macro backtick");
        assertThat(checker.check("search a=\"open | stats count").problems()).singleElement().asString()
                .contains("unterminated double-quoted string");
        assertThat(checker.check("search (a=1 | stats count").problems()).singleElement().asString()
                .contains("'(' is never closed");
        assertThat(checker.check("search a=1 ] | stats count").problems()).singleElement().asString()
                .contains("']' does not close anything");
        assertThat(checker.check("search a=1 | stast count").problems()).containsExactly("unknown command 'stast'");
        assertThat(checker.check("| stats count").problems()).singleElement().asString().contains("cannot start a search");
        assertThat(checker.check("search a=1 || stats count").problems()).singleElement().asString()
                .contains("empty command");
        assertThat(checker.check("search a=1 | stats count |").problems()).singleElement().asString()
                .contains("empty command");
        assertThat(checker.check("search a | eval x=").problems()).singleElement().asString().contains("eval x");
        assertThat(checker.check("search a | eval x=lowr(y)").problems()).singleElement().asString()
                .contains("unknown eval function 'lowr'");
        assertThat(checker.check("search a | eval lower(y)").problems()).singleElement().asString()
                .contains("eval needs 'field = expression'");
        assertThat(checker.check("search a | where x==\"1\" AND").problems()).singleElement().asString()
                .startsWith("where: expected a value");
        assertThat(checker.check("search a [| inputlookup x | stast] | stats count").problems())
                .containsExactly("unknown command 'stast'");
        assertThat(checker.checkTerms("sourcetype=x | stats count").problems())
                .containsExactly("a pipe is not allowed here: only search terms");
    }

    @Test
    void refusesMacrosThatCallThemselves() {
        MacroTable loop = MacroTable.of(ConfFile.of("m", List.of(), List.of(
                Stanza.builder("a").set("definition", "`b`").build(), Stanza.builder("b").set("definition", "`a`").build())));

        assertThat(new SplChecker(loop).check("`a`").problems()).singleElement().asString().contains("deeper than");
    }
}
