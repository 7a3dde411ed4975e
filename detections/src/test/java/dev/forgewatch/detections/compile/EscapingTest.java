package dev.forgewatch.detections.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.Eql;
import dev.forgewatch.detections.compile.elastic.EsDsl;
import dev.forgewatch.detections.compile.elastic.Esql;
import dev.forgewatch.detections.compile.elastic.Kql;
import dev.forgewatch.detections.compile.elastic.Lucene;
import dev.forgewatch.detections.compile.splunk.SplConditions;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.condition.Pattern;
import dev.forgewatch.detections.condition.PortableRegex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nasty values through every target language: quotes, backslashes, literal wildcards, specials, keywords, control characters. */
class EscapingTest {
    private static final FieldRef UA = new FieldRef("ClientInfoString", FieldCatalog.standard().field("user_agent"));
    private static final FieldRef PARAMS = new FieldRef("Parameters", FieldCatalog.standard().field("parameters"));

    private static Expr exact(String value) {
        return new Expr.AnyOf(UA, List.of(value), false, null);
    }

    private static Expr match(String sigmaValue) {
        return new Expr.Match(UA, Pattern.sigma(sigmaValue), false);
    }

    @Test
    void quotesAndBackslashesInExactValues() {
        Expr expr = exact("say \"hi\" C:\\temp");
        assertThat(Kql.expr(expr)).isEqualTo("user_agent.original:\"say \\\"hi\\\" C:\\\\temp\"");
        assertThat(Lucene.expr(expr)).isEqualTo("user_agent.original:\"say \\\"hi\\\" C:\\\\temp\"");
        assertThat(Eql.expr(expr)).isEqualTo("user_agent.original : \"say \\\"hi\\\" C:\\\\temp\"");
        assertThat(Esql.expr(expr)).isEqualTo("TO_LOWER(user_agent.original) == \"say \\\"hi\\\" c:\\\\temp\"");
        assertThat(SplConditions.search(expr)).hasValue("http_user_agent=\"say \\\"hi\\\" C:\\\\temp\"");
        assertThat(SplConditions.where(expr)).isEqualTo("match(http_user_agent, \"(?is)^(?:say\\\\ \\\\\\\"hi\\\\\\\"\\\\ C\\\\:\\\\\\\\temp)$\")");
        assertThat(EsDsl.expr(expr).toString())
                .isEqualTo("{\"term\":{\"user_agent.original\":{\"value\":\"say \\\"hi\\\" C:\\\\temp\",\"case_insensitive\":true}}}");
    }

    @Test
    void aLiteralAsteriskNeverBecomesAWildcard() {
        Expr expr = exact("50*off");
        assertThat(Kql.expr(expr)).isEqualTo("user_agent.original:\"50*off\"");
        assertThat(Lucene.expr(expr)).isEqualTo("user_agent.original:\"50*off\"");
        assertThat(Eql.expr(expr)).isEqualTo("user_agent.original regex~ \"50\\\\*off\"");
        assertThat(SplConditions.search(expr)).as("SPL cannot escape * in a search").isEmpty();
        assertThat(SplConditions.where(expr)).isEqualTo("match(http_user_agent, \"(?is)^(?:50\\\\*off)$\")");
        assertThat(Esql.expr(expr)).isEqualTo("TO_LOWER(user_agent.original) == \"50*off\"");
    }

    @Test
    void literalAsterisksInsideWildcardPatterns() {
        Expr expr = match("*50\\*off*");
        assertThat(Kql.expr(expr)).isEqualTo("user_agent.original:*50\\*off*");
        assertThat(Lucene.expr(expr)).isEqualTo("user_agent.original:*50\\*off*");
        assertThat(Eql.expr(expr)).isEqualTo("user_agent.original regex~ \".*50\\\\*off.*\"");
        assertThat(EsDsl.expr(expr).toString())
                .isEqualTo("{\"wildcard\":{\"user_agent.original\":{\"value\":\"*50\\\\*off*\",\"case_insensitive\":true}}}");
        assertThat(Esql.expr(expr)).isEqualTo("TO_LOWER(user_agent.original) LIKE \"*50\\\\*off*\"");
        assertThat(SplConditions.search(expr)).isEmpty();
        assertThat(SplConditions.where(expr)).isEqualTo("match(http_user_agent, \"(?is)^.*50\\\\*off.*$\")");
    }

    @Test
    void kqlEscapesSpecialsAndKeywordsInUnquotedValues() {
        assertThat(Kql.expr(match("*(x): <y> {z} \"q\"*"))).isEqualTo("user_agent.original:*\\(x\\)\\: \\<y\\> \\{z\\} \\\"q\\\"*");
        assertThat(Kql.expr(match("*Certificates and secrets or not*"))).isEqualTo("user_agent.original:*Certificates \\and secrets \\or \\not*");
        assertThat(Kql.expr(match("*tab\there*"))).isEqualTo("user_agent.original:*tab\\there*");
        assertThatThrownBy(() -> Kql.expr(match("* trailing space *"))).isInstanceOf(CompileException.class);
        assertThatThrownBy(() -> Kql.expr(match("a?c"))).isInstanceOf(CompileException.class)
                .hasMessageContaining("single-character wildcard");
    }

    @Test
    void luceneEscapesEveryReservedCharacterAndWhitespace() {
        assertThat(Lucene.expr(match("*a+b-c=d&e|f>g<h!i(j)k{l}m[n]o^p\"q~r:s\\t/u v*")))
                .isEqualTo("user_agent.original:*a\\+b\\-c\\=d\\&e\\|f\\>g\\<h\\!i\\(j\\)k\\{l\\}m\\[n\\]o\\^p\\\"q\\~r\\:s\\\\t\\/u\\ v*");
        assertThat(Lucene.expr(match("a?c"))).isEqualTo("user_agent.original:a?c");
        assertThat(Lucene.expr(new Expr.Regex(UA, PortableRegex.parse("a/b"), false)))
                .isEqualTo("user_agent.original:/.*(a\\/b).*/");
    }

    @Test
    void controlCharactersAreEscapedOrRefused() {
        Expr expr = exact("line1\nline2\ttab");
        assertThat(Kql.expr(expr)).isEqualTo("user_agent.original:\"line1\\nline2\\ttab\"");
        assertThat(Eql.expr(expr)).isEqualTo("user_agent.original : \"line1\\nline2\\ttab\"");
        assertThat(Esql.expr(expr)).isEqualTo("TO_LOWER(user_agent.original) == \"line1\\nline2\\ttab\"");
        assertThatThrownBy(() -> SplConditions.where(expr)).isInstanceOf(CompileException.class);
    }

    @Test
    void nonAsciiTextPassesThroughUnchanged() {
        Expr expr = exact("Update application – Certificates and secrets management ");
        assertThat(Kql.expr(expr)).isEqualTo("user_agent.original:\"Update application – Certificates and secrets management \"");
        assertThat(SplConditions.search(expr)).hasValue("http_user_agent=\"Update application – Certificates and secrets management \"");
        assertThat(SplConditions.where(expr)).isEqualTo("match(http_user_agent, \"(?is)^(?:Update\\\\ application\\\\ –\\\\ Certificates\\\\ and"
                + "\\\\ secrets\\\\ management\\\\ )$\")");
    }

    @Test
    void multiValuedFieldsUseAnyValueSemantics() {
        Expr expr = new Expr.AnyOf(PARAMS, List.of("AuditEnabled=False"), false, null);
        assertThat(SplConditions.where(expr)).isEqualTo("isnotnull(mvfind(Parameters, \"(?is)^(?:AuditEnabled\\\\=False)$\"))");
        assertThatThrownBy(() -> Esql.expr(expr)).isInstanceOf(CompileException.class).hasMessageContaining("multi-valued");
    }

    @Test
    void casedTestsUseCaseSensitiveOperators() {
        Expr cased = new Expr.AnyOf(UA, List.of("REST"), true, null);
        assertThat(Eql.expr(cased)).isEqualTo("user_agent.original == \"REST\"");
        assertThat(SplConditions.search(cased)).isEmpty();
        assertThat(SplConditions.where(cased)).isEqualTo("match(http_user_agent, \"(?s)^(?:REST)$\")");
        assertThat(EsDsl.expr(cased).toString()).isEqualTo("{\"terms\":{\"user_agent.original\":[\"REST\"]}}");
    }
}
