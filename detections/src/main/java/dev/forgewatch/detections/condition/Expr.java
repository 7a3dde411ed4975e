package dev.forgewatch.detections.condition;

import java.util.List;

/**
 * A rule's condition after its selections are resolved: the one form that the engine and every
 * compiler (KQL, EQL, Lucene, Elasticsearch DSL, ES|QL, SPL) translate. String tests are
 * case-insensitive unless {@code cased} (Sigma's default and its {@code cased} modifier). On a
 * multi-valued field a test holds when any value passes.
 */
public sealed interface Expr {

    record And(List<Expr> items) implements Expr {
        public And {
            items = List.copyOf(items);
        }
    }

    record Or(List<Expr> items) implements Expr {
        public Or {
            items = List.copyOf(items);
        }
    }

    record Not(Expr item) implements Expr {
    }

    /**
     * The field equals one of the values (keyword, ip or long fields).
     *
     * @param lookup the lookup file the values were expanded from ({@code |expand}), else null
     */
    record AnyOf(FieldRef field, List<String> values, boolean cased, String lookup) implements Expr {
        public AnyOf {
            values = List.copyOf(values);
        }
    }

    /** The field matches a wildcard pattern (keyword fields). */
    record Match(FieldRef field, Pattern pattern, boolean cased) implements Expr {
    }

    /** The field contains a match of the regular expression (portable subset, see {@link PortableRegex}). */
    record Regex(FieldRef field, PortableRegex regex, boolean ignoreCase) implements Expr {
    }

    /** The ip field lies in the CIDR block. */
    record Cidr(FieldRef field, IpNetwork network) implements Expr {
    }

    /** A numeric comparison on a long field. */
    record Compare(FieldRef field, Op op, long value) implements Expr {
        public enum Op {
            GT(">"), GTE(">="), LT("<"), LTE("<=");

            private final String symbol;

            Op(String symbol) {
                this.symbol = symbol;
            }

            public String symbol() {
                return symbol;
            }
        }
    }

    /**
     * ForgeWatch's two-field comparison ({@code forgewatch: compare:}, docs/rule-format.md): the date
     * {@code field} compared with the date {@code other} shifted by {@code offsetSeconds}, i.e.
     * {@code field op other + offset}. False when either field is absent.
     */
    record FieldCompare(FieldRef field, Compare.Op op, FieldRef other, long offsetSeconds) implements Expr {
        /** As the rule writes it, e.g. {@code TokenIssuedAt > CreationTime + 5m}. */
        public String text() {
            return field.sigmaName() + " " + op.symbol() + " " + other.sigmaName() + (offsetSeconds == 0 ? ""
                    : (offsetSeconds > 0 ? " + " : " - ") + offsetText(Math.abs(offsetSeconds)));
        }

        private static String offsetText(long seconds) {
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        }
    }

    /** A boolean field has this value. */
    record BoolIs(FieldRef field, boolean value) implements Expr {
    }

    /** The field is present (use {@link Not} for absent). */
    record Exists(FieldRef field) implements Expr {
    }

    static Expr and(List<Expr> items) {
        return items.size() == 1 ? items.get(0) : new And(items);
    }

    static Expr or(List<Expr> items) {
        return items.size() == 1 ? items.get(0) : new Or(items);
    }
}
