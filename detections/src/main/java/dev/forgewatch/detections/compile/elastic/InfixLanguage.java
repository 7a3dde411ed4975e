package dev.forgewatch.detections.compile.elastic;

import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.stream.Collectors;

/**
 * What the text query languages (KQL, Lucene, EQL, ES|QL) share: a condition tree becomes tests
 * joined by the language's {@code and}/{@code or}, negated with its {@code not}, compound operands
 * in parentheses, and a rule is scoped to its event kind's dataset. Each language writes its own
 * field tests, dataset test and string literals.
 */
abstract class InfixLanguage {
    private final String and;
    private final String or;
    private final String not;

    InfixLanguage(String and, String or, String not) {
        this.and = " " + and + " ";
        this.or = " " + or + " ";
        this.not = not + " ";
    }

    /** The rule's condition, scoped to its dataset when its event kind has one. */
    final String scoped(DetectionRule rule) {
        String condition = text(rule.expr());
        String dataset = Targets.dataset(rule);
        return dataset == null ? condition : datasetIs(dataset) + and + group(rule.expr(), condition);
    }

    final String text(Expr expr) {
        if (expr instanceof Expr.And all) {
            return all.items().stream().map(item -> group(item, text(item))).collect(Collectors.joining(and));
        }
        if (expr instanceof Expr.Or any) {
            return any.items().stream().map(this::orOperand).collect(Collectors.joining(or));
        }
        if (expr instanceof Expr.Not negation) {
            return negated(negation.item());
        }
        return test(expr);
    }

    /** The test that an event belongs to the dataset. */
    abstract String datasetIs(String dataset);

    /** A test on one field: any expression but and, or and not. */
    abstract String test(Expr expr);

    /** {@code not} and the operand; EQL and ES|QL write a negated exists as a null test. */
    String negated(Expr item) {
        return not + group(item, text(item));
    }

    /** An operand of {@code or}. */
    String orOperand(Expr item) {
        return group(item, text(item));
    }

    /** Parenthesises compound expressions so they keep their meaning inside and/or/not. */
    static String group(Expr expr, String text) {
        return expr instanceof Expr.And || expr instanceof Expr.Or ? "(" + text + ")" : text;
    }

    /**
     * A double-quoted string with backslash, double quote, line feed, carriage return and tab
     * escaped; with {@code escapeControls}, other control characters as {@code \\u{hex}} (EQL).
     */
    static String quoted(String value, boolean escapeControls) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\', '"' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (escapeControls && c < 0x20) {
                        out.append(String.format("\\u{%x}", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
