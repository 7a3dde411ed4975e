package dev.forgewatch.detections.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a rule's {@code forgewatch: compare:} comparisons sit in its condition: the loader ANDs the
 * rule's Sigma condition with the OR of its comparisons, so a target that tests the comparisons
 * apart (a Kibana query rule: KQL for the condition, a script filter for the comparisons) can split
 * them off again.
 */
public final class FieldComparisons {
    private FieldComparisons() {
    }

    /**
     * @param rest    the condition without the comparisons
     * @param compare the comparisons (one {@link Expr.FieldCompare} or an OR of them), or null when the rule has none
     */
    public record Split(Expr rest, Expr compare) {
    }

    public static boolean present(Expr expr) {
        if (expr instanceof Expr.FieldCompare) {
            return true;
        }
        if (expr instanceof Expr.And and) {
            return and.items().stream().anyMatch(FieldComparisons::present);
        }
        if (expr instanceof Expr.Or or) {
            return or.items().stream().anyMatch(FieldComparisons::present);
        }
        return expr instanceof Expr.Not not && present(not.item());
    }

    /** The condition and its comparisons apart, or null when the comparisons are not one top-level conjunct. */
    public static Split split(Expr expr) {
        if (!present(expr)) {
            return new Split(expr, null);
        }
        if (!(expr instanceof Expr.And and)) {
            return null;
        }
        List<Expr> rest = new ArrayList<>();
        Expr compare = null;
        for (Expr item : and.items()) {
            if (!present(item)) {
                rest.add(item);
            } else if (compare == null && onlyComparisons(item)) {
                compare = item;
            } else {
                return null;
            }
        }
        return rest.isEmpty() ? null : new Split(Expr.and(rest), compare);
    }

    private static boolean onlyComparisons(Expr expr) {
        return expr instanceof Expr.FieldCompare
                || expr instanceof Expr.Or or && or.items().stream().allMatch(item -> item instanceof Expr.FieldCompare);
    }
}
