package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.ConfParser;
import dev.forgewatch.splunk.spl.MacroTable;
import java.util.List;
import java.util.Optional;

/** Reading the app's own files for the checks. */
final class AppFiles {
    private AppFiles() {
    }

    /** A .conf file of the app parsed, if present (syntax problems are the conf check's business). */
    static Optional<ConfFile> conf(AppTree app, String relativePath) {
        return app.text(relativePath).map(text -> ConfParser.parse(relativePath, text).file());
    }

    /** The stanzas of a .conf file, or none when absent. */
    static List<dev.forgewatch.detections.compile.splunk.Stanza> stanzas(AppTree app, String relativePath) {
        return conf(app, relativePath).map(ConfFile::stanzas).orElse(List.of());
    }

    static MacroTable macros(AppTree app) {
        return conf(app, "default/macros.conf").map(MacroTable::of).orElse(MacroTable.empty());
    }
}
