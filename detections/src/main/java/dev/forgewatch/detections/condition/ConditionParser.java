package dev.forgewatch.detections.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a Sigma condition ({@code selection and not 1 of filter_*}) over named selections into an
 * {@link Expr}. Precedence: {@code not} over {@code and} over {@code or}; parentheses group;
 * {@code 1 of X}, {@code N of X} and {@code all of X} quantify over selections whose names match
 * {@code X} ({@code *} wildcards) or over {@code them} (every selection not starting with
 * {@code _}). Errors are IllegalArgumentExceptions with a reason fit for an analyst.
 */
public final class ConditionParser {
    private final Map<String, Expr> selections;
    private final List<String> tokens;
    private int position;

    private ConditionParser(Map<String, Expr> selections, List<String> tokens) {
        this.selections = selections;
        this.tokens = tokens;
    }

    public static Expr parse(String condition, Map<String, Expr> selections) {
        List<String> tokens = tokenize(condition);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty");
        }
        ConditionParser parser = new ConditionParser(selections, tokens);
        Expr expr = parser.or();
        if (parser.position < tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + tokens.get(parser.position) + "' in condition '" + condition + "'");
        }
        return expr;
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(' || c == ')' || Character.isWhitespace(c)) {
                if (word.length() > 0) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(c)) {
                    tokens.add(String.valueOf(c));
                }
            } else if (c == '|') {
                throw new IllegalArgumentException("'|' aggregations in conditions are not supported; use a correlation rule");
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private Expr or() {
        List<Expr> items = new ArrayList<>();
        items.add(and());
        while (accept("or")) {
            items.add(and());
        }
        return Expr.or(items);
    }

    private Expr and() {
        List<Expr> items = new ArrayList<>();
        items.add(not());
        while (accept("and")) {
            items.add(not());
        }
        return Expr.and(items);
    }

    private Expr not() {
        if (accept("not")) {
            return new Expr.Not(not());
        }
        return primary();
    }

    private Expr primary() {
        String token = next("a selection name, 'not', '(' or a quantifier");
        if (token.equals("(")) {
            Expr inner = or();
            if (!accept(")")) {
                throw new IllegalArgumentException("missing ')' in condition");
            }
            return inner;
        }
        if (isKeyword(token) || token.equals(")")) {
            throw new IllegalArgumentException("unexpected '" + token + "' in condition");
        }
        if (position < tokens.size() && tokens.get(position).equalsIgnoreCase("of")) {
            position++;
            return quantified(token, next("a selection pattern or 'them' after 'of'"));
        }
        Expr selection = selections.get(token);
        if (selection == null) {
            throw new IllegalArgumentException("the condition names '" + token + "' but there is no such selection (have: "
                    + String.join(", ", selections.keySet()) + ")");
        }
        return selection;
    }

    private Expr quantified(String quantifier, String target) {
        List<Expr> matched = new ArrayList<>();
        boolean them = target.equalsIgnoreCase("them");
        java.util.regex.Pattern glob = them ? null : glob(target);
        selections.forEach((name, expr) -> {
            if (them ? !name.startsWith("_") : glob.matcher(name).matches()) {
                matched.add(expr);
            }
        });
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("'" + quantifier + " of " + target + "' matches no selection");
        }
        if (quantifier.equalsIgnoreCase("all")) {
            return Expr.and(matched);
        }
        int count;
        try {
            count = Integer.parseInt(quantifier);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + quantifier + " of' must be 'all of' or a number such as '1 of'");
        }
        if (count < 1 || count > matched.size()) {
            throw new IllegalArgumentException("'" + count + " of " + target + "' needs between 1 and " + matched.size());
        }
        if (count == 1) {
            return Expr.or(matched);
        }
        return atLeast(matched, count);
    }

    /** At least {@code count} of the items, as an OR of every way to pick them (rules use small counts). */
    private static Expr atLeast(List<Expr> items, int count) {
        List<Expr> choices = new ArrayList<>();
        pick(items, count, 0, new ArrayList<>(), choices);
        return Expr.or(choices);
    }

    private static void pick(List<Expr> items, int count, int from, List<Expr> chosen, List<Expr> out) {
        if (chosen.size() == count) {
            out.add(Expr.and(new ArrayList<>(chosen)));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            chosen.add(items.get(i));
            pick(items, count, i + 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    private static java.util.regex.Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(regex.toString());
    }

    private boolean accept(String keyword) {
        if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword)) {
            position++;
            return true;
        }
        return false;
    }

    private String next(String wanted) {
        if (position >= tokens.size()) {
            throw new IllegalArgumentException("the condition ends where " + wanted + " was expected");
        }
        return tokens.get(position++);
    }

    private static boolean isKeyword(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return lower.equals("and") || lower.equals("or") || lower.equals("not") || lower.equals("of");
    }
}
