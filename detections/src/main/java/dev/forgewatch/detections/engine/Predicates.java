package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.IpAddresses;
import dev.forgewatch.detections.condition.Pattern;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles an {@link Expr} into a predicate over canonical events. String tests ignore case
 * unless the rule says {@code cased}; ip equality compares addresses, not spellings; a test on a
 * list field holds when any element passes. A compiled predicate reads the fields of the current
 * event of its {@link EventFields} (each field's slot resolved at compile time), so it must be
 * tested on that event: the engine moves the fields to each event before testing any rule.
 */
final class Predicates {
    private Predicates() {
    }

    static Predicate<CanonicalEvent> compile(Expr expr, EventFields fields) {
        if (expr instanceof Expr.And and) {
            @SuppressWarnings("unchecked")
            Predicate<CanonicalEvent>[] items = and.items().stream().map(item -> compile(item, fields)).toArray(Predicate[]::new);
            return event -> {
                for (Predicate<CanonicalEvent> item : items) {
                    if (!item.test(event)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (expr instanceof Expr.Or or) {
            @SuppressWarnings("unchecked")
            Predicate<CanonicalEvent>[] items = or.items().stream().map(item -> compile(item, fields)).toArray(Predicate[]::new);
            return event -> {
                for (Predicate<CanonicalEvent> item : items) {
                    if (item.test(event)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (expr instanceof Expr.Not not) {
            return compile(not.item(), fields).negate();
        }
        if (expr instanceof Expr.Exists exists) {
            int field = fields.slot(exists.field().canonical());
            return event -> {
                Object value = fields.get(field);
                return value != null && !(value instanceof List<?> list && list.isEmpty());
            };
        }
        if (expr instanceof Expr.BoolIs bool) {
            int field = fields.slot(bool.field().canonical());
            Boolean wanted = bool.value();
            return event -> wanted.equals(fields.get(field));
        }
        if (expr instanceof Expr.Compare compare) {
            int field = fields.slot(compare.field().canonical());
            long bound = compare.value();
            Expr.Compare.Op op = compare.op();
            return event -> fields.get(field) instanceof Long value && compare(value, op, bound);
        }
        if (expr instanceof Expr.FieldCompare compare) {
            int field = fields.slot(compare.field().canonical());
            int other = fields.slot(compare.other().canonical());
            long offsetMillis = compare.offsetSeconds() * 1000;
            Expr.Compare.Op op = compare.op();
            return event -> fields.get(field) instanceof java.time.Instant left && fields.get(other) instanceof java.time.Instant right
                    && compare(left.toEpochMilli(), op, right.toEpochMilli() + offsetMillis);
        }
        if (expr instanceof Expr.Cidr cidr) {
            int field = fields.slot(cidr.field().canonical());
            Predicate<String> inNetwork = remembered(value -> cidr.network().contains(IpAddresses.parse(value)));
            return event -> anyValue(fields, field, inNetwork);
        }
        if (expr instanceof Expr.Regex regex) {
            int flags = java.util.regex.Pattern.DOTALL
                    | (regex.ignoreCase() ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE : 0);
            java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(regex.regex().pcre(), flags);
            int field = fields.slot(regex.field().canonical());
            Predicate<String> found = value -> compiled.matcher(value).find();
            return event -> anyValue(fields, field, found);
        }
        if (expr instanceof Expr.Match match) {
            Predicate<String> test = pattern(match.pattern(), match.cased());
            int field = fields.slot(match.field().canonical());
            return event -> anyValue(fields, field, test);
        }
        return anyOf((Expr.AnyOf) expr, fields);
    }

    private static Predicate<CanonicalEvent> anyOf(Expr.AnyOf anyOf, EventFields fields) {
        int field = fields.slot(anyOf.field().canonical());
        if (anyOf.field().type() == FieldType.LONG) {
            Set<Long> wanted = new HashSet<>();
            anyOf.values().forEach(value -> wanted.add(Long.parseLong(value)));
            return event -> fields.get(field) instanceof Long value && wanted.contains(value);
        }
        if (anyOf.field().type() == FieldType.IP) {
            Set<String> spelled = new HashSet<>(anyOf.values());
            Set<String> keys = new HashSet<>();
            anyOf.values().forEach(value -> keys.add(IpAddresses.key(value)));
            Predicate<String> same = remembered(value -> spelled.contains(value) || keys.contains(IpAddresses.key(value)));
            return event -> anyValue(fields, field, same);
        }
        if (anyOf.cased()) {
            Set<String> wanted = Set.copyOf(anyOf.values());
            Predicate<String> contained = wanted::contains;
            return event -> anyValue(fields, field, contained);
        }
        if (anyOf.values().size() <= 4) {
            String[] wanted = anyOf.values().toArray(String[]::new);
            Predicate<String> equal = value -> {
                for (String candidate : wanted) {
                    if (candidate.equalsIgnoreCase(value)) {
                        return true;
                    }
                }
                return false;
            };
            return event -> anyValue(fields, field, equal);
        }
        Set<String> lowered = new HashSet<>();
        anyOf.values().forEach(value -> lowered.add(value.toLowerCase(Locale.ROOT)));
        Predicate<String> contained = value -> lowered.contains(value.toLowerCase(Locale.ROOT));
        return event -> anyValue(fields, field, contained);
    }

    /** Distinct values a {@link #remembered} test keeps answers for before it starts over. */
    static final int REMEMBERED_VALUES = 4096;

    /**
     * The test with its answers remembered per value: for a test that depends only on the value and
     * costs more than a lookup (an ip compared by its parsed address), on values that repeat (a
     * tenant's client addresses). Starts over when {@link #REMEMBERED_VALUES} values are kept. Like
     * the engine that compiles it, not thread-safe.
     */
    static Predicate<String> remembered(Predicate<String> test) {
        java.util.HashMap<String, Boolean> answers = new java.util.HashMap<>();
        return value -> {
            Boolean answer = answers.get(value);
            if (answer == null) {
                if (answers.size() >= REMEMBERED_VALUES) {
                    answers.clear();
                }
                answer = test.test(value);
                answers.put(value, answer);
            }
            return answer;
        };
    }

    /** A string test for a wildcard pattern, specialised for the common shapes. */
    static Predicate<String> pattern(Pattern pattern, boolean cased) {
        String text = pattern.text();
        int length = text.length();
        switch (pattern.shape()) {
            case EXACT:
                return cased ? text::equals : text::equalsIgnoreCase;
            case PREFIX:
                return value -> value.regionMatches(!cased, 0, text, 0, length);
            case SUFFIX:
                return value -> value.length() >= length && value.regionMatches(!cased, value.length() - length, text, 0, length);
            case CONTAINS:
                return value -> contains(value, text, cased);
            default:
                java.util.regex.Pattern regex = java.util.regex.Pattern.compile(toRegex(pattern),
                        java.util.regex.Pattern.DOTALL
                                | (cased ? 0 : java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE));
                return value -> regex.matcher(value).matches();
        }
    }

    private static String toRegex(Pattern pattern) {
        StringBuilder regex = new StringBuilder();
        for (Pattern.Part part : pattern.parts()) {
            if (part instanceof Pattern.Text text) {
                regex.append(java.util.regex.Pattern.quote(text.text()));
            } else {
                regex.append(part instanceof Pattern.Star ? ".*" : ".");
            }
        }
        return regex.toString();
    }

    private static boolean contains(String value, String text, boolean cased) {
        int last = value.length() - text.length();
        for (int i = 0; i <= last; i++) {
            if (value.regionMatches(!cased, i, text, 0, text.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean compare(long value, Expr.Compare.Op op, long bound) {
        switch (op) {
            case GT:
                return value > bound;
            case GTE:
                return value >= bound;
            case LT:
                return value < bound;
            default:
                return value <= bound;
        }
    }

    /** Whether any value of the field (one, or each element of a list) passes. */
    private static boolean anyValue(EventFields fields, int field, Predicate<String> test) {
        Object value = fields.get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof List<?> list) {
            // event lists are immutable copies (random access): indexing spares an iterator per test
            for (int i = 0, size = list.size(); i < size; i++) {
                Object item = list.get(i);
                if (item != null && test.test(item.toString())) {
                    return true;
                }
            }
            return false;
        }
        return test.test(value instanceof String text ? text : value.toString());
    }
}
