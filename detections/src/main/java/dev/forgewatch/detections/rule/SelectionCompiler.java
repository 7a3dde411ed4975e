package dev.forgewatch.detections.rule;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.detections.condition.Expr;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.condition.IpAddresses;
import dev.forgewatch.detections.condition.IpNetwork;
import dev.forgewatch.detections.condition.Pattern;
import dev.forgewatch.detections.condition.PortableRegex;
import dev.forgewatch.detections.yaml.YamlList;
import dev.forgewatch.detections.yaml.YamlMap;
import dev.forgewatch.detections.yaml.YamlNode;
import dev.forgewatch.detections.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one Sigma selection into an {@link Expr}: a mapping ANDs its field tests, a list of
 * mappings ORs them; a field's value list ORs (ANDs with {@code |all}). Field names resolve
 * through the catalog; modifiers are checked against the field's type so that a rule which
 * cannot mean the same thing in Elasticsearch and Splunk fails to load.
 */
final class SelectionCompiler {
    static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "re", "i", "cidr", "exists",
            "cased", "gt", "gte", "lt", "lte", "expand");
    private static final Set<String> STRING_SHAPES = Set.of("contains", "startswith", "endswith");
    private static final Set<String> COMPARISONS = Set.of("gt", "gte", "lt", "lte");

    private final FieldCatalog catalog;
    private final Map<String, Lookup> lookups;

    SelectionCompiler(FieldCatalog catalog, Map<String, Lookup> lookups) {
        this.catalog = catalog;
        this.lookups = lookups;
    }

    FieldRef field(String name, int line) {
        FieldDefinition field = catalog.bySigmaName(name);
        if (field == null) {
            throw new InvalidRule(line, "unknown field '" + name + "': fields.yaml has no Sigma name or canonical field of that name");
        }
        return new FieldRef(name, field);
    }

    Expr selection(String name, YamlNode node) {
        if (node instanceof YamlMap map) {
            return mapping(map);
        }
        if (node instanceof YamlList list && !list.items().isEmpty()) {
            List<Expr> alternatives = new ArrayList<>();
            for (YamlNode item : list.items()) {
                if (!(item instanceof YamlMap map)) {
                    throw new InvalidRule(item.line(), "selection '" + name + "' lists " + item.describe()
                            + "; keyword (full-text) selections are not supported, name a field");
                }
                alternatives.add(mapping(map));
            }
            return orOf(alternatives);
        }
        throw new InvalidRule(node.line(), "selection '" + name + "' must be a mapping of field tests or a list of them");
    }

    private Expr mapping(YamlMap map) {
        if (map.entries().isEmpty()) {
            throw new InvalidRule(map.line(), "empty selection");
        }
        List<Expr> tests = new ArrayList<>();
        for (YamlMap.Entry entry : map.entries().values()) {
            tests.add(fieldTest(entry));
        }
        return tests.size() == 1 ? tests.get(0) : new Expr.And(tests);
    }

    private Expr fieldTest(YamlMap.Entry entry) {
        int line = entry.keyLine();
        String[] parts = entry.key().split("\\|", -1);
        FieldRef field = field(parts[0], line);
        Set<String> mods = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            if (!MODIFIERS.contains(parts[i])) {
                throw new InvalidRule(line, "unknown modifier '" + parts[i] + "' on " + parts[0] + " (supported: "
                        + String.join(", ", MODIFIERS.stream().sorted().toList()) + ")");
            }
            if (!mods.add(parts[i])) {
                throw new InvalidRule(line, "modifier '" + parts[i] + "' is given twice");
            }
        }
        checkModifierCombination(mods, line);
        List<YamlScalar> values = RuleYaml.fieldValues(entry.value());
        if (values.isEmpty()) {
            throw new InvalidRule(line, parts[0] + " has an empty value list");
        }
        if (mods.contains("exists")) {
            if (values.size() != 1 || values.get(0).type() != YamlScalar.Type.BOOLEAN) {
                throw new InvalidRule(line, "'|exists' takes true or false");
            }
            Expr exists = new Expr.Exists(field);
            return Boolean.parseBoolean(values.get(0).text()) ? exists : new Expr.Not(exists);
        }
        if (mods.contains("all") && values.size() < 2) {
            throw new InvalidRule(line, "'|all' needs a list of at least two values");
        }
        String lookup = null;
        if (mods.contains("expand")) {
            Lookup expanded = expand(values, line);
            lookup = expanded.name();
            values = expanded.values().stream().map(v -> new YamlScalar(v, YamlScalar.Type.STRING, line)).toList();
        }
        List<Expr> tests = new ArrayList<>();
        List<String> exact = new ArrayList<>();
        for (YamlScalar value : values) {
            if (value.isNull()) {
                if (!mods.isEmpty()) {
                    throw new InvalidRule(value.line(), "null (field absent) cannot be combined with modifiers");
                }
                tests.add(new Expr.Not(new Expr.Exists(field)));
                continue;
            }
            Expr test = valueTest(field, mods, value);
            if (test instanceof Expr.AnyOf anyOf && !mods.contains("all")) {
                exact.addAll(anyOf.values());
            } else {
                tests.add(test);
            }
        }
        if (!exact.isEmpty()) {
            tests.add(0, new Expr.AnyOf(field, exact, mods.contains("cased"), lookup));
        }
        return mods.contains("all") ? new Expr.And(tests) : orOf(tests);
    }

    private static void checkModifierCombination(Set<String> mods, int line) {
        long kinds = mods.stream().filter(m -> STRING_SHAPES.contains(m) || COMPARISONS.contains(m)
                || m.equals("re") || m.equals("cidr") || m.equals("exists")).count();
        if (kinds > 1) {
            throw new InvalidRule(line, "modifiers " + mods + " cannot be combined: use one of contains, startswith, endswith,"
                    + " re, cidr, exists, gt, gte, lt, lte");
        }
        if (mods.contains("i") && !mods.contains("re")) {
            throw new InvalidRule(line, "'|i' only applies to '|re'");
        }
        if (mods.contains("cased") && (mods.contains("re") || mods.contains("cidr") || mods.contains("exists")
                || mods.stream().anyMatch(COMPARISONS::contains))) {
            throw new InvalidRule(line, "'|cased' only applies to string values");
        }
    }

    private Lookup expand(List<YamlScalar> values, int line) {
        if (values.size() != 1) {
            throw new InvalidRule(line, "'|expand' takes one placeholder such as '%storm0558_ioc_ip%'");
        }
        String text = values.get(0).text();
        if (!text.matches("%[A-Za-z0-9_]+%")) {
            throw new InvalidRule(line, "'|expand' value must be a placeholder such as '%storm0558_ioc_ip%', got '" + text + "'");
        }
        Lookup lookup = lookups.get(text.substring(1, text.length() - 1));
        if (lookup == null) {
            throw new InvalidRule(line, "placeholder " + text + " names no lookup (have: " + String.join(", ", lookups.keySet()) + ")");
        }
        return lookup;
    }

    private Expr valueTest(FieldRef field, Set<String> mods, YamlScalar value) {
        int line = value.line();
        FieldType type = field.type();
        if (type == FieldType.DATE) {
            throw new InvalidRule(line, field.sigmaName() + " is a date; rules cannot test dates (use a correlation timespan)");
        }
        if (mods.contains("cidr")) {
            if (type != FieldType.IP) {
                throw new InvalidRule(line, "'|cidr' needs an ip field; " + field.sigmaName() + " is " + type.label());
            }
            try {
                return new Expr.Cidr(field, IpNetwork.parse(value.text()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRule(line, e.getMessage());
            }
        }
        String comparison = mods.stream().filter(COMPARISONS::contains).findFirst().orElse(null);
        if (comparison != null) {
            if (type != FieldType.LONG) {
                throw new InvalidRule(line, "'|" + comparison + "' needs a numeric field; " + field.sigmaName() + " is " + type.label());
            }
            return new Expr.Compare(field, Expr.Compare.Op.valueOf(comparison.toUpperCase(java.util.Locale.ROOT)), number(value));
        }
        if (mods.contains("re")) {
            if (type != FieldType.KEYWORD && type != FieldType.TEXT) {
                throw new InvalidRule(line, "'|re' needs a text field; " + field.sigmaName() + " is " + type.label());
            }
            try {
                return new Expr.Regex(field, PortableRegex.parse(value.text()), mods.contains("i"));
            } catch (IllegalArgumentException e) {
                throw new InvalidRule(line, e.getMessage());
            }
        }
        String shape = mods.stream().filter(STRING_SHAPES::contains).findFirst().orElse(null);
        switch (type) {
            case BOOLEAN:
                noStringModifiers(field, shape, mods, line);
                return new Expr.BoolIs(field, bool(value));
            case LONG:
                noStringModifiers(field, shape, mods, line);
                return new Expr.AnyOf(field, List.of(Long.toString(number(value))), false, null);
            case IP:
                noStringModifiers(field, shape, mods, line);
                if (IpAddresses.parse(value.text()) == null) {
                    throw new InvalidRule(line, "'" + value.text() + "' is not an IP address (" + field.sigmaName()
                            + " is an ip field; use |cidr for ranges)");
                }
                return new Expr.AnyOf(field, List.of(value.text()), false, null);
            default:
                Pattern pattern = Pattern.sigma(value.text());
                if (shape != null) {
                    pattern = shape.equals("contains") ? pattern.contains()
                            : shape.equals("startswith") ? pattern.startsWith() : pattern.endsWith();
                }
                boolean cased = mods.contains("cased");
                if (!pattern.hasWildcards()) {
                    return new Expr.AnyOf(field, List.of(pattern.text()), cased, null);
                }
                return new Expr.Match(field, pattern, cased);
        }
    }

    private static void noStringModifiers(FieldRef field, String shape, Set<String> mods, int line) {
        if (shape != null || mods.contains("cased")) {
            throw new InvalidRule(line, field.sigmaName() + " is " + field.type().label()
                    + "; string modifiers (contains, startswith, endswith, cased) do not apply");
        }
    }

    private static long number(YamlScalar value) {
        String text = value.text().trim();
        if (!text.matches("-?[0-9]{1,18}")) {
            throw new InvalidRule(value.line(), "'" + value.text() + "' is not a whole number");
        }
        return Long.parseLong(text);
    }

    private static boolean bool(YamlScalar value) {
        String text = value.text().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidRule(value.line(), "'" + value.text() + "' is not true or false");
    }

    private static Expr orOf(List<Expr> items) {
        return items.size() == 1 ? items.get(0) : new Expr.Or(items);
    }
}
