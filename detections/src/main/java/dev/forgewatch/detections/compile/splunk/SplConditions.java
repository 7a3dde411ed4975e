package dev.forgewatch.detections.compile.splunk;

import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.condition.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compiles conditions to SPL. The {@code search} form ({@code field="value"}, {@code IN},
 * {@code *} wildcards, CIDR values) is case-insensitive like Sigma and is preferred; it cannot
 * say a literal {@code *} (SPL has no escape for it), a single-character wildcard, a regular
 * expression or a case-sensitive test, so such conditions use the {@code where} form:
 * {@code match()}/{@code mvfind()} with an anchored PCRE, {@code cidrmatch()}, comparisons. In
 * both forms strings escape backslash and double quote; regex metacharacters are escaped inside.
 */
public final class SplConditions {
    private SplConditions() {
    }

    /** The condition in search-command syntax, or empty when only the where form can say it. */
    public static Optional<String> search(Expr expr) {
        try {
            return Optional.of(searchExpr(expr));
        } catch (NotSearchable e) {
            return Optional.empty();
        }
    }

    /** Thrown inside this class when a condition needs the where form. */
    private static final class NotSearchable extends RuntimeException {
        NotSearchable() {
            super(null, null, false, false);
        }
    }

    private static String searchExpr(Expr expr) {
        if (expr instanceof Expr.And and) {
            return and.items().stream().map(item -> group(item, searchExpr(item))).collect(Collectors.joining(" AND "));
        }
        if (expr instanceof Expr.Or or) {
            return or.items().stream().map(item -> group(item, searchExpr(item))).collect(Collectors.joining(" OR "));
        }
        if (expr instanceof Expr.Not not) {
            return "NOT " + group(not.item(), searchExpr(not.item()));
        }
        if (expr instanceof Expr.AnyOf anyOf) {
            if (anyOf.cased() || anyOf.values().stream().anyMatch(v -> v.indexOf('*') >= 0)) {
                throw new NotSearchable();
            }
            String field = searchField(anyOf.field());
            List<String> values = anyOf.values().stream().map(v -> anyOf.field().type() == FieldType.LONG ? v : Spl.quote(v)).toList();
            return values.size() == 1 ? field + "=" + values.get(0) : field + " IN (" + String.join(", ", values) + ")";
        }
        if (expr instanceof Expr.Match match) {
            if (match.cased() || match.pattern().hasSingleCharWildcard()
                    || match.pattern().parts().stream().anyMatch(p -> p instanceof Pattern.Text t && t.text().indexOf('*') >= 0)) {
                throw new NotSearchable();
            }
            StringBuilder value = new StringBuilder();
            for (Pattern.Part part : match.pattern().parts()) {
                value.append(part instanceof Pattern.Text text ? text.text() : "*");
            }
            return searchField(match.field()) + "=" + Spl.quote(value.toString());
        }
        if (expr instanceof Expr.Cidr cidr) {
            return searchField(cidr.field()) + "=" + Spl.quote(cidr.network().text());
        }
        if (expr instanceof Expr.Compare compare) {
            return searchField(compare.field()) + compare.op().symbol() + compare.value();
        }
        if (expr instanceof Expr.BoolIs bool) {
            return searchField(bool.field()) + "=" + Spl.quote(Boolean.toString(bool.value()));
        }
        if (expr instanceof Expr.Exists exists) {
            return searchField(exists.field()) + "=*";
        }
        throw new NotSearchable();
    }

    /** The condition as an eval/where expression (always possible). */
    public static String where(Expr expr) {
        if (expr instanceof Expr.And and) {
            return and.items().stream().map(item -> group(item, where(item))).collect(Collectors.joining(" AND "));
        }
        if (expr instanceof Expr.Or or) {
            return or.items().stream().map(item -> group(item, where(item))).collect(Collectors.joining(" OR "));
        }
        if (expr instanceof Expr.Not not) {
            return "NOT " + group(not.item(), where(not.item()));
        }
        if (expr instanceof Expr.AnyOf anyOf) {
            return anyOfWhere(anyOf);
        }
        if (expr instanceof Expr.Match match) {
            return regexTest(match.field(), (match.cased() ? "(?s)^" : "(?is)^") + patternRegex(match.pattern()) + "$");
        }
        if (expr instanceof Expr.Regex regex) {
            return regexTest(regex.field(), (regex.ignoreCase() ? "(?is)" : "(?s)") + regex.regex().pcre());
        }
        if (expr instanceof Expr.Cidr cidr) {
            return "cidrmatch(" + Spl.quote(cidr.network().text()) + ", " + evalField(cidr.field()) + ")";
        }
        if (expr instanceof Expr.Compare compare) {
            return evalField(compare.field()) + compare.op().symbol() + compare.value();
        }
        if (expr instanceof Expr.FieldCompare compare) {
            long offset = compare.offsetSeconds();
            return epoch(compare.field()) + compare.op().symbol() + epoch(compare.other())
                    + (offset == 0 ? "" : (offset > 0 ? "+" : "-") + Math.abs(offset));
        }
        if (expr instanceof Expr.BoolIs bool) {
            return regexTest(bool.field(), "(?i)^" + bool.value() + "$");
        }
        return "isnotnull(" + evalField(((Expr.Exists) expr).field()) + ")";
    }

    /**
     * A date field as epoch seconds: {@code _time} for the event's time, else the field's ISO-8601 UTC text
     * (Microsoft writes IssuedAtTime without a zone, Graph with {@code Z}; fractions of a second dropped)
     * read by {@code strptime} with an explicit UTC offset, so the search head's time zone does not matter.
     */
    private static String epoch(FieldRef field) {
        if (field.canonical().equals(Fields.TIMESTAMP)) {
            return "_time";
        }
        return "strptime(replace(" + evalField(field) + ", " + Spl.quote("(\\.[0-9]+)?(Z|[+-]00:?00)?$") + ", " + Spl.quote("")
                + ")." + Spl.quote("+0000") + ", " + Spl.quote("%Y-%m-%dT%H:%M:%S%z") + ")";
    }

    private static String anyOfWhere(Expr.AnyOf anyOf) {
        FieldType type = anyOf.field().type();
        if (type == FieldType.LONG) {
            return or(anyOf.values().stream().map(v -> evalField(anyOf.field()) + "==" + v).toList());
        }
        if (type == FieldType.IP) {
            // cidrmatch compares addresses, so 2001:db8::1 and 2001:DB8:0:0:0:0:0:1 are equal, as in the engine
            return or(anyOf.values().stream().map(v -> "cidrmatch(" + Spl.quote(v + (v.indexOf(':') >= 0 ? "/128" : "/32")) + ", "
                    + evalField(anyOf.field()) + ")").toList());
        }
        String alternatives = anyOf.values().stream().map(v -> patternRegex(Pattern.literal(v))).collect(Collectors.joining("|"));
        return regexTest(anyOf.field(), (anyOf.cased() ? "(?s)^(?:" : "(?is)^(?:") + alternatives + ")$");
    }

    private static String or(List<String> tests) {
        return tests.size() == 1 ? tests.get(0) : "(" + String.join(" OR ", tests) + ")";
    }

    /** match() on a single value; mvfind() so that any value of a multi-valued field counts. */
    private static String regexTest(FieldRef field, String regex) {
        return field.multi()
                ? "isnotnull(mvfind(" + evalField(field) + ", " + Spl.quote(regex) + "))"
                : "match(" + evalField(field) + ", " + Spl.quote(regex) + ")";
    }

    /** A PCRE body for the pattern: literal text {@linkplain Spl#regexLiteral escaped}, wildcards as {@code .*} and {@code .}. */
    static String patternRegex(Pattern pattern) {
        StringBuilder out = new StringBuilder();
        for (Pattern.Part part : pattern.parts()) {
            if (part instanceof Pattern.Text text) {
                out.append(Spl.regexLiteral(text.text()));
            } else {
                out.append(part instanceof Pattern.Star ? ".*" : ".");
            }
        }
        return out.toString();
    }

    private static String group(Expr expr, String text) {
        return expr instanceof Expr.And || expr instanceof Expr.Or ? "(" + text + ")" : text;
    }

    static String searchField(FieldRef field) {
        String name = Targets.splunk(field);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.{}]*")) {
            throw new CompileException("Splunk field name '" + name + "' of " + field.sigmaName() + " cannot be used in a search");
        }
        return name;
    }

    /** A field in eval syntax: single-quoted unless a plain identifier. */
    static String evalField(FieldRef field) {
        return Spl.evalName(Targets.splunk(field));
    }
}
