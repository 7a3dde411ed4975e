package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.ConfWriter;
import org.junit.jupiter.api.Test;

/**
 * Pins the generated configuration in golden files under src/test/resources/golden/splunk: a change
 * to fields.yaml, the event classes, the rule pack or a generator shows up here as a diff to review
 * (regenerate with -Dforgewatch.updateGolden=true), and a stale golden file fails the build.
 */
class GeneratedArtefactsTest {
    private final FieldCatalog catalog = FieldCatalog.standard();
    private final ContentSources content = ContentSources.standard();

    private static void pin(ConfFile conf) {
        Golden.assertMatches("splunk/" + conf.path(), ConfWriter.write(conf));
    }

    @Test
    void propsConf() {
        pin(new PropsGenerator(catalog, content.detections().ipIocs()).generate());
    }

    @Test
    void savedSearchesConf() {
        pin(AppBuilder.savedSearches(content.detections()));
    }

    @Test
    void macrosConf() {
        pin(MacrosGenerator.generate(content.detections().macros()));
    }

    @Test
    void eventtypesAndTagsConf() {
        EventtypesGenerator generator = new EventtypesGenerator(catalog);
        pin(generator.eventtypes());
        pin(generator.tags());
    }

    @Test
    void transformsAndFieldsConf() {
        pin(LookupsGenerator.transforms(content.detections()));
        pin(LookupsGenerator.fields());
    }
}
