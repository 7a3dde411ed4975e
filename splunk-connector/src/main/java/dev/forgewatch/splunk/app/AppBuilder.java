package dev.forgewatch.splunk.app;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.ConfWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Generates every file of the app from the field catalog and the contributed content. */
public final class AppBuilder {
    public static final String SAVEDSEARCHES_PATH = "default/savedsearches.conf";
    private static final String RESOURCES = "/dev/forgewatch/splunk/app/";

    private final FieldCatalog catalog;
    private final ContentSources content;

    public AppBuilder(FieldCatalog catalog, ContentSources content) {
        this.catalog = catalog;
        this.content = content;
    }

    public AppTree build(AppInfo app) {
        AppTree.Builder tree = AppTree.builder(app.id());
        EventtypesGenerator eventtypes = new EventtypesGenerator(catalog);
        List<Dashboard> dashboards = new DashboardsGenerator(catalog).generate();
        DetectionContent detections = content.detections();
        tree.file(AppMetadataGenerator.MANIFEST_PATH, AppMetadataGenerator.manifest(app))
                .file("README.md", resource("README.md"))
                .file("LICENSE", resource("LICENSE"));
        for (ConfFile conf : List.of(AppMetadataGenerator.appConf(app), new PropsGenerator(catalog, detections.ipIocs()).generate(),
                LookupsGenerator.transforms(detections), LookupsGenerator.fields(), eventtypes.eventtypes(), eventtypes.tags(),
                MacrosGenerator.generate(detections.macros()), savedSearches(detections), AppMetadataGenerator.defaultMeta())) {
            tree.file(conf.path(), ConfWriter.write(conf));
        }
        for (Dashboard dashboard : dashboards) {
            tree.file(dashboard.path(), SimpleXml.dashboard(dashboard));
        }
        tree.file(SimpleXml.NAV_PATH, SimpleXml.nav(dashboards))
                .file("lookups/" + Lookups.SIGNING_KEY_IOCS.fileName(), LookupsGenerator.keyIocs(content.signingKeys()));
        for (LookupTable table : detections.lookups()) {
            tree.file("lookups/" + table.fileName(), LookupsGenerator.table(table));
        }
        Icons.all().forEach(tree::file);
        return tree.build();
    }

    /** savedsearches.conf exactly as the detection pack's compiler produced its stanzas. */
    public static ConfFile savedSearches(DetectionContent detections) {
        return ConfFile.of(SAVEDSEARCHES_PATH,
                List.of("ForgeWatch detections, compiled from the rule pack. Generated: tune with the <rule>_filter macros."),
                detections.savedSearches());
    }

    private static byte[] resource(String name) {
        try (InputStream in = AppBuilder.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("app resource " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
