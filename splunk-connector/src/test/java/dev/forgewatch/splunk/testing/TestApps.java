package dev.forgewatch.splunk.testing;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.splunk.Stanza;
import dev.forgewatch.splunk.app.AppBuilder;
import dev.forgewatch.splunk.app.AppInfo;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.ContentSources;
import dev.forgewatch.splunk.app.DetectionContent;
import dev.forgewatch.splunk.app.KeyIoc;
import dev.forgewatch.splunk.app.LookupTable;
import java.util.List;

/**
 * Apps for tests: the shipped build, and one with stand-in detection content shaped like the
 * detection compiler's output (one scheduled search ending in its filter macro, one indicator each),
 * so the saved-search and lookup checks have something to inspect. The stand-ins are not rules.
 */
public final class TestApps {
    public static final String RULE_SEARCH = "`forgewatch_audit` eventtype=forgewatch_mail_access | stats count by user"
            + " | `forgewatch_test_rule_filter`";

    private TestApps() {
    }

    public static AppTree shipped() {
        return build(ContentSources.standard());
    }

    public static AppTree withDetections() {
        return build(contentWith(List.of(savedSearch(RULE_SEARCH))));
    }

    public static ContentSources contentWith(List<Stanza> savedSearches) {
        DetectionContent detections = new DetectionContent(savedSearches,
                List.of(Stanza.builder("forgewatch_test_rule_filter").set("definition", "search *").set("iseval", false).build()),
                List.of(lookupDefinition("forgewatch_test_lookup"), lookupDefinition("forgewatch_test_ips")),
                List.of(new LookupTable("forgewatch_test_lookup", List.of("value", "source"), List.of(List.of("x", "test"))),
                        new LookupTable("forgewatch_test_ips", List.of("ip", "description", "source"),
                                List.of(List.of("192.0.2.10", "Test panel", "test source, 2023-07-14")))),
                "forgewatch_test_ips");
        return new ContentSources(detections, List.of(new KeyIoc("test-kid", "test-kid", "00", "Test key", "A test key.",
                "test source", "2023-07-14")));
    }

    private static Stanza lookupDefinition(String name) {
        return Stanza.builder(name).set("filename", name + ".csv").build();
    }

    public static Stanza savedSearch(String search) {
        return Stanza.builder("ForgeWatch - Test rule").set("search", search).set("enableSched", true)
                .set("cron_schedule", "*/15 * * * *").set("dispatch.earliest_time", "-20m").set("dispatch.latest_time", "now")
                .build();
    }

    public static AppTree build(ContentSources content) {
        return new AppBuilder(FieldCatalog.standard(), content).build(AppInfo.forMavenVersion("0.1.0"));
    }
}
