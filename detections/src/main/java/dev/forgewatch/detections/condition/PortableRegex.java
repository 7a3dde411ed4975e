package dev.forgewatch.detections.condition;

/**
 * A Sigma {@code |re} value restricted to what Java, PCRE (Splunk) and Lucene (Elasticsearch
 * regexp, EQL {@code regex}) read the same way: literals, escaped metacharacters, {@code .},
 * classes with ranges, greedy quantifiers, plain groups and alternation, {@code ^} only first and
 * {@code $} only last. Shorthand classes ({@code \d}), lookaround, lazy quantifiers and
 * backreferences are rejected because Lucene has none of them. Matching is a search (Sigma
 * semantics); Lucene's implicit anchoring is undone when compiling.
 */
public record PortableRegex(String source, String body, boolean anchoredStart, boolean anchoredEnd) {
    /** Characters Lucene's regexp syntax gives a meaning that Java and PCRE do not. */
    private static final String LUCENE_ONLY_SPECIALS = "#@&<>~\"";

    public static PortableRegex parse(String source) {
        boolean start = source.startsWith("^");
        boolean end = source.endsWith("$") && !source.endsWith("\\$") && source.length() > (start ? 1 : 0);
        String body = source.substring(start ? 1 : 0, source.length() - (end ? 1 : 0));
        validate(body);
        return new PortableRegex(source, body, start, end);
    }

    private static void validate(String body) {
        boolean inClass = false;
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    throw new IllegalArgumentException("regular expression ends in a lone backslash");
                }
                char next = body.charAt(++i);
                if (Character.isLetterOrDigit(next)) {
                    throw new IllegalArgumentException("'\\" + next + "' is not portable to Elasticsearch regexp;"
                            + " write a class such as [0-9] or [ \\t] instead");
                }
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            switch (c) {
                case '[':
                    inClass = true;
                    if (i + 1 < body.length() && body.charAt(i + 1) == ']') {
                        i++; // ']' first in a class is literal
                    }
                    break;
                case '(':
                    if (i + 1 < body.length() && body.charAt(i + 1) == '?') {
                        throw new IllegalArgumentException("'(?' groups (lookaround, flags, non-capturing) are not portable");
                    }
                    depth++;
                    break;
                case ')':
                    if (--depth < 0) {
                        throw new IllegalArgumentException("unbalanced ')' in regular expression");
                    }
                    break;
                case '^':
                case '$':
                    throw new IllegalArgumentException("'" + c + "' may only start or end the regular expression");
                case '*':
                case '+':
                case '?':
                case '}':
                    if (i + 1 < body.length() && (body.charAt(i + 1) == '?' || body.charAt(i + 1) == '+')) {
                        throw new IllegalArgumentException("lazy and possessive quantifiers are not portable");
                    }
                    break;
                default:
                    break;
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("unclosed '[' in regular expression");
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced '(' in regular expression");
        }
    }

    /** Java/PCRE form: search semantics, so the source as written. */
    public String pcre() {
        return source;
    }

    /** Lucene form (whole-value match): {@code .*} around unanchored ends, Lucene-only specials escaped. */
    public String lucene() {
        StringBuilder out = new StringBuilder();
        if (!anchoredStart) {
            out.append(".*");
        }
        out.append('(');
        boolean inClass = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                out.append(c).append(body.charAt(++i));
                continue;
            }
            if (!inClass && LUCENE_ONLY_SPECIALS.indexOf(c) >= 0) {
                out.append('\\');
            }
            if (c == '[' && !inClass) {
                inClass = true;
            } else if (c == ']' && inClass) {
                inClass = false;
            }
            out.append(c);
        }
        out.append(')');
        if (!anchoredEnd) {
            out.append(".*");
        }
        return out.toString();
    }
}
