package dev.forgewatch.splunk.spl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses SPL eval expressions (the right-hand side of {@code eval x = ...}, {@code where ...} and
 * props.conf {@code EVAL-x}) into an {@link EvalExpr}, with Splunk's operator precedence: NOT binds
 * tighter than AND, AND than XOR, XOR than OR; comparisons below arithmetic. Unknown functions are
 * syntax errors, so a typo in generated SPL fails the build rather than the analyst's search.
 */
public final class EvalParser {
    /** Eval functions of the SPL reference (the ones a ForgeWatch search could plausibly use). */
    static final Set<String> FUNCTIONS = Set.of(
            "abs", "acos", "asin", "atan", "atan2", "avg", "case", "cidrmatch", "ceil", "ceiling", "coalesce", "commands",
            "cos", "exact", "exp", "false", "floor", "hypot", "if", "in", "ipmask", "isbool", "isint", "isnotnull",
            "isnull", "isnum", "isstr", "json_array", "json_extract", "json_keys", "json_object", "json_valid", "len",
            "like", "ln", "log", "lookup", "lower", "ltrim", "match", "max", "md5", "min", "mvappend", "mvcount",
            "mvdedup", "mvfilter", "mvfind", "mvindex", "mvjoin", "mvmap", "mvrange", "mvsort", "mvzip", "now", "null",
            "nullif", "pi", "pow", "printf", "random", "relative_time", "replace", "round", "rtrim", "searchmatch",
            "sha1", "sha256", "sha512", "sigfig", "spath", "split", "sqrt", "strftime", "strptime", "substr", "sum",
            "time", "tonumber", "tostring", "trim", "true", "typeof", "upper", "urldecode", "validate");
    /** Operator words: never a field, and never a call except {@code like(...)}. */
    private static final Set<String> OPERATOR_WORDS = Set.of("AND", "OR", "XOR", "NOT", "LIKE");

    private final String text;
    private final List<Token> tokens;
    private int next;

    private record Token(Kind kind, String text, int position) {
    }

    private enum Kind { NUMBER, STRING, QUOTED_FIELD, WORD, OPERATOR, OPEN, CLOSE, COMMA, END }

    private EvalParser(String text) throws SplSyntaxException {
        this.text = text;
        this.tokens = tokenize(text);
    }

    public static EvalExpr parse(String text) throws SplSyntaxException {
        EvalParser parser = new EvalParser(text);
        EvalExpr expr = parser.or();
        parser.expect(Kind.END, "end of expression");
        return expr;
    }

    private EvalExpr or() throws SplSyntaxException {
        EvalExpr left = xor();
        while (keyword("OR")) {
            left = new EvalExpr.Binary("OR", left, xor());
        }
        return left;
    }

    private EvalExpr xor() throws SplSyntaxException {
        EvalExpr left = and();
        while (keyword("XOR")) {
            left = new EvalExpr.Binary("XOR", left, and());
        }
        return left;
    }

    private EvalExpr and() throws SplSyntaxException {
        EvalExpr left = not();
        while (keyword("AND")) {
            left = new EvalExpr.Binary("AND", left, not());
        }
        return left;
    }

    private EvalExpr not() throws SplSyntaxException {
        if (keyword("NOT")) {
            return new EvalExpr.Unary("NOT", not());
        }
        return equality();
    }

    private EvalExpr equality() throws SplSyntaxException {
        EvalExpr left = relational();
        while (true) {
            if (operator("==") || operator("=")) {
                left = new EvalExpr.Binary("==", left, relational());
            } else if (operator("!=")) {
                left = new EvalExpr.Binary("!=", left, relational());
            } else if (keyword("LIKE")) {
                left = new EvalExpr.Binary("LIKE", left, relational());
            } else {
                return left;
            }
        }
    }

    private EvalExpr relational() throws SplSyntaxException {
        EvalExpr left = additive();
        while (true) {
            String op = peek().kind == Kind.OPERATOR ? peek().text : "";
            if (op.equals("<") || op.equals(">") || op.equals("<=") || op.equals(">=")) {
                next++;
                left = new EvalExpr.Binary(op, left, additive());
            } else {
                return left;
            }
        }
    }

    private EvalExpr additive() throws SplSyntaxException {
        EvalExpr left = multiplicative();
        while (true) {
            String op = peek().kind == Kind.OPERATOR ? peek().text : "";
            if (op.equals("+") || op.equals("-") || op.equals(".")) {
                next++;
                left = new EvalExpr.Binary(op, left, multiplicative());
            } else {
                return left;
            }
        }
    }

    private EvalExpr multiplicative() throws SplSyntaxException {
        EvalExpr left = unary();
        while (true) {
            String op = peek().kind == Kind.OPERATOR ? peek().text : "";
            if (op.equals("*") || op.equals("/") || op.equals("%")) {
                next++;
                left = new EvalExpr.Binary(op, left, unary());
            } else {
                return left;
            }
        }
    }

    private EvalExpr unary() throws SplSyntaxException {
        if (operator("-")) {
            return new EvalExpr.Unary("-", unary());
        }
        return primary();
    }

    private EvalExpr primary() throws SplSyntaxException {
        Token token = peek();
        switch (token.kind) {
            case NUMBER:
                next++;
                return new EvalExpr.Number(token.text);
            case STRING:
                next++;
                return new EvalExpr.Text(token.text);
            case QUOTED_FIELD:
                next++;
                return new EvalExpr.Field(token.text);
            case OPEN:
                next++;
                EvalExpr inner = or();
                expect(Kind.CLOSE, "')'");
                return inner;
            case WORD:
                boolean call = tokens.get(next + 1).kind == Kind.OPEN;
                if (OPERATOR_WORDS.contains(token.text.toUpperCase(Locale.ROOT)) && !(call && token.text.equalsIgnoreCase("like"))) {
                    throw new SplSyntaxException("expected a value, field or function, found the operator '" + token.text + "'",
                            token.position);
                }
                next++;
                return call ? call(token) : new EvalExpr.Field(token.text);
            default:
                throw new SplSyntaxException("expected a value, field or function, found " + describe(token), token.position);
        }
    }

    private EvalExpr call(Token name) throws SplSyntaxException {
        String function = name.text.toLowerCase(Locale.ROOT);
        if (!FUNCTIONS.contains(function)) {
            throw new SplSyntaxException("unknown eval function '" + name.text + "'", name.position);
        }
        next++; // the opening parenthesis
        List<EvalExpr> args = new ArrayList<>();
        if (peek().kind != Kind.CLOSE) {
            args.add(or());
            while (peek().kind == Kind.COMMA) {
                next++;
                args.add(or());
            }
        }
        expect(Kind.CLOSE, "')' closing " + name.text + "(");
        return new EvalExpr.Call(function, args);
    }

    /**
     * Consumes an operator word. Where an operator may stand, a following '(' opens a group
     * ({@code a AND (b OR c)}, {@code NOT (x)}), not a call: no eval function is named AND, OR, XOR or NOT.
     */
    private boolean keyword(String word) {
        Token token = peek();
        if (token.kind == Kind.WORD && token.text.equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean operator(String op) {
        Token token = peek();
        if (token.kind == Kind.OPERATOR && token.text.equals(op)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) throws SplSyntaxException {
        Token token = peek();
        if (token.kind != kind) {
            throw new SplSyntaxException("expected " + what + ", found " + describe(token), token.position);
        }
        next++;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private String describe(Token token) {
        return token.kind == Kind.END ? "the end of '" + text + "'" : "'" + token.text + "'";
    }

    private static List<Token> tokenize(String text) throws SplSyntaxException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                StringBuilder value = new StringBuilder();
                while (end < text.length() && text.charAt(end) != c) {
                    if (text.charAt(end) == '\\' && end + 1 < text.length()) {
                        end++;
                    }
                    value.append(text.charAt(end++));
                }
                if (end >= text.length()) {
                    throw new SplSyntaxException("unterminated " + (c == '"' ? "string" : "field name") + " literal", i);
                }
                tokens.add(new Token(c == '"' ? Kind.STRING : Kind.QUOTED_FIELD, value.toString(), i));
                i = end + 1;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.'
                        && end + 1 < text.length() && Character.isDigit(text.charAt(end + 1)))) {
                    end++;
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(i, end), i));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(i, end), i));
                i = end;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (two.equals("==") || two.equals("!=") || two.equals("<=") || two.equals(">=")) {
                    tokens.add(new Token(Kind.OPERATOR, two, i));
                    i += 2;
                } else if ("+-*/%.<>=".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.OPERATOR, String.valueOf(c), i));
                    i++;
                } else {
                    throw new SplSyntaxException("unexpected character '" + c + "' in eval expression", i);
                }
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }
}
