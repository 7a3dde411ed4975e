package dev.forgewatch.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions. A golden file under {@code src/test/resources/golden/} pins generated
 * output; when the output changes on purpose, regenerate with
 * {@code mvn test -Dforgewatch.updateGolden=true} and review the diff before committing.
 */
public final class Golden {
    public static final String UPDATE_PROPERTY = "forgewatch.updateGolden";

    private Golden() {
    }

    /** Asserts {@code actual} equals the golden file at {@code relativePath} (below the module's golden folder). */
    public static void assertMatches(String relativePath, String actual) {
        Path file = Path.of("src", "test", "resources", "golden").resolve(relativePath);
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " is missing; create it with -D" + UPDATE_PROPERTY + "=true and review it");
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual)
                    .as("generated output differs from golden file %s (if the change is intended, rerun with -D%s=true "
                            + "and review the diff)", file, UPDATE_PROPERTY)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
