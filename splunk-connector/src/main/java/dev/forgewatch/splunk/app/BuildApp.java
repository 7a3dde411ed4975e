package dev.forgewatch.splunk.app;

import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.splunk.appinspect.AppInspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Builds the app package during {@code mvn package}: generate, check the tree and the written
 * {@code .spl} read back, and fail the build with each problem's file and rule.
 * Arguments: the output folder and the Maven project version.
 */
public final class BuildApp {
    private BuildApp() {
    }

    /** Where a build put the package, and what it holds. */
    public record Result(Path spl, AppTree tree) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildApp OUTPUT_DIR MAVEN_VERSION, got " + Arrays.toString(args));
        }
        Result result = build(Path.of(args[0]), args[1], ContentSources.standard());
        System.out.println("[forgewatch] built " + result.spl() + " (" + result.tree().entries().size()
                + " entries), packaging checks passed");
    }

    /** Builds, checks and writes {@code <outputDir>/<app id>-<version>.spl}; throws when a check fails. */
    public static Result build(Path outputDir, String mavenVersion, ContentSources content) throws IOException {
        AppInfo app = AppInfo.forMavenVersion(mavenVersion);
        AppTree tree = new AppBuilder(FieldCatalog.standard(), content).build(app);
        byte[] spl = SplPackage.toBytes(tree);
        AppTree packaged = SplPackage.read(new ByteArrayInputStream(spl));
        for (AppTree checked : java.util.List.of(tree, packaged)) {
            AppInspector.Report report = AppInspector.standard().inspect(checked);
            if (!report.passed()) {
                throw new IllegalStateException("the Splunk app failed its packaging checks:\n" + report.describe());
            }
        }
        Path target = outputDir.resolve(app.id() + "-" + app.version() + ".spl");
        AtomicFiles.write(target, spl);
        return new Result(target, tree);
    }
}
