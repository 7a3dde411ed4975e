package dev.forgewatch.splunk.conformance;

import dev.forgewatch.detections.compile.splunk.Setting;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.ConfParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Splunk version's .conf.spec facts ({@code spec/splunk-<version>-conf-settings.tsv}): which stanza
 * and setting patterns each .conf file may hold. A {@code <...>} placeholder matches any text; a spec
 * stanza written as alternatives ({@code [<field name>|sourcetype::<sourcetype>::<wildcard>]}) matches
 * any of them.
 */
final class ConfSpecFacts {
    private record Entry(String file, Pattern stanza, Pattern key) {
    }

    private static final Path SPEC_DIR = Path.of("src", "test", "resources", "spec");
    private static final Pattern VERSION_OF_FILE = Pattern.compile("splunk-(\\d+\\.\\d+)-conf-settings\\.tsv");

    private final String version;
    private final List<Entry> entries;

    private ConfSpecFacts(String version, List<Entry> entries) {
        this.version = version;
        this.entries = List.copyOf(entries);
    }

    /** The Splunk versions whose spec facts are pinned, oldest first: the lines the app is checked against. */
    static List<String> pinnedVersions() {
        try (Stream<Path> files = Files.list(SPEC_DIR)) {
            return files.map(file -> VERSION_OF_FILE.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(matcher -> matcher.group(1)).sorted(Comparator.comparing(ConfSpecFacts::versionKey)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "10.2" as a number that sorts the way versions do (10.2 after 9.4). */
    static int versionKey(String version) {
        String[] parts = version.split("\\.");
        return Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1]);
    }

    static ConfSpecFacts load(String version) {
        String resource = "/spec/splunk-" + version + "-conf-settings.tsv";
        try (InputStream in = ConfSpecFacts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no spec facts " + resource);
            }
            List<Entry> entries = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t");
                entries.add(new Entry(columns[0], stanzaPattern(columns[1]), Pattern.compile(placeholders(columns[2]))));
            }
            return new ConfSpecFacts(version, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return version;
    }

    /** Every setting of the app's {@code default/*.conf} files that this version's spec does not define. */
    List<String> unknownSettings(AppTree app) {
        List<String> problems = new ArrayList<>();
        app.files().forEach(entry -> {
            String path = entry.relativePath();
            if (!path.startsWith("default/") || !path.endsWith(".conf")) {
                return;
            }
            String file = path.substring("default/".length());
            if (entries.stream().noneMatch(e -> e.file().equals(file))) {
                problems.add(path + ": no pinned " + file + ".spec facts for Splunk " + version + ": pin them before shipping the file");
                return;
            }
            for (Stanza stanza : ConfParser.parse(path, entry.text()).file().stanzas()) {
                String stanzaName = "[" + (stanza.name().equals(Stanza.GLOBAL) ? "default" : stanza.name()) + "]";
                for (Setting setting : stanza.settings()) {
                    boolean defined = entries.stream().anyMatch(e -> e.file().equals(file)
                            && e.stanza().matcher(stanzaName).matches() && e.key().matcher(setting.key()).matches());
                    if (!defined) {
                        problems.add(path + ":" + setting.line() + ": " + stanzaName + " " + setting.key()
                                + " is not a setting of Splunk " + version + "'s " + file + ".spec");
                    }
                }
            }
        });
        return problems;
    }

    private static Pattern stanzaPattern(String stanza) {
        String inner = stanza.substring(1, stanza.length() - 1);
        List<String> alternatives = new ArrayList<>();
        if (inner.startsWith("<") && inner.contains("|")) {
            for (String alternative : inner.split("\\|")) {
                alternatives.add(placeholders("[" + alternative + "]"));
            }
        } else {
            alternatives.add(placeholders(stanza));
        }
        return Pattern.compile(String.join("|", alternatives));
    }

    /** A spec pattern as a regex: placeholders match any text, everything else literally. */
    private static String placeholders(String spec) {
        StringBuilder regex = new StringBuilder();
        for (String part : spec.split("(?=<)|(?<=>)")) {
            regex.append(part.startsWith("<") && part.endsWith(">") ? ".+" : Pattern.quote(part));
        }
        return regex.toString();
    }
}
