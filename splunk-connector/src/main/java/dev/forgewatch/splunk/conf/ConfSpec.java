package dev.forgewatch.splunk.conf;

import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a .conf file may contain, as its public {@code .spec} file describes it: which stanzas, and
 * per stanza which setting names (literal, or with {@code <placeholder>} parts such as
 * {@code EVAL-<fieldname>}) and, for some, which values.
 */
public final class ConfSpec {
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");

    /** A setting name the spec allows, and optionally the values it allows. */
    public record KeyRule(Pattern name, Pattern value) {
        boolean matches(String key) {
            return name.matcher(key).matches();
        }
    }

    /** Stanzas whose name matches {@code stanza}, and the settings they may hold. */
    public record StanzaRule(Pattern stanza, List<KeyRule> keys) {
        public StanzaRule {
            keys = List.copyOf(keys);
        }
    }

    private final String fileName;
    private final List<StanzaRule> stanzas;

    private ConfSpec(String fileName, List<StanzaRule> stanzas) {
        this.fileName = fileName;
        this.stanzas = List.copyOf(stanzas);
    }

    public static Builder builder(String fileName) {
        return new Builder(fileName);
    }

    public String fileName() {
        return fileName;
    }

    /** The rule for a stanza; the global stanza takes the rule of {@code [default]}. */
    public Optional<StanzaRule> stanza(String name) {
        String effective = name.equals(Stanza.GLOBAL) ? "default" : name;
        return stanzas.stream().filter(rule -> rule.stanza().matcher(effective).matches()).findFirst();
    }

    /** Turns {@code EVAL-<fieldname>} into a pattern: literal text quoted, each placeholder one or more characters. */
    static Pattern template(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(template);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(template.substring(last, matcher.start()))).append(".+");
            last = matcher.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /** Collects stanza rules; keys and values added go to the stanza rule opened last. */
    public static final class Builder {
        private final String fileName;
        private final List<StanzaRule> stanzas = new ArrayList<>();
        private Pattern current;
        private List<KeyRule> keys;

        private Builder(String fileName) {
            this.fileName = fileName;
        }

        /** Opens a stanza rule by template, e.g. {@code launcher} or {@code author=<name>}. */
        public Builder stanza(String template) {
            return stanzaPattern(template(template));
        }

        /** Opens a rule for every stanza name (the files whose stanzas are user-chosen names). */
        public Builder anyStanza() {
            return stanzaPattern(Pattern.compile("(?s).*"));
        }

        private Builder stanzaPattern(Pattern pattern) {
            close();
            current = pattern;
            keys = new ArrayList<>();
            return this;
        }

        /** Setting-name templates whose values are not constrained. */
        public Builder keys(String... templates) {
            for (String template : templates) {
                keys.add(new KeyRule(template(template), null));
            }
            return this;
        }

        /** Setting names given as a regular expression (for families like {@code display\..+}). */
        public Builder keyPattern(String regex) {
            keys.add(new KeyRule(Pattern.compile(regex), null));
            return this;
        }

        /** A setting-name template whose value must match {@code valueRegex} (whole value). */
        public Builder value(String template, String valueRegex) {
            keys.add(new KeyRule(template(template), Pattern.compile(valueRegex)));
            return this;
        }

        public ConfSpec build() {
            close();
            return new ConfSpec(fileName, stanzas);
        }

        private void close() {
            if (current != null) {
                stanzas.add(new StanzaRule(current, keys));
                current = null;
            }
        }
    }
}
