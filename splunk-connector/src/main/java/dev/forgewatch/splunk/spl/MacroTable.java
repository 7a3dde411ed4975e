package dev.forgewatch.splunk.spl;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search macros of macros.conf, and their expansion: {@code `name`} or {@code `name(a, b)`}
 * (stanza {@code name(2)}, arguments substituted for {@code $arg$} in the definition), recursively.
 */
public final class MacroTable {
    private static final int MAX_DEPTH = 20;

    /** One macro; {@code args} are the argument names in order. */
    public record Macro(String definition, List<String> args, boolean eval) {
        public Macro {
            args = List.copyOf(args);
        }
    }

    private final Map<String, Macro> macros;

    private MacroTable(Map<String, Macro> macros) {
        this.macros = Map.copyOf(macros);
    }

    public static MacroTable of(ConfFile macrosConf) {
        Map<String, Macro> macros = new HashMap<>();
        for (Stanza stanza : macrosConf.stanzas()) {
            if (stanza.name().equals(Stanza.GLOBAL) || stanza.name().equals("default")) {
                continue;
            }
            List<String> args = new ArrayList<>();
            stanza.value("args").ifPresent(list -> {
                for (String arg : list.split(",")) {
                    args.add(arg.strip());
                }
            });
            boolean eval = stanza.value("iseval").map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
            macros.put(stanza.name(), new Macro(stanza.value("definition").orElse(""), args, eval));
        }
        return new MacroTable(macros);
    }

    public static MacroTable empty() {
        return new MacroTable(Map.of());
    }

    /** The search with every macro call replaced by its definition; also collects the names used. */
    public String expand(String search, Set<String> used) throws SplSyntaxException {
        return expand(search, used, 0);
    }

    private String expand(String search, Set<String> used, int depth) throws SplSyntaxException {
        if (depth > MAX_DEPTH) {
            throw new SplSyntaxException("macros nest deeper than " + MAX_DEPTH + " levels (a macro that calls itself?)", 0);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < search.length()) {
            char c = search.charAt(i);
            if (c == '"') {
                int end = SplScanner.skipString(search, i);
                int stop = end < 0 ? search.length() : end; // the checker reports the unterminated string
                out.append(search, i, stop);
                i = stop;
            } else if (c == '`') {
                int close = search.indexOf('`', i + 1);
                if (close < 0) {
                    throw new SplSyntaxException("unclosed macro backtick", i);
                }
                String call = search.substring(i + 1, close).strip();
                out.append(expand(resolve(call, i, used), used, depth + 1));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String call, int position, Set<String> used) throws SplSyntaxException {
        String name = call;
        List<String> values = List.of();
        int open = call.indexOf('(');
        if (open >= 0) {
            if (!call.endsWith(")")) {
                throw new SplSyntaxException("macro call '" + call + "' has unbalanced parentheses", position);
            }
            name = call.substring(0, open).strip();
            values = SplScanner.splitTopLevel(call.substring(open + 1, call.length() - 1), ',');
        }
        String stanza = values.isEmpty() ? name : name + "(" + values.size() + ")";
        Macro macro = macros.get(stanza);
        if (macro == null) {
            throw new SplSyntaxException("macro `" + stanza + "` is not defined in macros.conf", position);
        }
        if (macro.eval()) {
            throw new SplSyntaxException("macro `" + stanza + "` is an eval macro, which this checker cannot expand", position);
        }
        used.add(stanza);
        String definition = macro.definition();
        for (int index = 0; index < values.size(); index++) {
            definition = definition.replace("$" + macro.args().get(index) + "$", values.get(index).strip());
        }
        return definition;
    }
}
