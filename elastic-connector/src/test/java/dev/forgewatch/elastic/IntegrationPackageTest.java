package dev.forgewatch.elastic;

import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.elastic.kibana.KibanaFiles;
import dev.forgewatch.elastic.pkg.EcsReference;
import dev.forgewatch.elastic.pkg.IntegrationPackage;
import dev.forgewatch.elastic.pkg.ProductVersion;
import dev.forgewatch.elastic.testing.GeneratedTree;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The stale check: the copies of the build's Elastic artefacts committed for review and download
 * ({@code package/forgewatch}, {@code kibana/<line>/}) are exactly what the build generates now.
 * Regenerate with {@code -Dforgewatch.updateGolden=true}. Their conformance to the published specs is
 * checked by {@code PackageSpecConformanceTest} and {@code KibanaRuleSchemaConformanceTest}.
 */
class IntegrationPackageTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();

    @Test
    void theCommittedPackageIsCurrent() {
        GeneratedTree.assertCurrent(Path.of("package", IntegrationPackage.NAME), new IntegrationPackage(CATALOG,
                EcsReference.pinned(), ProductVersion.current(), StackLines.standard()).files(RulePack.standard().rules()));
    }

    @Test
    void theCommittedKibanaImportFilesAreCurrent() {
        GeneratedTree.assertCurrent(Path.of("kibana"), KibanaFiles.files(CATALOG, RulePack.standard().rules(),
                RulePack.standard().tuning(), StackLines.standard()));
    }
}
