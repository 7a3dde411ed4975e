package dev.forgewatch.elastic.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.testing.Golden;
import dev.forgewatch.elastic.pkg.BuildElasticArtefacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stale check for generated files the repository also commits (the integration package, the Kibana
 * import files): the committed folder must hold exactly what the build generates now. With
 * {@code -Dforgewatch.updateGolden=true} it is rewritten.
 */
public final class GeneratedTree {
    private GeneratedTree() {
    }

    public static void assertCurrent(Path dir, Map<String, String> files) {
        try {
            if (Boolean.getBoolean(Golden.UPDATE_PROPERTY)) {
                BuildElasticArtefacts.replaceTree(dir, files);
            }
            List<String> onDisk = new ArrayList<>();
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(p -> onDisk.add(dir.relativize(p).toString().replace('\\', '/')));
                }
            }
            assertThat(onDisk).as("files in %s (regenerate with -D%s=true)", dir, Golden.UPDATE_PROPERTY)
                    .containsExactlyInAnyOrderElementsOf(files.keySet());
            for (Map.Entry<String, String> file : files.entrySet()) {
                assertThat(Files.readString(dir.resolve(file.getKey()), StandardCharsets.UTF_8))
                        .as("%s/%s is stale (regenerate with -D%s=true)", dir, file.getKey(), Golden.UPDATE_PROPERTY)
                        .isEqualTo(file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
