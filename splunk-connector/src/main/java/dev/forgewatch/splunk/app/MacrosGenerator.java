package dev.forgewatch.splunk.app;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Spl;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.List;

/**
 * macros.conf: where the SOC points the app at its data. Every search in the app starts from these
 * macros, so changing {@code forgewatch_index} (in the app's local/ folder, via Settings > Advanced
 * search > Search macros) is all an admin does to use their own index. The rule filter macros of the
 * detection pack follow.
 */
public final class MacrosGenerator {
    public static final String PATH = "default/macros.conf";
    public static final String INDEX = "forgewatch_index";
    public static final String AUDIT = "forgewatch_audit";
    public static final String SIGNIN = "forgewatch_signin";
    public static final String TOKEN = "forgewatch_token";
    public static final String FINDINGS = "forgewatch_findings";
    public static final String DEDUP = "forgewatch_dedup";

    private MacrosGenerator() {
    }

    /** The app's macros, then the detection pack's ({@link DetectionContent#macros()}) it does not define itself. */
    public static ConfFile generate(List<Stanza> contributedMacros) {
        List<Stanza> stanzas = new ArrayList<>(List.of(
                macro(INDEX, "index=*", "The indexes holding ForgeWatch data. Override with your index, e.g. index=m365."),
                sourcetype(AUDIT, Sourcetype.AUDIT),
                sourcetype(SIGNIN, Sourcetype.SIGNIN),
                sourcetype(TOKEN, Sourcetype.TOKEN),
                sourcetype(FINDINGS, Sourcetype.FINDING),
                macro(DEDUP, "dedup " + HecFields.EVENT_ID + " keepempty=true",
                        "Drops copies of an event shipped twice (same ForgeWatch event id); events without the id are kept.")));
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

    private static Stanza sourcetype(String name, Sourcetype sourcetype) {
        return macro(name, "`" + INDEX + "` sourcetype=" + Spl.quote(sourcetype.name()), sourcetype.description() + ".");
    }

    private static Stanza macro(String name, String definition, String description) {
        return Stanza.builder(name).set("definition", definition).set("description", description).set("iseval", false).build();
    }
}
