package dev.forgewatch.splunk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.detections.compile.splunk.Setting;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.spl.EvalExpr;
import dev.forgewatch.splunk.spl.EvalParser;
import dev.forgewatch.splunk.spl.SplSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Splunk does at search time with one props.conf stanza, as far as the generated settings
 * use it: KV_MODE=json field extraction, then FIELDALIAS, then every EVAL computed from the fields
 * before any EVAL (Splunk evaluates them independently). Values are null, a String, or a
 * {@code List<String>} for multivalue fields. Only the eval functions the generators write are known.
 */
public final class PropsEmulator {
    private PropsEmulator() {
    }

    public static Map<String, Object> apply(Stanza stanza, JsonNode record) throws SplSyntaxException {
        Map<String, Object> fields = kvJson(record);
        for (Setting setting : stanza.settings()) {
            if (setting.key().startsWith("FIELDALIAS-")) {
                String[] parts = setting.value().split("\\s+(?i:AS)\\s+");
                Object value = fields.get(parts[0]);
                if (value != null) {
                    fields.put(parts[1], value);
                }
            }
        }
        Map<String, Object> evaluated = new LinkedHashMap<>();
        Context context = new Context(fields, record.toString());
        for (Setting setting : stanza.settings()) {
            if (setting.key().startsWith("EVAL-")) {
                evaluated.put(setting.key().substring(5), context.eval(EvalParser.parse(setting.value())));
            }
        }
        evaluated.forEach((name, value) -> {
            if (value == null) {
                fields.remove(name);
            } else {
                fields.put(name, value);
            }
        });
        return fields;
    }

    /** KV_MODE=json: nested members as a.b, array elements as a{} / a{}.b, multivalue when repeated. */
    public static Map<String, Object> kvJson(JsonNode record) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        flatten("", record, values);
        Map<String, Object> fields = new LinkedHashMap<>();
        values.forEach((name, list) -> fields.put(name, list.size() == 1 ? list.get(0) : new ArrayList<>(list)));
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, List<String>> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(member ->
                    flatten(prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey(), member.getValue(), out));
        } else if (node.isArray()) {
            node.forEach(element -> flatten(prefix + "{}", element, out));
        } else if (!node.isNull()) {
            out.computeIfAbsent(prefix, k -> new ArrayList<>()).add(node.asText());
        }
    }

    private record Context(Map<String, Object> fields, String raw) {
        Object eval(EvalExpr expr) {
            if (expr instanceof EvalExpr.Text text) {
                return text.value();
            }
            if (expr instanceof EvalExpr.Number number) {
                return number.literal();
            }
            if (expr instanceof EvalExpr.Field field) {
                return field.name().equals("_raw") ? raw : fields.get(field.name());
            }
            if (expr instanceof EvalExpr.Unary unary && unary.op().equals("NOT")) {
                return !truth(eval(unary.operand()));
            }
            if (expr instanceof EvalExpr.Binary binary) {
                return binary(binary);
            }
            if (expr instanceof EvalExpr.Call call) {
                return call(call.name(), call.args());
            }
            throw new IllegalArgumentException("not emulated: " + expr);
        }

        private Object binary(EvalExpr.Binary binary) {
            switch (binary.op()) {
                case "AND":
                    return truth(eval(binary.left())) && truth(eval(binary.right()));
                case "OR":
                    return truth(eval(binary.left())) || truth(eval(binary.right()));
                case "==":
                case "!=": {
                    Object left = eval(binary.left());
                    Object right = eval(binary.right());
                    if (left == null || right == null) {
                        return false;
                    }
                    boolean equal = values(left).stream().anyMatch(values(right)::contains);
                    return binary.op().equals("==") == equal;
                }
                default:
                    throw new IllegalArgumentException("operator not emulated: " + binary.op());
            }
        }

        private Object call(String name, List<EvalExpr> args) {
            switch (name) {
                case "coalesce":
                    for (EvalExpr arg : args) {
                        Object value = eval(arg);
                        if (value != null) {
                            return value;
                        }
                    }
                    return null;
                case "case":
                    for (int i = 0; i + 1 < args.size(); i += 2) {
                        if (truth(eval(args.get(i)))) {
                            return eval(args.get(i + 1));
                        }
                    }
                    return null;
                case "if":
                    return truth(eval(args.get(0))) ? eval(args.get(1)) : eval(args.get(2));
                case "isnotnull":
                    return eval(args.get(0)) != null;
                case "isnull":
                    return eval(args.get(0)) == null;
                case "null":
                    return null;
                case "nullif": {
                    Object value = eval(args.get(0));
                    return value != null && value.equals(eval(args.get(1))) ? null : value;
                }
                case "lower":
                    return map(eval(args.get(0)), v -> v.toLowerCase(Locale.ROOT));
                case "in": {
                    Object value = eval(args.get(0));
                    return value != null && args.subList(1, args.size()).stream().anyMatch(a -> values(value).contains(eval(a)));
                }
                case "match": {
                    Object value = eval(args.get(0));
                    return value != null && Pattern.compile((String) eval(args.get(1))).matcher(value.toString()).find();
                }
                case "replace":
                    return map(eval(args.get(0)), v -> Pattern.compile((String) eval(args.get(1))).matcher(v)
                            .replaceAll(((String) eval(args.get(2))).replaceAll("\\\\(\\d)", "\\$$1")));
                case "tonumber":
                    return map(eval(args.get(0)), v -> v.matches("-?\\d+(\\.\\d+)?") ? v : null);
                case "mvindex": {
                    Object list = eval(args.get(0));
                    Object index = eval(args.get(1));
                    if (list == null || index == null) {
                        return null;
                    }
                    List<String> items = values(list);
                    int at = Integer.parseInt(index.toString());
                    return at < items.size() ? items.get(at) : null;
                }
                case "mvfind": {
                    Object list = eval(args.get(0));
                    if (list == null) {
                        return null;
                    }
                    Pattern regex = Pattern.compile((String) eval(args.get(1)));
                    List<String> items = values(list);
                    for (int i = 0; i < items.size(); i++) {
                        if (regex.matcher(items.get(i)).find()) {
                            return String.valueOf(i);
                        }
                    }
                    return null;
                }
                case "mvappend": {
                    List<String> all = new ArrayList<>();
                    args.forEach(arg -> all.addAll(values(eval(arg))));
                    return multi(all);
                }
                case "mvdedup":
                    return multi(new ArrayList<>(new LinkedHashSet<>(values(eval(args.get(0))))));
                case "mvzip": {
                    Object left = eval(args.get(0));
                    Object right = eval(args.get(1));
                    if (left == null || right == null) {
                        return null;
                    }
                    List<String> zipped = new ArrayList<>();
                    for (int i = 0; i < Math.min(values(left).size(), values(right).size()); i++) {
                        zipped.add(values(left).get(i) + eval(args.get(2)) + values(right).get(i));
                    }
                    return multi(zipped);
                }
                case "mvcount": {
                    Object value = eval(args.get(0));
                    return value == null ? null : String.valueOf(values(value).size());
                }
                case "spath":
                    return spath((String) eval(args.get(0)), (String) eval(args.get(1)));
                default:
                    throw new IllegalArgumentException("eval function not emulated: " + name);
            }
        }

        /** spath over JSON text with a{}.b paths: every value found, objects as their JSON. */
        private static Object spath(String json, String path) {
            try {
                List<JsonNode> current = List.of(dev.forgewatch.common.json.Json.MAPPER.readTree(json));
                Matcher steps = Pattern.compile("([^.{}]+)|(\\{\\})").matcher(path);
                while (steps.find()) {
                    List<JsonNode> next = new ArrayList<>();
                    for (JsonNode node : current) {
                        if (steps.group(2) != null) {
                            node.forEach(next::add);
                        } else if (node.has(steps.group(1))) {
                            next.add(node.get(steps.group(1)));
                        }
                    }
                    current = next;
                }
                return multi(current.stream().map(n -> n.isValueNode() ? n.asText() : n.toString()).toList());
            } catch (java.io.IOException e) {
                return null;
            }
        }

        private static Object map(Object value, java.util.function.Function<String, String> function) {
            if (value == null) {
                return null;
            }
            return multi(values(value).stream().map(function).filter(java.util.Objects::nonNull).toList());
        }

        @SuppressWarnings("unchecked")
        private static List<String> values(Object value) {
            if (value == null) {
                return List.of();
            }
            return value instanceof List ? (List<String>) value : List.of(value.toString());
        }

        private static Object multi(List<String> values) {
            return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : values;
        }

        private static boolean truth(Object value) {
            return value instanceof Boolean b ? b : value != null;
        }
    }
}
