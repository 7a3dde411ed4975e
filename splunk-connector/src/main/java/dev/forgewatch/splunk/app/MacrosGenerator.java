package dev.forgewatch.splunk.app;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Spl;
import dev.forgewatch.detections.compile.splunk.SplunkIncidents;
import dev.forgewatch.detections.compile.splunk.SplunkMacros;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.List;

/**
 * macros.conf: where the SOC points the app at its data. Every search in the app starts from these
 * macros, so changing {@code forgewatch_index} (in the app's local/ folder, via Settings > Advanced
 * search > Search macros) is all an admin does to use their own index. The macros reading events
 * are the detection pack's ({@link SplunkMacros}, the same the rules export writes); the app adds
 * the findings and dedup macros its dashboards use, then the rule filter macros of the pack follow.
 */
public final class MacrosGenerator {
    public static final String PATH = "default/macros.conf";
    public static final String INDEX = SplunkMacros.INDEX;
    public static final String AUDIT = SplunkMacros.kindMacro(SourceKind.AUDIT);
    public static final String TOKEN = SplunkMacros.kindMacro(SourceKind.TOKEN);
    public static final String FINDINGS = "forgewatch_findings";
    public static final String DEDUP = "forgewatch_dedup";

    private MacrosGenerator() {
    }

    /**
     * The shared macros, the app's own, then the detection pack's ({@link DetectionContent#macros()})
     * not already among them; a pack macro defined otherwise than here is refused.
     */
    public static ConfFile generate(List<Stanza> contributedMacros) {
        List<Stanza> stanzas = new ArrayList<>(SplunkMacros.shared());
        stanzas.add(macro(FINDINGS, "`" + INDEX + "` sourcetype=" + Spl.quote(Sourcetype.FINDING.name()),
                Sourcetype.FINDING.description() + "."));
        stanzas.add(macro(DEDUP, "dedup " + HecFields.EVENT_ID + " keepempty=true",
                "Drops copies of an event shipped twice (same ForgeWatch event id); events without the id are kept."));
        // The incident dashboard reads these: the app defines them whatever rules it carries (the same definitions the
        // detection pack's export contributes).
        stanzas.addAll(SplunkIncidents.standard().macros());
        for (Stanza contributed : contributedMacros) {
            Stanza own = stanzas.stream().filter(s -> s.name().equals(contributed.name())).findFirst().orElse(null);
            if (own == null) {
                stanzas.add(contributed);
            } else if (!own.value("definition").equals(contributed.value("definition"))) {
                // Two meanings for one macro would make the saved searches read other data than the dashboards.
                throw new IllegalArgumentException("macro " + contributed.name() + " is defined by the app as '"
                        + own.value("definition").orElse("") + "' and by the detection pack as '"
                        + contributed.value("definition").orElse("") + "': make them agree");
            }
        }
        return ConfFile.of(PATH, List.of("ForgeWatch search macros. Generated: override in local/, do not edit here."),
                stanzas);
    }

    private static Stanza macro(String name, String definition, String description) {
        return Stanza.builder(name).set("definition", definition).set("description", description).set("iseval", false).build();
    }
}
