package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.FieldType;
import dev.forgewatch.common.mapping.SourceEntry;
import dev.forgewatch.common.mapping.SourcePath;
import dev.forgewatch.common.mapping.SourceRule;
import dev.forgewatch.detections.compile.splunk.Spl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates the {@code fields.yaml} source paths of a field into what props.conf does at search
 * time on a record read with {@code KV_MODE = json} (nested members are {@code a.b}, array
 * elements {@code a{}.b}): an EVAL that follows the normalizer's rules (first path that yields a
 * usable value wins, an empty value being none; multi-valued fields collect every path; value
 * tables match case-insensitively with {@code "*"} as the fallback).
 */
public final class SearchTimeMapping {
    /** Exchange writes client IPs as {@code [v6]:port} or {@code v4:port}; group 1 is the address. */
    static final String IP_REGEX = "^\\[?(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(?:\\]|\\]:\\d+|:\\d+)?$";

    private SearchTimeMapping() {
    }

    /** How one field is mapped for one raw sourcetype. */
    public sealed interface Mapping {
        /** {@code FIELDALIAS-x = source AS x}. */
        record Alias(String source) implements Mapping {
        }

        /** {@code EVAL-x = expression}. */
        record Eval(String expression) implements Mapping {
        }

        /** Not expressible at search time; the reason is written into props.conf as a comment. */
        record Unmapped(String reason) implements Mapping {
        }
    }

    public static Mapping of(FieldDefinition field, SourceRule rule) {
        List<SourceEntry> entries = rule.entries();
        List<String> values = new ArrayList<>();
        for (SourceEntry entry : entries) {
            String raw = raw(entry.path(), field.multi());
            if (raw == null) {
                return new Mapping.Unmapped("path " + entry.path() + " has no search-time equivalent");
            }
            values.add(raw);
        }
        if (field.multi()) {
            return new Mapping.Eval("mvdedup(" + (values.size() == 1 ? values.get(0)
                    : call("mvappend", values.stream().map(SearchTimeMapping::nonEmpty).toList())) + ")");
        }
        boolean tables = entries.stream().anyMatch(SourceEntry::hasValueTable);
        if (tables && field.type() != FieldType.KEYWORD) {
            return new Mapping.Unmapped("value tables are only translated for keyword fields");
        }
        if (!tables) {
            List<String> converted = values.stream().map(raw -> nonEmpty(convert(field.type(), raw))).toList();
            return new Mapping.Eval(converted.size() == 1 ? converted.get(0) : call("coalesce", converted));
        }
        List<String> clauses = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            clauses.addAll(clauses(entries.get(index), values.get(index)));
        }
        return new Mapping.Eval(call("case", clauses));
    }

    /** {@code case()} conditions and results for one entry; the {@code "*"} fallback comes after the exact keys. */
    private static List<String> clauses(SourceEntry entry, String raw) {
        List<String> clauses = new ArrayList<>();
        if (!entry.hasValueTable()) {
            clauses.add("isnotnull(" + nonEmpty(raw) + ")");
            clauses.add(raw);
            return clauses;
        }
        String fallback = null;
        for (Map.Entry<String, String> value : entry.values().entrySet()) {
            if (value.getKey().equals(SourceEntry.ANY_VALUE)) {
                fallback = value.getValue();
                continue;
            }
            clauses.add("lower(" + raw + ")==" + Spl.quote(value.getKey().toLowerCase(Locale.ROOT)));
            clauses.add(Spl.quote(value.getValue()));
        }
        if (fallback != null) {
            clauses.add("isnotnull(" + raw + ")");
            clauses.add(Spl.quote(fallback));
        }
        return clauses;
    }

    /** The value a path finds, as SPL (multivalue where the path crosses an array); null when SPL cannot express it. */
    private static String raw(SourcePath path, boolean multi) {
        if (path.constant() != null) {
            return Spl.quote(path.constant());
        }
        List<SourcePath.Step> steps = path.steps();
        switch (path.transform()) {
            case COUNT:
                return steps.stream().anyMatch(s -> s instanceof SourcePath.Select) ? null
                        : "mvcount(spath(_raw, " + Spl.quote(fieldName(steps)) + "))";
            case PAIRS:
                if (!(steps.get(steps.size() - 1) instanceof SourcePath.Each) || !membersAndEach(steps)) {
                    return null;
                }
                String base = fieldName(steps);
                return "mvzip(" + Spl.field(base + ".Name") + ", coalesce(" + Spl.field(base + ".Value") + ", "
                        + Spl.field(base + ".NewValue") + "), \"=\")";
            default:
                break;
        }
        int select = indexOfSelect(steps);
        if (select >= 0) {
            List<SourcePath.Step> before = steps.subList(0, select);
            List<SourcePath.Step> after = steps.subList(select + 1, steps.size());
            if (!membersOnly(before) || !membersOnly(after) || after.isEmpty()) {
                return null;
            }
            SourcePath.Select choice = (SourcePath.Select) steps.get(select);
            String array = fieldName(before) + "{}";
            return "mvindex(" + Spl.field(array + "." + fieldName(after)) + ", mvfind(" + Spl.field(array + "." + choice.key())
                    + ", " + Spl.exactRegex(choice.value()) + "))";
        }
        String field = Spl.field(fieldName(steps));
        boolean crossesArray = steps.stream().anyMatch(s -> s instanceof SourcePath.Each);
        return crossesArray && !multi ? "mvindex(" + field + ", 0)" : field;
    }

    /**
     * An empty value counts as not found, as in the normalizer (an empty text, date or number is no
     * value): null, so the field is absent and coalesce moves on to the next path. Splunk's JSON
     * extraction keeps {@code ""} as a value, and a FIELDALIAS would copy it, which is why even a
     * single plain member is an EVAL here. Expressions that cannot yield {@code ""} are left alone:
     * constants, the ip and boolean conversions (null unless the value matches) and numbers.
     */
    private static String nonEmpty(String expression) {
        boolean mayBeEmpty = expression.startsWith("'") || expression.startsWith("mvindex(");
        return mayBeEmpty ? "nullif(" + expression + ", \"\")" : expression;
    }

    private static String convert(FieldType type, String raw) {
        switch (type) {
            case IP:
                String regex = Spl.quote(IP_REGEX);
                return "if(match(" + raw + ", " + regex + "), lower(replace(" + raw + ", " + regex + ", \"\\\\1\")), null())";
            case BOOLEAN:
                return "case(in(lower(" + raw + "), \"true\", \"1\", \"yes\"), \"true\", in(lower(" + raw
                        + "), \"false\", \"0\", \"no\"), \"false\")";
            case LONG:
                return "tonumber(" + raw + ")";
            default:
                return raw;
        }
    }

    /** The field name KV_MODE=json gives the value at these steps: members joined by dots, arrays as {}. */
    static String fieldName(List<SourcePath.Step> steps) {
        StringBuilder name = new StringBuilder();
        for (SourcePath.Step step : steps) {
            if (step instanceof SourcePath.Member member) {
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(member.name());
            } else {
                name.append("{}");
            }
        }
        return name.toString();
    }

    private static int indexOfSelect(List<SourcePath.Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof SourcePath.Select) {
                return i;
            }
        }
        return -1;
    }

    private static boolean membersOnly(List<SourcePath.Step> steps) {
        return steps.stream().allMatch(s -> s instanceof SourcePath.Member);
    }

    private static boolean membersAndEach(List<SourcePath.Step> steps) {
        return steps.stream().noneMatch(s -> s instanceof SourcePath.Select);
    }

    private static String call(String function, List<String> args) {
        return function + "(" + String.join(", ", args) + ")";
    }
}
