package dev.forgewatch.detections.compile.elastic;

import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.Pattern;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.List;

/**
 * Compiles conditions to Elastic's Event Query Language. Case-insensitive tests use {@code :} and
 * {@code like~}/{@code regex~}; cased ones {@code ==}, {@code in}, {@code like}, {@code regex}.
 * Values holding a literal {@code *} or {@code ?} (wildcards to {@code :} and {@code like}) are
 * matched with an escaped regular expression instead. Strings escape backslash, double quote and
 * control characters.
 */
public final class Eql extends InfixLanguage {
    private static final Eql EQL = new Eql();
    private Eql() {
        super("and", "or", "not");
    }

    /** The rule's condition (with its dataset scope), for use inside a query or a sequence step. */
    public static String condition(DetectionRule rule) {
        return EQL.scoped(rule);
    }

    public static String expr(Expr expr) {
        return EQL.text(expr);
    }

    @Override
    String datasetIs(String dataset) {
        return "event.dataset == " + quoted(dataset);
    }

    @Override
    String negated(Expr item) {
        return item instanceof Expr.Exists exists ? Targets.ecs(exists.field()) + " == null" : super.negated(item);
    }

    @Override
    String test(Expr expr) {
        if (expr instanceof Expr.AnyOf anyOf) {
            return anyOf(anyOf);
        }
        if (expr instanceof Expr.Match match) {
            String field = Targets.ecs(match.field());
            if (hasLiteralWildcard(match.pattern())) {
                return field + (match.cased() ? " regex " : " regex~ ") + quoted(regex(match.pattern()));
            }
            return field + (match.cased() ? " like " : " like~ ") + quoted(wildcard(match.pattern()));
        }
        if (expr instanceof Expr.Regex regex) {
            return Targets.ecs(regex.field()) + (regex.ignoreCase() ? " regex~ " : " regex ") + quoted(regex.regex().lucene());
        }
        if (expr instanceof Expr.Cidr cidr) {
            return "cidrMatch(" + Targets.ecs(cidr.field()) + ", " + quoted(cidr.network().text()) + ")";
        }
        if (expr instanceof Expr.Compare compare) {
            return Targets.ecs(compare.field()) + " " + compare.op().symbol() + " " + compare.value();
        }
        if (expr instanceof Expr.BoolIs bool) {
            return Targets.ecs(bool.field()) + " == " + bool.value();
        }
        if (expr instanceof Expr.FieldCompare compare) {
            throw new CompileException("EQL cannot compare a field with another field (" + compare.text() + ")");
        }
        return Targets.ecs(((Expr.Exists) expr).field()) + " != null";
    }

    private static String anyOf(Expr.AnyOf anyOf) {
        String field = Targets.ecs(anyOf.field());
        FieldType type = anyOf.field().type();
        if (type == FieldType.LONG || type == FieldType.IP || anyOf.cased()) {
            List<String> values = anyOf.values().stream().map(v -> type == FieldType.LONG ? v : quoted(v)).toList();
            return values.size() == 1 ? field + " == " + values.get(0) : field + " in (" + String.join(", ", values) + ")";
        }
        List<String> plain = anyOf.values().stream().filter(v -> v.indexOf('*') < 0 && v.indexOf('?') < 0).toList();
        List<String> parts = new java.util.ArrayList<>();
        if (!plain.isEmpty()) {
            List<String> quotedValues = plain.stream().map(Eql::quoted).toList();
            parts.add(field + " : " + (quotedValues.size() == 1 ? quotedValues.get(0) : "(" + String.join(", ", quotedValues) + ")"));
        }
        anyOf.values().stream().filter(v -> !plain.contains(v))
                .forEach(v -> parts.add(field + " regex~ " + quoted(regex(Pattern.literal(v)))));
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" or ", parts) + ")";
    }

    static String quoted(String value) {
        return quoted(value, true);
    }

    private static boolean hasLiteralWildcard(Pattern pattern) {
        return pattern.parts().stream().anyMatch(p -> p instanceof Pattern.Text t && (t.text().indexOf('*') >= 0 || t.text().indexOf('?') >= 0));
    }

    private static String wildcard(Pattern pattern) {
        StringBuilder out = new StringBuilder();
        for (Pattern.Part part : pattern.parts()) {
            out.append(part instanceof Pattern.Text text ? text.text() : part instanceof Pattern.Star ? "*" : "?");
        }
        return out.toString();
    }

    /** A Lucene (whole-value) regular expression for the pattern: every non-alphanumeric literal escaped. */
    static String regex(Pattern pattern) {
        StringBuilder out = new StringBuilder();
        for (Pattern.Part part : pattern.parts()) {
            if (part instanceof Pattern.Text text) {
                for (char c : text.text().toCharArray()) {
                    if (!Character.isLetterOrDigit(c)) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(part instanceof Pattern.Star ? ".*" : ".");
            }
        }
        return out.toString();
    }
}
