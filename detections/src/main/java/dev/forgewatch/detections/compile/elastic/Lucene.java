package dev.forgewatch.detections.compile.elastic;

import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.Pattern;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.List;

/**
 * Compiles conditions to Lucene query_string syntax (Kibana's "lucene" language, and the
 * {@code query_string} query). Quoted phrases escape backslash and double quote; wildcard terms
 * escape every reserved character and whitespace; regular expressions go between slashes with
 * {@code /} escaped. Used where KQL cannot say a rule (single-character wildcards, regexes).
 */
public final class Lucene extends InfixLanguage {
    private static final Lucene LUCENE = new Lucene();
    private static final String RESERVED = "+-=&|><!(){}[]^\"~*?:\\/";

    private Lucene() {
        super("AND", "OR", "NOT");
    }

    /** The rule's condition, scoped to its event kind's dataset. */
    public static String rule(DetectionRule rule) {
        return LUCENE.scoped(rule);
    }

    public static String expr(Expr expr) {
        return LUCENE.text(expr);
    }

    @Override
    String datasetIs(String dataset) {
        return "event.dataset:" + quoted(dataset);
    }

    @Override
    String test(Expr expr) {
        if (expr instanceof Expr.AnyOf anyOf) {
            List<String> values = anyOf.values().stream().map(value -> anyOf.field().type() == FieldType.LONG ? value : quoted(value)).toList();
            return field(anyOf.field().field().ecs()) + ":" + (values.size() == 1 ? values.get(0) : "(" + String.join(" OR ", values) + ")");
        }
        if (expr instanceof Expr.Match match) {
            return field(Targets.ecs(match.field())) + ":" + pattern(match.pattern());
        }
        if (expr instanceof Expr.Regex regex) {
            return field(Targets.ecs(regex.field())) + ":/" + regex.regex().lucene().replace("/", "\\/") + "/";
        }
        if (expr instanceof Expr.Cidr cidr) {
            return field(Targets.ecs(cidr.field())) + ":" + quoted(cidr.network().text());
        }
        if (expr instanceof Expr.Compare compare) {
            return field(Targets.ecs(compare.field())) + ":" + compare.op().symbol() + compare.value();
        }
        if (expr instanceof Expr.BoolIs bool) {
            return field(Targets.ecs(bool.field())) + ":" + bool.value();
        }
        if (expr instanceof Expr.FieldCompare compare) {
            throw new CompileException("Lucene cannot compare two fields (" + compare.text() + ")");
        }
        return "_exists_:" + field(Targets.ecs(((Expr.Exists) expr).field()));
    }

    /** A quoted phrase: only backslash and double quote are special inside quotes. */
    static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String pattern(Pattern pattern) {
        StringBuilder out = new StringBuilder();
        for (Pattern.Part part : pattern.parts()) {
            if (part instanceof Pattern.Text text) {
                for (char c : text.text().toCharArray()) {
                    if (RESERVED.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(part instanceof Pattern.Star ? '*' : '?');
            }
        }
        return out.toString();
    }

    private static String field(String name) {
        return name.replace("@", "\\@");
    }
}
