package dev.forgewatch.detections.compile.elastic;

import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.compile.CompileException;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.Pattern;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.List;

/**
 * Compiles conditions to Kibana Query Language. Exact values are quoted phrases (backslash and
 * double quote escaped); wildcard patterns are unquoted with KQL's specials, whitespace escapes and
 * the words and/or/not escaped, because KQL only honours {@code *} outside quotes. KQL has no
 * single-character wildcard and no regular expressions: such rules throw {@link CompileException}
 * and are compiled to Lucene or EQL instead. KQL matches keyword fields case-sensitively.
 */
public final class Kql extends InfixLanguage {
    private static final Kql KQL = new Kql();
    private static final String SPECIALS = "\\():<>\"*{}";

    private Kql() {
        super("and", "or", "not");
    }

    /** The rule's condition, scoped to its event kind's dataset. */
    public static String rule(DetectionRule rule) {
        return KQL.scoped(rule);
    }

    public static String expr(Expr expr) {
        return KQL.text(expr);
    }

    @Override
    String datasetIs(String dataset) {
        return "event.dataset:" + quoted(dataset);
    }

    /** KQL binds {@code and} tighter than {@code or}, so only and-groups need parentheses there. */
    @Override
    String orOperand(Expr item) {
        return item instanceof Expr.And ? "(" + text(item) + ")" : text(item);
    }

    @Override
    String test(Expr expr) {
        if (expr instanceof Expr.AnyOf anyOf) {
            List<String> values = anyOf.values().stream().map(value -> anyOf.field().type() == FieldType.LONG ? value : quoted(value)).toList();
            return Targets.ecs(anyOf.field()) + ":" + (values.size() == 1 ? values.get(0) : "(" + String.join(" or ", values) + ")");
        }
        if (expr instanceof Expr.Match match) {
            return Targets.ecs(match.field()) + ":" + pattern(match.pattern());
        }
        if (expr instanceof Expr.Cidr cidr) {
            return Targets.ecs(cidr.field()) + ":" + quoted(cidr.network().text());
        }
        if (expr instanceof Expr.Compare compare) {
            return Targets.ecs(compare.field()) + " " + compare.op().symbol() + " " + compare.value();
        }
        if (expr instanceof Expr.BoolIs bool) {
            return Targets.ecs(bool.field()) + ":" + bool.value();
        }
        if (expr instanceof Expr.Exists exists) {
            return Targets.ecs(exists.field()) + ":*";
        }
        if (expr instanceof Expr.FieldCompare compare) {
            throw new CompileException("KQL cannot compare two fields (" + compare.text() + "); a Kibana query rule tests it in a script filter");
        }
        throw new CompileException("KQL has no regular expressions (" + ((Expr.Regex) expr).field().sigmaName() + "|re)");
    }

    /** A quoted KQL phrase: backslash, double quote and line breaks escaped. */
    static String quoted(String value) {
        return quoted(value, false);
    }

    /** An unquoted wildcard value. */
    static String pattern(Pattern pattern) {
        if (pattern.hasSingleCharWildcard()) {
            throw new CompileException("KQL has no single-character wildcard ('?' in " + pattern.toSigma() + ")");
        }
        StringBuilder out = new StringBuilder();
        for (Pattern.Part part : pattern.parts()) {
            if (part instanceof Pattern.Text text) {
                out.append(escapeUnquoted(text.text()));
            } else {
                out.append('*');
            }
        }
        String value = out.toString();
        String bare = value.replaceAll("^\\*+|\\*+$", "");
        if (!bare.isEmpty() && (Character.isWhitespace(bare.charAt(0)) || Character.isWhitespace(bare.charAt(bare.length() - 1)))) {
            throw new CompileException("KQL trims or splits at spaces at the ends of an unquoted value (" + pattern.toSigma() + ")");
        }
        return value;
    }

    private static String escapeUnquoted(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean wordStart = i == 0 || Character.isWhitespace(text.charAt(i - 1));
            String keyword = wordStart ? keywordAt(text, i) : null;
            if (keyword != null) {
                out.append('\\').append(keyword);
                i += keyword.length();
                continue;
            }
            if (SPECIALS.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** {@code and}, {@code or} or {@code not} as a whole word at {@code at}, else null. */
    private static String keywordAt(String text, int at) {
        for (String keyword : List.of("and", "or", "not")) {
            int end = at + keyword.length();
            if (text.regionMatches(true, at, keyword, 0, keyword.length())
                    && (end == text.length() || Character.isWhitespace(text.charAt(end)))) {
                return text.substring(at, end);
            }
        }
        return null;
    }
}
