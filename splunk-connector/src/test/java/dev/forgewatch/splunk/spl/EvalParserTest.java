package dev.forgewatch.splunk.spl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvalParserTest {
    @Test
    void followsSplunkPrecedence() throws SplSyntaxException {
        EvalExpr expr = EvalParser.parse("NOT a == 1 AND b OR c . \"x\" == 'd e'");

        assertThat(expr).isEqualTo(new EvalExpr.Binary("OR",
                new EvalExpr.Binary("AND",
                        new EvalExpr.Unary("NOT", new EvalExpr.Binary("==", new EvalExpr.Field("a"), new EvalExpr.Number("1"))),
                        new EvalExpr.Field("b")),
                new EvalExpr.Binary("==",
                        new EvalExpr.Binary(".", new EvalExpr.Field("c"), new EvalExpr.Text("x")),
                        new EvalExpr.Field("d e"))));
    }

    @Test
    void readsCallsWithNestedArguments() throws SplSyntaxException {
        assertThat(EvalParser.parse("Coalesce('a{}.b', mvindex(x, 0), null())")).isEqualTo(new EvalExpr.Call("coalesce",
                List.of(new EvalExpr.Field("a{}.b"),
                        new EvalExpr.Call("mvindex", List.of(new EvalExpr.Field("x"), new EvalExpr.Number("0"))),
                        new EvalExpr.Call("null", List.of()))));
    }

    /** A boolean operator followed by a parenthesised group is a group, not a call of a function named AND. */
    @Test
    void readsGroupsAfterBooleanOperators() throws SplSyntaxException {
        EvalExpr a = new EvalExpr.Field("a");
        EvalExpr b = new EvalExpr.Field("b");
        EvalExpr c = new EvalExpr.Field("c");

        assertThat(EvalParser.parse("a AND (b OR c)")).isEqualTo(new EvalExpr.Binary("AND", a, new EvalExpr.Binary("OR", b, c)));
        assertThat(EvalParser.parse("(a) OR (b)")).isEqualTo(new EvalExpr.Binary("OR", a, b));
        assertThat(EvalParser.parse("a XOR (b)")).isEqualTo(new EvalExpr.Binary("XOR", a, b));
        assertThat(EvalParser.parse("NOT (a AND b)")).isEqualTo(new EvalExpr.Unary("NOT", new EvalExpr.Binary("AND", a, b)));
        assertThat(EvalParser.parse("a LIKE (\"x%\")")).isEqualTo(new EvalExpr.Binary("LIKE", a, new EvalExpr.Text("x%")));
        assertThat(EvalParser.parse("like(a, \"x%\") AND (b)")).isEqualTo(new EvalExpr.Binary("AND",
                new EvalExpr.Call("like", List.of(a, new EvalExpr.Text("x%"))), b));
        assertThat(EvalParser.parse("if(sourcetype==\"t\" AND (match(a, \"^\\\\(x\\\\)$\") OR NOT (b > 1)), 1, 0)"))
                .isEqualTo(new EvalExpr.Call("if", List.of(new EvalExpr.Binary("AND",
                        new EvalExpr.Binary("==", new EvalExpr.Field("sourcetype"), new EvalExpr.Text("t")),
                        new EvalExpr.Binary("OR",
                                new EvalExpr.Call("match", List.of(a, new EvalExpr.Text("^\\(x\\)$"))),
                                new EvalExpr.Unary("NOT", new EvalExpr.Binary(">", b, new EvalExpr.Number("1"))))),
                        new EvalExpr.Number("1"), new EvalExpr.Number("0"))));
    }

    @Test
    void operatorWordsAreNeitherFieldsNorCalls() {
        assertThatThrownBy(() -> EvalParser.parse("a AND")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> EvalParser.parse("AND b")).hasMessageContaining("found the operator 'AND'");
        assertThatThrownBy(() -> EvalParser.parse("a AND AND b")).hasMessageContaining("found the operator 'AND'");
        assertThatThrownBy(() -> EvalParser.parse("a AND (b OR)")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> EvalParser.parse("a OR (b")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> EvalParser.parse("OR(a, b)")).hasMessageContaining("found the operator 'OR'");
    }

    @Test
    void rejectsBrokenExpressions() {
        assertThatThrownBy(() -> EvalParser.parse("case(a, \"b\"")).hasMessageContaining("')' closing case(");
        assertThatThrownBy(() -> EvalParser.parse("'unterminated")).hasMessageContaining("unterminated field name");
        assertThatThrownBy(() -> EvalParser.parse("a ; b")).hasMessageContaining("unexpected character ';'");
        assertThatThrownBy(() -> EvalParser.parse("a b")).hasMessageContaining("expected end of expression");
        assertThatThrownBy(() -> EvalParser.parse("frobnicate(a)")).hasMessageContaining("unknown eval function");
    }
}
