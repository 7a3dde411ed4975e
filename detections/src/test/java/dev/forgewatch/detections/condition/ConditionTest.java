package dev.forgewatch.detections.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forgewatch.common.mapping.FieldCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final FieldRef OPERATION = new FieldRef("Operation", FieldCatalog.standard().field("operation"));
    private static final Expr A = new Expr.AnyOf(OPERATION, List.of("a"), false, null);
    private static final Expr B = new Expr.AnyOf(OPERATION, List.of("b"), false, null);
    private static final Expr C = new Expr.AnyOf(OPERATION, List.of("c"), false, null);
    private static final Expr HIDDEN = new Expr.AnyOf(OPERATION, List.of("h"), false, null);

    private static Map<String, Expr> selections() {
        Map<String, Expr> selections = new LinkedHashMap<>();
        selections.put("sel_a", A);
        selections.put("sel_b", B);
        selections.put("filter", C);
        selections.put("_helper", HIDDEN);
        return selections;
    }

    private static Expr parse(String condition) {
        return ConditionParser.parse(condition, selections());
    }

    @Test
    void notBindsTighterThanAndThanOr() {
        assertThat(parse("sel_a or sel_b and not filter"))
                .isEqualTo(new Expr.Or(List.of(A, new Expr.And(List.of(B, new Expr.Not(C))))));
        assertThat(parse("(sel_a or sel_b) and not filter"))
                .isEqualTo(new Expr.And(List.of(new Expr.Or(List.of(A, B)), new Expr.Not(C))));
        assertThat(parse("not not sel_a")).isEqualTo(new Expr.Not(new Expr.Not(A)));
    }

    @Test
    void quantifiersPickSelectionsByPatternOrAll() {
        assertThat(parse("1 of sel_*")).isEqualTo(new Expr.Or(List.of(A, B)));
        assertThat(parse("all of sel_*")).isEqualTo(new Expr.And(List.of(A, B)));
        assertThat(parse("1 of them")).isEqualTo(new Expr.Or(List.of(A, B, C)));
        assertThat(parse("all of them and _helper")).isEqualTo(new Expr.And(List.of(new Expr.And(List.of(A, B, C)), HIDDEN)));
        assertThat(parse("2 of them")).isEqualTo(new Expr.Or(List.of(new Expr.And(List.of(A, B)), new Expr.And(List.of(A, C)),
                new Expr.And(List.of(B, C)))));
    }

    @Test
    void badConditionsSayWhatIsWrong() {
        assertThatThrownBy(() -> parse("sel_a and")).hasMessageContaining("ends where");
        assertThatThrownBy(() -> parse("(sel_a or sel_b")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> parse("sel_c")).hasMessageContaining("no such selection");
        assertThatThrownBy(() -> parse("1 of nothing_*")).hasMessageContaining("matches no selection");
        assertThatThrownBy(() -> parse("sel_a | count() > 5")).hasMessageContaining("use a correlation rule");
        assertThatThrownBy(() -> parse("sel_a sel_b")).hasMessageContaining("unexpected 'sel_b'");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
    }

    @Test
    void sigmaValuesParseWildcardsAndEscapes() {
        assertThat(Pattern.sigma("a*b?c").parts()).containsExactly(new Pattern.Text("a"), new Pattern.Star(), new Pattern.Text("b"),
                new Pattern.One(), new Pattern.Text("c"));
        assertThat(Pattern.sigma("\\*literal\\?").parts()).containsExactly(new Pattern.Text("*literal?"));
        assertThat(Pattern.sigma("C:\\Windows\\\\*").parts()).containsExactly(new Pattern.Text("C:\\Windows\\"), new Pattern.Star());
        assertThat(Pattern.sigma("**x**").parts()).containsExactly(new Pattern.Star(), new Pattern.Text("x"), new Pattern.Star());
        assertThat(Pattern.sigma("x").contains().shape()).isEqualTo(Pattern.Shape.CONTAINS);
        assertThat(Pattern.sigma("x").startsWith().shape()).isEqualTo(Pattern.Shape.PREFIX);
        assertThat(Pattern.sigma("x").endsWith().shape()).isEqualTo(Pattern.Shape.SUFFIX);
        assertThat(Pattern.sigma("a*b").shape()).isEqualTo(Pattern.Shape.GENERAL);
        assertThat(Pattern.sigma("a\\*b*").toSigma()).isEqualTo("a\\*b*");
    }

    @Test
    void portableRegexesKeepTheirMeaningInLucene() {
        PortableRegex regex = PortableRegex.parse("^Forwarding(Smtp)?Address=.+");
        assertThat(regex.anchoredStart()).isTrue();
        assertThat(regex.lucene()).isEqualTo("(Forwarding(Smtp)?Address=.+).*");
        assertThat(PortableRegex.parse("a@b#c").lucene()).isEqualTo(".*(a\\@b\\#c).*");
        assertThat(PortableRegex.parse("x$").lucene()).isEqualTo(".*(x)");
        for (String bad : List.of("\\d+", "(?i)x", "a+?", "a^b", "[abc", "(a", "a)")) {
            assertThatThrownBy(() -> PortableRegex.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ipAddressesCompareAsAddresses() {
        assertThat(IpAddresses.key("2001:db8::1")).isEqualTo(IpAddresses.key("2001:DB8:0:0:0:0:0:1"));
        assertThat(IpAddresses.key("::ffff:192.0.2.1")).isEqualTo("00000000000000000000ffffc0000201");
        assertThat(IpAddresses.parse("192.0.2.256")).isNull();
        assertThat(IpAddresses.parse("1.2.3")).isNull();
        assertThat(IpAddresses.parse("1::2::3")).isNull();
        assertThat(IpAddresses.parse("example.com")).isNull();
        IpNetwork net = IpNetwork.parse("51.89.156.0/22");
        assertThat(net.contains(IpAddresses.parse("51.89.159.255"))).isTrue();
        assertThat(net.contains(IpAddresses.parse("51.89.160.0"))).isFalse();
        assertThat(IpNetwork.parse("2001:db8::/32").contains(IpAddresses.parse("2001:db8:ffff::1"))).isTrue();
        assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    }
}
