package dev.forgewatch.common.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path into a raw JSON record, in the small language of {@code docs/mapping.md}:
 * <ul>
 *   <li>{@code A.B} nested member (a record may also carry the literal key {@code "A.B"});</li>
 *   <li>{@code A[]} every element of array A; {@code A[].B} member B of each element;</li>
 *   <li>{@code A[Name=X].Value} the Value of the first element of A whose Name is X;</li>
 *   <li>{@code const:TEXT} the literal TEXT;</li>
 *   <li>a suffix {@code |count} (number of values found) or {@code |pairs} ({@code Name=Value}
 *       strings from Name/Value or Name/NewValue objects).</li>
 * </ul>
 */
public final class SourcePath {
    /** One step of a path. */
    public sealed interface Step permits Member, Each, Select {
    }

    /** An object member. */
    public record Member(String name) implements Step {
    }

    /** Every element of an array. */
    public record Each() implements Step {
    }

    /** The first array element whose {@code key} member equals {@code value}. */
    public record Select(String key, String value) implements Step {
    }

    /** What to do with the values a path finds. */
    public enum Transform {
        NONE, COUNT, PAIRS
    }

    private final String text;
    private final List<Step> steps;
    private final Transform transform;
    private final String constant;
    /** The member names when the path is members only (the common case), else null. */
    private final String[] members;
    /** For two or more plain members, {@code "a.b"} as one key (see {@link #literalDottedMember}), else null. */
    private final String literalKey;
    /** The steps as an array, the place of the last {@link Each} step (-1: none), a constant's node. */
    private final Step[] stepArray;
    private final int lastEach;
    private final JsonNode constantNode;

    private SourcePath(String text, List<Step> steps, Transform transform, String constant) {
        this.text = text;
        this.steps = List.copyOf(steps);
        this.transform = transform;
        this.constant = constant;
        boolean membersOnly = constant == null && transform == Transform.NONE
                && steps.stream().allMatch(step -> step instanceof Member);
        this.members = membersOnly ? steps.stream().map(step -> ((Member) step).name()).toArray(String[]::new) : null;
        this.literalKey = steps.size() >= 2 && steps.stream().allMatch(step -> step instanceof Member)
                ? String.join(".", steps.stream().map(step -> ((Member) step).name()).toList()) : null;
        this.stepArray = steps.toArray(Step[]::new);
        this.lastEach = steps.lastIndexOf(new Each());
        this.constantNode = constant == null ? null : JsonNodeFactory.instance.textNode(constant);
    }

    public static SourcePath parse(String text) {
        Objects.requireNonNull(text, "path");
        if (text.startsWith("const:")) {
            return new SourcePath(text, List.of(), Transform.NONE, text.substring("const:".length()));
        }
        String body = text;
        Transform transform = Transform.NONE;
        int bar = text.lastIndexOf('|');
        if (bar >= 0) {
            body = text.substring(0, bar);
            String name = text.substring(bar + 1);
            switch (name) {
                case "count":
                    transform = Transform.COUNT;
                    break;
                case "pairs":
                    transform = Transform.PAIRS;
                    break;
                default:
                    throw new IllegalArgumentException("unknown transform '|" + name + "' in path '" + text + "'");
            }
        }
        return new SourcePath(text, parseSteps(body, text), transform, null);
    }

    private static List<Step> parseSteps(String body, String text) {
        List<Step> steps = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '.') {
                flushMember(name, steps, text);
                i++;
            } else if (c == '[') {
                flushMember(name, steps, text);
                int close = body.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' in path '" + text + "'");
                }
                String inside = body.substring(i + 1, close);
                if (inside.isEmpty()) {
                    steps.add(new Each());
                } else {
                    int eq = inside.indexOf('=');
                    if (eq <= 0 || eq == inside.length() - 1) {
                        throw new IllegalArgumentException("expected [Key=Value] in path '" + text + "'");
                    }
                    steps.add(new Select(inside.substring(0, eq), inside.substring(eq + 1)));
                }
                i = close + 1;
            } else {
                name.append(c);
                i++;
            }
        }
        flushMember(name, steps, text);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("empty path '" + text + "'");
        }
        return steps;
    }

    private static void flushMember(StringBuilder name, List<Step> steps, String text) {
        if (name.length() > 0) {
            steps.add(new Member(name.toString()));
            name.setLength(0);
        }
    }

    public String text() {
        return text;
    }

    public List<Step> steps() {
        return steps;
    }

    public Transform transform() {
        return transform;
    }

    /** The literal of a {@code const:} path, else null. */
    public String constant() {
        return constant;
    }

    /** The top-level member this path starts at, or null for a constant. */
    public String rootMember() {
        return steps.isEmpty() ? null : ((Member) steps.get(0)).name();
    }

    /** The member names when the path is object members only, without transform (the common case), else null. */
    public List<String> memberNames() {
        return members == null ? null : List.of(members);
    }

    /**
     * The key {@code "a.b"} a record flattened by a shipper may carry for a path of two or more members
     * (read before the nested members), else null.
     */
    public String literalKey() {
        return literalKey;
    }

    /** True when the path is one plain member: the raw field is consumed whole by the mapping. */
    public boolean isPlainMember() {
        return constant == null && transform == Transform.NONE && steps.size() == 1;
    }

    /**
     * The first value this path finds, or null: the same as {@code evaluate(record).get(0)}, without
     * building lists for the common members-only paths (the normalizer calls this per field per record).
     */
    public JsonNode first(JsonNode record) {
        if (members == null) {
            List<JsonNode> found = evaluate(record);
            return found.isEmpty() ? null : found.get(0);
        }
        return firstMember(record);
    }

    /** {@link #first(JsonNode)}, with {@code scratch} (emptied) to hold the values of a path into arrays. */
    public JsonNode first(JsonNode record, List<JsonNode> scratch) {
        if (members == null && constant == null && transform == Transform.NONE) {
            // no transform: the first value found is the first of all, so the walk stops there
            JsonNode literal = literalDottedMember(record);
            return literal != null ? literal : walkFirst(record, 0);
        }
        if (members == null) {
            scratch.clear();
            evaluateInto(record, scratch);
            JsonNode found = scratch.isEmpty() ? null : scratch.get(0);
            scratch.clear();
            return found;
        }
        return firstMember(record);
    }

    private JsonNode firstMember(JsonNode record) {
        if (literalKey != null) {
            JsonNode literal = record.get(literalKey);
            if (literal != null && !literal.isNull()) {
                return literal;
            }
        }
        JsonNode node = record;
        for (String member : members) {
            node = node.get(member);
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }

    /**
     * The values this path finds in a record, after its transform; empty when nothing is found.
     * Missing members and JSON nulls are "nothing"; a {@code |count} over a missing array is nothing,
     * over an empty array it is 0.
     */
    public List<JsonNode> evaluate(JsonNode record) {
        List<JsonNode> found = new ArrayList<>(4);
        evaluateInto(record, found);
        return found;
    }

    /**
     * Appends to {@code out} what {@link #evaluate(JsonNode)} returns, without lists of its own: a walk of
     * the record, step by step, element by element (the order of the values is the same).
     */
    public void evaluateInto(JsonNode record, List<JsonNode> out) {
        if (constant != null) {
            out.add(constantNode);
            return;
        }
        int start = out.size();
        boolean arrayFound;
        JsonNode literal = literalDottedMember(record);
        if (literal != null) {
            out.add(literal);
            arrayFound = false;
        } else {
            arrayFound = walk(record, 0, out);
        }
        switch (transform) {
            case COUNT:
                int count = out.size() - start;
                truncate(out, start);
                if (count > 0 || arrayFound) {
                    out.add(JsonNodeFactory.instance.numberNode((long) count));
                }
                break;
            case PAIRS:
                int kept = start;
                for (int i = start, end = out.size(); i < end; i++) {
                    JsonNode pair = pair(out.get(i));
                    if (pair != null) {
                        out.set(kept++, pair);
                    }
                }
                truncate(out, kept);
                break;
            default:
                break;
        }
    }

    private static void truncate(List<JsonNode> list, int size) {
        for (int i = list.size() - 1; i >= size; i--) {
            list.remove(i);
        }
    }

    /**
     * Appends what the steps from {@code index} find under {@code node}; true when the innermost array
     * step met an array (|count tells "no array" from "empty array" by it).
     */
    private boolean walk(JsonNode node, int index, List<JsonNode> out) {
        if (index == stepArray.length) {
            out.add(node);
            return false;
        }
        Step step = stepArray[index];
        if (step instanceof Member member) {
            JsonNode child = node.get(member.name());
            return child != null && !child.isNull() && walk(child, index + 1, out);
        }
        if (!node.isArray()) {
            return false;
        }
        if (step instanceof Each) {
            boolean found = index == lastEach;
            for (int i = 0, size = node.size(); i < size; i++) {
                found |= walk(node.get(i), index + 1, out);
            }
            return found;
        }
        Select select = (Select) step;
        for (int i = 0, size = node.size(); i < size; i++) {
            JsonNode element = node.get(i);
            JsonNode key = element.get(select.key());
            if (key != null && select.value().equals(key.asText())) {
                return walk(element, index + 1, out);
            }
        }
        return false;
    }

    /** The first value {@link #walk} would append from {@code index} under {@code node}, or null. */
    private JsonNode walkFirst(JsonNode node, int index) {
        if (index == stepArray.length) {
            return node;
        }
        Step step = stepArray[index];
        if (step instanceof Member member) {
            JsonNode child = node.get(member.name());
            return child == null || child.isNull() ? null : walkFirst(child, index + 1);
        }
        if (!node.isArray()) {
            return null;
        }
        if (step instanceof Each) {
            for (int i = 0, size = node.size(); i < size; i++) {
                JsonNode found = walkFirst(node.get(i), index + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        Select select = (Select) step;
        for (int i = 0, size = node.size(); i < size; i++) {
            JsonNode element = node.get(i);
            JsonNode key = element.get(select.key());
            if (key != null && select.value().equals(key.asText())) {
                return walkFirst(element, index + 1);
            }
        }
        return null;
    }

    /** Records flattened by some shippers carry {@code "a.b"} as one key; honour that first. */
    private JsonNode literalDottedMember(JsonNode record) {
        if (literalKey == null || !record.isObject()) {
            return null;
        }
        JsonNode value = record.get(literalKey);
        return value == null || value.isNull() ? null : value;
    }

    private static JsonNode pair(JsonNode node) {
        JsonNode name = node.get("Name");
        if (name == null || name.isNull()) {
            return null;
        }
        JsonNode value = node.has("Value") ? node.get("Value") : node.get("NewValue");
        String valueText = value == null || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
        return JsonNodeFactory.instance.textNode(name.asText() + "=" + valueText);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourcePath that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
