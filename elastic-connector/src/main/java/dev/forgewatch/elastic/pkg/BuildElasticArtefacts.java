package dev.forgewatch.elastic.pkg;

import dev.forgewatch.common.io.AtomicFiles;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.elastic.kibana.KibanaFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates the Elastic artefacts during {@code mvn package} (exec-maven-plugin, {@code prepare-package}):
 * the Kibana import files per supported stack line under {@code kibana/}, the integration package under
 * {@code package/forgewatch/} and its zip {@code forgewatch-<version>.zip}. Arguments: the output folder
 * and the Maven project version.
 */
public final class BuildElasticArtefacts {
    private BuildElasticArtefacts() {
    }

    /** What a build wrote. */
    public record Result(Path kibana, Path packageFolder, Path zip, int files) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildElasticArtefacts OUTPUT_DIR MAVEN_VERSION, got " + Arrays.toString(args));
        }
        Result result = build(Path.of(args[0]), args[1]);
        System.out.println("[forgewatch] built " + result.kibana() + " (" + StackLines.standard().supported() + "), "
                + result.packageFolder() + " and " + result.zip() + " (" + result.files() + " files)");
    }

    public static Result build(Path outputDir, String version) throws IOException {
        FieldCatalog catalog = FieldCatalog.standard();
        RuleSet rules = RulePack.standard().rules();
        StackLines lines = StackLines.standard();
        Map<String, String> kibana = KibanaFiles.files(catalog, rules, RulePack.standard().tuning(), lines);
        Map<String, String> pkg = new IntegrationPackage(catalog, EcsReference.pinned(), version, lines).files(rules);
        Path kibanaDir = outputDir.resolve("kibana");
        Path packageDir = outputDir.resolve("package").resolve(IntegrationPackage.NAME);
        replaceTree(kibanaDir, kibana);
        replaceTree(packageDir, pkg);
        Path zip = outputDir.resolve(PackageArchive.folder(version) + ".zip");
        AtomicFiles.write(zip, PackageArchive.zip(pkg, version));
        return new Result(kibanaDir, packageDir, zip, kibana.size() + pkg.size());
    }

    /** Replaces the folder's contents with the files (generated output, rebuilt whole each time). */
    public static void replaceTree(Path dir, Map<String, String> files) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            AtomicFiles.writeString(target, file.getValue());
        }
    }
}
