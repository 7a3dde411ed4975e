package dev.forgewatch.cli;

import dev.forgewatch.common.text.WholeNumber;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: positionals and {@code --name value} / {@code --name=value}
 * options. Each command declares which options take a value and which are flags; anything else is
 * a usage error. A repeated value option keeps every value.
 */
public final class Args {
    private final List<String> positionals;
    private final Map<String, List<String>> options;

    private Args(List<String> positionals, Map<String, List<String>> options) {
        this.positionals = List.copyOf(positionals);
        this.options = options;
    }

    public static Args parse(List<String> arguments, Set<String> valueOptions, Set<String> flags) throws UsageException {
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (onlyPositionals || !argument.startsWith("--") || argument.equals("-")) {
                if (!onlyPositionals && argument.startsWith("-") && argument.length() > 1 && !argument.equals("-")) {
                    throw new UsageException("unknown option '" + argument + "' (options are written --name)");
                }
                positionals.add(argument);
                continue;
            }
            if (argument.equals("--")) {
                onlyPositionals = true;
                continue;
            }
            String name = argument.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= arguments.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = arguments.get(++i);
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return new Args(positionals, options);
    }

    public List<String> positionals() {
        return positionals;
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /** The last value given for the option, or null. */
    public String value(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    public String value(String name, String fallback) {
        String value = value(name);
        return value == null ? fallback : value;
    }

    public List<String> values(String name) {
        return options.getOrDefault(name, Collections.emptyList());
    }

    public int intValue(String name, int fallback, int min, int max) throws UsageException {
        return (int) longValue(name, fallback, min, max);
    }

    public long longValue(String name, long fallback, long min, long max) throws UsageException {
        String value = value(name);
        if (value == null) {
            return fallback;
        }
        try {
            return WholeNumber.parse("--" + name, value, min, max);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
