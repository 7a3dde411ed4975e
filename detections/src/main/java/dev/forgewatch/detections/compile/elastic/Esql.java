package dev.forgewatch.detections.compile.elastic;

import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.List;
import java.util.Locale;

/**
 * Compiles conditions to ES|QL boolean expressions, for the correlations Kibana can only express
 * as ES|QL rules (absence, unordered temporal). Case-insensitive tests compare {@code TO_LOWER}
 * of the field; LIKE escapes literal wildcards with a backslash. ES|QL compares single values
 * only, so a test on a multi-valued field throws {@link CompileException}.
 */
public final class Esql extends InfixLanguage {
    private static final Esql ESQL = new Esql();
    private Esql() {
        super("AND", "OR", "NOT");
    }

    /** The rule's condition, scoped to its event kind's dataset. */
    public static String condition(DetectionRule rule) {
        return ESQL.scoped(rule);
    }

    public static String expr(Expr expr) {
        return ESQL.text(expr);
    }

    @Override
    String datasetIs(String dataset) {
        return "event.dataset == " + quoted(dataset);
    }

    @Override
    String negated(Expr item) {
        return item instanceof Expr.Exists exists ? field(exists.field()) + " IS NULL" : super.negated(item);
    }

    @Override
    String test(Expr expr) {
        if (expr instanceof Expr.AnyOf anyOf) {
            FieldType type = anyOf.field().type();
            List<String> values;
            String subject = field(anyOf.field());
            if (type == FieldType.LONG) {
                values = anyOf.values();
            } else if (type == FieldType.IP) {
                values = anyOf.values().stream().map(v -> "TO_IP(" + quoted(v) + ")").toList();
            } else if (anyOf.cased()) {
                values = anyOf.values().stream().map(Esql::quoted).toList();
            } else {
                subject = "TO_LOWER(" + subject + ")";
                values = anyOf.values().stream().map(v -> quoted(v.toLowerCase(Locale.ROOT))).toList();
            }
            return values.size() == 1 ? subject + " == " + values.get(0) : subject + " IN (" + String.join(", ", values) + ")";
        }
        if (expr instanceof Expr.Match match) {
            String subject = match.cased() ? field(match.field()) : "TO_LOWER(" + field(match.field()) + ")";
            // LIKE reads * and ? with backslash escapes, as Sigma writes them
            String pattern = match.pattern().toSigma();
            return subject + " LIKE " + quoted(match.cased() ? pattern : pattern.toLowerCase(Locale.ROOT));
        }
        if (expr instanceof Expr.Regex regex) {
            String subject = regex.ignoreCase() ? "TO_LOWER(" + field(regex.field()) + ")" : field(regex.field());
            String body = regex.regex().lucene();
            return subject + " RLIKE " + quoted(regex.ignoreCase() ? body.toLowerCase(Locale.ROOT) : body);
        }
        if (expr instanceof Expr.Cidr cidr) {
            return "CIDR_MATCH(" + field(cidr.field()) + ", " + quoted(cidr.network().text()) + ")";
        }
        if (expr instanceof Expr.Compare compare) {
            return field(compare.field()) + " " + compare.op().symbol() + " " + compare.value();
        }
        if (expr instanceof Expr.FieldCompare compare) {
            long offset = compare.offsetSeconds();
            return field(compare.field()) + " " + compare.op().symbol() + " " + field(compare.other())
                    + (offset == 0 ? "" : (offset > 0 ? " + " : " - ") + Math.abs(offset) + " seconds");
        }
        if (expr instanceof Expr.BoolIs bool) {
            return field(bool.field()) + " == " + bool.value();
        }
        return field(((Expr.Exists) expr).field()) + " IS NOT NULL";
    }

    static String field(FieldRef field) {
        if (field.multi()) {
            throw new CompileException("ES|QL cannot test the multi-valued field " + field.sigmaName());
        }
        return name(Targets.ecs(field));
    }

    /** A field name, back-quoted when ES|QL would not read it as an identifier. */
    static String name(String ecs) {
        return ecs.matches("[A-Za-z_][A-Za-z0-9_.]*") ? ecs : "`" + ecs.replace("`", "``") + "`";
    }

    static String quoted(String value) {
        return quoted(value, false);
    }
}
