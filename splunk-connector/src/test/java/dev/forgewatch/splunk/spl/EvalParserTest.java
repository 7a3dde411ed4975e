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

    @Test
    void rejectsBrokenExpressions() {
        assertThatThrownBy(() -> EvalParser.parse("case(a, \"b\"")).hasMessageContaining("')' closing case(");
        assertThatThrownBy(() -> EvalParser.parse("'unterminated")).hasMessageContaining("unterminated field name");
        assertThatThrownBy(() -> EvalParser.parse("a ; b")).hasMessageContaining("unexpected character ';'");
        assertThatThrownBy(() -> EvalParser.parse("a b")).hasMessageContaining("expected end of expression");
        assertThatThrownBy(() -> EvalParser.parse("frobnicate(a)")).hasMessageContaining("unknown eval function");
    }
}
