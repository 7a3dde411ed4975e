package dev.forgewatch.detections.compile.splunk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed or generated .conf (or .meta) file.
 *
 * @param path     where the file lives inside the app, e.g. {@code default/props.conf}
 * @param header   comment lines written above the first stanza, without the leading {@code #}
 * @param stanzas  in file order
 */
public record ConfFile(String path, List<String> header, List<Stanza> stanzas) {
    public ConfFile {
        Objects.requireNonNull(path, "path");
        header = List.copyOf(header);
        stanzas = List.copyOf(stanzas);
    }

    public static ConfFile of(String path, List<String> header, List<Stanza> stanzas) {
        return new ConfFile(path, header, stanzas);
    }

    /** The file name without folders, e.g. {@code props.conf}. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public Optional<Stanza> stanza(String name) {
        return stanzas.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
