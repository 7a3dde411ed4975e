package dev.forgewatch.detections.compile.elastic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.compile.Targets;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.Pattern;
import dev.forgewatch.detections.rule.DetectionRule;

/**
 * Compiles conditions to Elasticsearch query DSL that runs on Elasticsearch 7.10 and later: bool,
 * term/terms (with {@code case_insensitive} where the rule ignores case), prefix, wildcard,
 * regexp, range and exists. This is what the agreement tests run against a real node: the same
 * events the engine matches, now matched by Elasticsearch itself.
 */
public final class EsDsl {
    private EsDsl() {
    }

    /** The rule's condition scoped to its dataset, as a query object. */
    public static ObjectNode rule(DetectionRule rule) {
        ObjectNode condition = expr(rule.expr());
        String dataset = Targets.dataset(rule);
        if (dataset == null) {
            return condition;
        }
        ObjectNode bool = Json.MAPPER.createObjectNode();
        ArrayNode filter = bool.putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("event.dataset", dataset);
        filter.add(condition);
        return bool;
    }

    public static ObjectNode expr(Expr expr) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (expr instanceof Expr.And and) {
            ArrayNode filter = node.putObject("bool").putArray("filter");
            and.items().forEach(item -> filter.add(expr(item)));
        } else if (expr instanceof Expr.Or or) {
            ObjectNode bool = node.putObject("bool");
            ArrayNode should = bool.putArray("should");
            or.items().forEach(item -> should.add(expr(item)));
            bool.put("minimum_should_match", 1);
        } else if (expr instanceof Expr.Not not) {
            node.putObject("bool").putArray("must_not").add(expr(not.item()));
        } else if (expr instanceof Expr.AnyOf anyOf) {
            return anyOf(anyOf);
        } else if (expr instanceof Expr.Match match) {
            String field = Targets.ecs(match.field());
            ObjectNode query;
            if (match.pattern().shape() == Pattern.Shape.PREFIX) {
                query = node.putObject("prefix").putObject(field);
                query.put("value", match.pattern().text());
            } else {
                query = node.putObject("wildcard").putObject(field);
                query.put("value", match.pattern().toSigma()); // the wildcard query reads Sigma's notation
            }
            if (!match.cased()) {
                query.put("case_insensitive", true);
            }
        } else if (expr instanceof Expr.Regex regex) {
            ObjectNode query = node.putObject("regexp").putObject(Targets.ecs(regex.field()));
            query.put("value", regex.regex().lucene());
            if (regex.ignoreCase()) {
                query.put("case_insensitive", true);
            }
        } else if (expr instanceof Expr.Cidr cidr) {
            node.putObject("term").put(Targets.ecs(cidr.field()), cidr.network().text());
        } else if (expr instanceof Expr.Compare compare) {
            node.putObject("range").putObject(Targets.ecs(compare.field())).put(compare.op().name().toLowerCase(java.util.Locale.ROOT), compare.value());
        } else if (expr instanceof Expr.FieldCompare compare) {
            return script(compare);
        } else if (expr instanceof Expr.BoolIs bool) {
            node.putObject("term").put(Targets.ecs(bool.field()), bool.value());
        } else {
            node.putObject("exists").put("field", Targets.ecs(((Expr.Exists) expr).field()));
        }
        return node;
    }

    /**
     * A two-field date comparison as a {@code script} query (Painless): both fields single-valued and
     * present, {@code field op other + offset} in epoch milliseconds. Runs on Elasticsearch 7.10 and later;
     * a Kibana query rule carries it as a filter.
     */
    public static ObjectNode script(Expr.FieldCompare compare) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ObjectNode script = node.putObject("script").putObject("script");
        script.put("lang", "painless");
        script.put("source", "doc.containsKey(params.field) && doc.containsKey(params.other)"
                + " && doc[params.field].size() == 1 && doc[params.other].size() == 1"
                + " && doc[params.field].value.toInstant().toEpochMilli() " + compare.op().symbol()
                + " doc[params.other].value.toInstant().toEpochMilli() + params.offset_ms");
        ObjectNode params = script.putObject("params");
        params.put("field", Targets.ecs(compare.field()));
        params.put("other", Targets.ecs(compare.other()));
        params.put("offset_ms", compare.offsetSeconds() * 1000);
        return node;
    }

    private static ObjectNode anyOf(Expr.AnyOf anyOf) {
        String field = Targets.ecs(anyOf.field());
        ObjectNode node = Json.MAPPER.createObjectNode();
        boolean text = anyOf.field().type() != FieldType.LONG && anyOf.field().type() != FieldType.IP;
        if (text && !anyOf.cased()) {
            if (anyOf.values().size() == 1) {
                return term(field, anyOf.values().get(0));
            }
            ObjectNode bool = node.putObject("bool");
            ArrayNode should = bool.putArray("should");
            anyOf.values().forEach(value -> should.add(term(field, value)));
            bool.put("minimum_should_match", 1);
            return node;
        }
        ArrayNode values = node.putObject("terms").putArray(field);
        anyOf.values().forEach(value -> {
            if (anyOf.field().type() == FieldType.LONG) {
                values.add(Long.parseLong(value));
            } else {
                values.add(value);
            }
        });
        return node;
    }

    private static ObjectNode term(String field, String value) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ObjectNode term = node.putObject("term").putObject(field);
        term.put("value", value);
        term.put("case_insensitive", true);
        return node;
    }
}
