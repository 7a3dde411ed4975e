package dev.forgewatch.detections.compile.splunk;

/**
 * Writes .conf syntax that splunk-connector's {@code ConfParser} reads back unchanged: a comment header, then each
 * stanza separated by a blank line. Multi-line values are written with
 * trailing-backslash continuations.
 */
public final class ConfWriter {
    private ConfWriter() {
    }

    public static String write(ConfFile file) {
        StringBuilder out = new StringBuilder();
        for (String line : file.header()) {
            out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        for (Stanza stanza : file.stanzas()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            // The global stanza is written as [], which .meta files use for app-wide defaults.
            requireSafe(stanza.name(), "stanza name", "]\n\r");
            out.append('[').append(stanza.name()).append("]\n");
            for (Setting setting : stanza.settings()) {
                requireSafe(setting.key(), "key", "=\n\r");
                out.append(setting.key()).append(" = ").append(value(setting)).append('\n');
            }
        }
        return out.toString();
    }

    private static String value(Setting setting) {
        String value = setting.value();
        // The parser strips values and reads a trailing backslash as a continuation: refuse what it would change.
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException("value of '" + setting.key() + "' starts or ends with blanks, which .conf "
                    + "syntax drops");
        }
        for (String line : value.split("\n", -1)) {
            if (line.endsWith("\\")) {
                throw new IllegalArgumentException("value of '" + setting.key() + "' has a line ending in a backslash, "
                        + "which .conf syntax reads as a continuation");
            }
        }
        return value.replace("\n", "\\\n");
    }

    private static void requireSafe(String text, String what, String forbidden) {
        if (text.isEmpty() && what.equals("key")) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (char c : forbidden.toCharArray()) {
            if (text.indexOf(c) >= 0) {
                throw new IllegalArgumentException(what + " '" + text + "' contains a character .conf syntax cannot keep");
            }
        }
    }
}
