package dev.forgewatch.cli.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict enough well-formedness check for generated HTML: every non-void element closed, in order. */
final class HtmlChecks {
    private static final Set<String> VOID = Set.of("meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>");

    private HtmlChecks() {
    }

    /** Returns null when well-formed, else what is wrong. */
    static String problem(String html) {
        String body = html.replaceAll("(?s)<script>.*?</script>", "<script></script>").replaceAll("(?s)<style>.*?</style>", "<style></style>");
        if (!body.startsWith("<!DOCTYPE html>")) {
            return "no doctype";
        }
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(body.substring("<!DOCTYPE html>".length()));
        while (m.find()) {
            String name = m.group(2).toLowerCase(Locale.ROOT);
            if (m.group(1).isEmpty()) {
                if (!VOID.contains(name) && !m.group(3).endsWith("/")) {
                    open.push(name);
                }
            } else {
                if (open.isEmpty() || !open.peek().equals(name)) {
                    return "</" + name + "> closes " + (open.isEmpty() ? "nothing" : "<" + open.peek() + ">") + " at " + m.start();
                }
                open.pop();
            }
        }
        return open.isEmpty() ? null : "unclosed " + open;
    }
}
