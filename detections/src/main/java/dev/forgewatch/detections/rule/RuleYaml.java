package dev.forgewatch.detections.rule;

import dev.forgewatch.detections.yaml.YamlList;
import dev.forgewatch.detections.yaml.YamlMap;
import dev.forgewatch.detections.yaml.YamlNode;
import dev.forgewatch.detections.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a rule document's YAML: the one place rule loading turns nodes into mappings,
 * values and text. Each read fails with the line and what was expected ("'logsource' must be a
 * mapping, not a list"). A key holding YAML null counts as absent.
 */
final class RuleYaml {
    private RuleYaml() {
    }

    /** The mapping under {@code key}. */
    static YamlMap map(YamlMap parent, String key) {
        return required(parent, key, optionalMap(parent, key));
    }

    /** The mapping under {@code key}, or null when the key is absent. */
    static YamlMap optionalMap(YamlMap parent, String key) {
        return optionalMap(parent, key, "a mapping");
    }

    /** The mapping under {@code key}, or null when the key is absent; {@code wanted} says what it should be, for the error. */
    static YamlMap optionalMap(YamlMap parent, String key, String wanted) {
        YamlNode value = present(parent, key);
        if (value == null) {
            return null;
        }
        if (value instanceof YamlMap map) {
            return map;
        }
        throw wrongShape(key, wanted, value);
    }

    /** The single value under {@code key}; {@code wanted} says what it should be, for the error. */
    static YamlScalar value(YamlMap parent, String key, String wanted) {
        return required(parent, key, optionalValue(parent, key, wanted));
    }

    /** The single value under {@code key}, or null when the key is absent. */
    static YamlScalar optionalValue(YamlMap parent, String key, String wanted) {
        YamlNode value = present(parent, key);
        if (value == null) {
            return null;
        }
        if (value instanceof YamlScalar scalar) {
            return scalar;
        }
        throw wrongShape(key, wanted, value);
    }

    /** The text under {@code key}, which must not be blank. */
    static String text(YamlMap parent, String key) {
        YamlScalar value = value(parent, key, "text");
        if (value.text().isBlank()) {
            throw new InvalidRule(value.line(), "value is empty");
        }
        return value.text();
    }

    /** The text under {@code key}, or null when the key is absent. */
    static String optionalText(YamlMap parent, String key) {
        YamlScalar value = optionalValue(parent, key, "text");
        return value == null ? null : value.text();
    }

    /** A node that must be one value (not null); {@code what} names it in the error. */
    static YamlScalar value(YamlNode node, String what) {
        if (!(node instanceof YamlScalar scalar) || scalar.isNull()) {
            throw new InvalidRule(node.line(), "'" + what + "' must be a single value");
        }
        return scalar;
    }

    /** A text or a list of texts. */
    static List<String> texts(YamlNode node, String what) {
        if (node instanceof YamlScalar scalar && !scalar.isNull()) {
            return List.of(scalar.text());
        }
        if (node instanceof YamlList list) {
            List<String> out = new ArrayList<>();
            for (YamlNode item : list.items()) {
                out.add(value(item, what + " item").text());
            }
            return out;
        }
        throw new InvalidRule(node.line(), "'" + what + "' must be text or a list of text");
    }

    /** The text or list of texts under {@code key}; empty when the key is absent. */
    static List<String> optionalTexts(YamlMap parent, String key) {
        return parent.has(key) ? texts(parent.get(key), key) : List.of();
    }

    /** A field's values in a selection: one value or a list of them; YAML null stays (it means "field absent"). */
    static List<YamlScalar> fieldValues(YamlNode node) {
        if (node instanceof YamlScalar scalar) {
            return List.of(scalar);
        }
        if (node instanceof YamlList list) {
            List<YamlScalar> out = new ArrayList<>();
            for (YamlNode item : list.items()) {
                if (!(item instanceof YamlScalar scalar)) {
                    throw new InvalidRule(item.line(), "a field's values must be plain values, not " + item.describe());
                }
                out.add(scalar);
            }
            return out;
        }
        throw new InvalidRule(node.line(), "a field's value must be a value or a list of values, not " + node.describe());
    }

    private static YamlNode present(YamlMap parent, String key) {
        YamlNode value = parent.get(key);
        return value instanceof YamlScalar scalar && scalar.isNull() ? null : value;
    }

    private static <T> T required(YamlMap parent, String key, T value) {
        if (value == null) {
            throw new InvalidRule(parent.line(), "missing '" + key + "'");
        }
        return value;
    }

    private static InvalidRule wrongShape(String key, String wanted, YamlNode value) {
        return new InvalidRule(value.line(), "'" + key + "' must be " + wanted + ", not " + value.describe());
    }
}
