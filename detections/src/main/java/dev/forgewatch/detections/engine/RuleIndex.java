package dev.forgewatch.detections.engine;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which detection rules an event can meet: by event kind (the rule's logsource) and, when the
 * rule's condition requires specific {@code Operation} values, by operation. A MailItemsAccessed
 * record is only tested against the rules that could match it, in pack order.
 */
final class RuleIndex {
    /** A compiled detection rule and what to do with its matches. */
    record Matcher(DetectionRule rule, Predicate<CanonicalEvent> predicate, MatchListener[] listeners) {
    }

    private static final Matcher[] NONE = new Matcher[0];

    private final Map<SourceKind, Matcher[]> anyOperation = new EnumMap<>(SourceKind.class);
    private final Map<SourceKind, Map<String, Matcher[]>> byOperation = new EnumMap<>(SourceKind.class);
    /** The same buckets under the operation names as the rules spell them: audit records use that spelling. */
    private final Map<SourceKind, Map<String, Matcher[]>> bySpelling = new EnumMap<>(SourceKind.class);
    /**
     * Operation values spelled otherwise (no rule names them, or in another case), each with the bucket it came to, so
     * an operation is lower-cased once per run rather than once per event; up to {@link #RESOLVED} values a kind.
     */
    private final Map<SourceKind, Map<String, Matcher[]>> resolved = new EnumMap<>(SourceKind.class);
    static final int RESOLVED = 1024;

    RuleIndex(List<Matcher> matchers) {
        for (SourceKind kind : SourceKind.values()) {
            List<Matcher> unconstrained = new ArrayList<>();
            Map<String, List<Matcher>> constrained = new HashMap<>();
            for (Matcher matcher : matchers) {
                if (!matcher.rule().logsource().kinds().contains(kind)) {
                    continue;
                }
                Set<String> operations = constraint(matcher.rule().expr()).operations();
                if (operations == null) {
                    unconstrained.add(matcher);
                } else {
                    operations.forEach(operation -> constrained.computeIfAbsent(operation, o -> new ArrayList<>()).add(matcher));
                }
            }
            anyOperation.put(kind, unconstrained.toArray(NONE));
            Map<String, Matcher[]> merged = new HashMap<>();
            constrained.forEach((operation, list) -> {
                List<Matcher> all = new ArrayList<>(list);
                all.addAll(unconstrained);
                all.sort((a, b) -> Integer.compare(matchers.indexOf(a), matchers.indexOf(b)));
                merged.put(operation, all.toArray(NONE));
            });
            byOperation.put(kind, merged);
            Map<String, Matcher[]> spelled = new HashMap<>();
            for (Matcher matcher : matchers) {
                for (String spelling : spellings(matcher.rule().expr())) {
                    Matcher[] bucket = merged.get(spelling.toLowerCase(Locale.ROOT));
                    if (bucket != null) {
                        spelled.put(spelling, bucket);
                    }
                }
            }
            bySpelling.put(kind, spelled);
            resolved.put(kind, new HashMap<>());
        }
    }

    /** Every Operation value a condition names, as written. */
    private static List<String> spellings(Expr expr) {
        List<String> out = new ArrayList<>();
        if (isOperationTest(expr)) {
            out.addAll(((Expr.AnyOf) expr).values());
        } else if (expr instanceof Expr.And and) {
            and.items().forEach(item -> out.addAll(spellings(item)));
        } else if (expr instanceof Expr.Or or) {
            or.items().forEach(item -> out.addAll(spellings(item)));
        }
        return out;
    }

    /** The rules an event of this kind and {@code Operation} value (null: none) can meet, in pack order. */
    Matcher[] candidates(SourceKind kind, String operation) {
        if (operation != null) {
            Matcher[] matchers = bySpelling.get(kind).get(operation);
            if (matchers != null) {
                return matchers;
            }
            Map<String, Matcher[]> seen = resolved.get(kind);
            matchers = seen.get(operation);
            if (matchers != null) {
                return matchers;
            }
            matchers = byOperation.get(kind).get(operation.toLowerCase(Locale.ROOT));
            if (matchers == null) {
                matchers = anyOperation.get(kind);
            }
            if (seen.size() < RESOLVED) {
                seen.put(operation, matchers);
            }
            return matchers;
        }
        return anyOperation.get(kind);
    }


    /**
     * What a condition requires of {@code Operation}: the lower-cased values, or null when it does
     * not pin the operation; and the rest of the condition for events the index already filtered,
     * where a top-level Operation test is dropped because the index guarantees it (null: nothing
     * is left to test).
     */
    record Constraint(Set<String> operations, Expr residual) {
    }

    static Constraint constraint(Expr expr) {
        if (isOperationTest(expr)) {
            return new Constraint(lowered((Expr.AnyOf) expr), null);
        }
        if (expr instanceof Expr.And) {
            List<Expr> conjuncts = new ArrayList<>();
            flatten(expr, conjuncts);
            for (int i = 0; i < conjuncts.size(); i++) {
                if (isOperationTest(conjuncts.get(i))) {
                    List<Expr> rest = new ArrayList<>(conjuncts);
                    rest.remove(i);
                    return new Constraint(lowered((Expr.AnyOf) conjuncts.get(i)), rest.size() == 1 ? rest.get(0) : new Expr.And(rest));
                }
            }
            for (Expr conjunct : conjuncts) {
                Constraint inner = constraint(conjunct);
                if (inner.operations() != null) {
                    return new Constraint(inner.operations(), expr);
                }
            }
            return new Constraint(null, expr);
        }
        if (expr instanceof Expr.Or or) {
            Set<String> union = new HashSet<>();
            for (Expr item : or.items()) {
                Set<String> values = constraint(item).operations();
                if (values == null) {
                    return new Constraint(null, expr);
                }
                union.addAll(values);
            }
            return new Constraint(union, expr);
        }
        return new Constraint(null, expr);
    }

    private static boolean isOperationTest(Expr expr) {
        return expr instanceof Expr.AnyOf anyOf && anyOf.field().canonical().equals(Fields.OPERATION) && !anyOf.cased();
    }

    private static Set<String> lowered(Expr.AnyOf anyOf) {
        Set<String> values = new HashSet<>();
        anyOf.values().forEach(value -> values.add(value.toLowerCase(Locale.ROOT)));
        return values;
    }

    private static void flatten(Expr expr, List<Expr> out) {
        if (expr instanceof Expr.And and) {
            and.items().forEach(item -> flatten(item, out));
        } else {
            out.add(expr);
        }
    }
}
