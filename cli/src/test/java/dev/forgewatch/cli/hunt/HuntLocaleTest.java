package dev.forgewatch.cli.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hunt's outputs do not depend on the machine's locale: the same sample gives the same bytes on an
 * analyst's laptop set to Arabic (Arabic-Indic digits, its own grouping and decimal signs, as
 * {@code String.format} writes them by default there) as on a CI runner in {@code C.UTF-8}.
 */
class HuntLocaleTest {
    private static final Path SAMPLE = Path.of("..", "samples", "data");
    /** Every digit, grouping sign and decimal sign differs from the root locale's. */
    private static final Locale ARABIC = Locale.forLanguageTag("ar-SA");

    @TempDir
    Path dir;

    private record Outputs(String table, String json, String err) {
    }

    private Outputs hunt(String name) throws IOException {
        Path home = dir.resolve("home-" + name);
        Path json = dir.resolve(name + ".json");
        CliRunner.Run table = CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", home.toString()),
                "hunt", "--format", "table", SAMPLE.toString());
        assertThat(table.exitCode()).as(table.err()).isZero();
        CliRunner.Run files = CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", home.toString()),
                "hunt", "--format", "json", "--output", json.toString(), SAMPLE.toString());
        assertThat(files.exitCode()).as(files.err()).isZero();
        return new Outputs(table.out(), Files.readString(json), (table.err() + files.err()).replace(json.toString(), "OUT"));
    }

    @Test
    void theSampleHuntWritesTheSameBytesInAnArabicLocale() throws IOException {
        Locale before = Locale.getDefault();
        Outputs root;
        Outputs arabic;
        try {
            Locale.setDefault(Locale.ROOT);
            root = hunt("root");
            Locale.setDefault(ARABIC);
            arabic = hunt("arabic");
        } finally {
            Locale.setDefault(before);
        }
        // the outputs hold counts the locale would have written its own way
        assertThat(root.table()).containsPattern("\\d,\\d{3} reads");
        assertThat(root.err()).containsPattern("\\d,\\d{3} records read");

        assertThat(arabic.table()).isEqualTo(root.table());
        assertThat(arabic.json()).isEqualTo(root.json());
        assertThat(arabic.err()).isEqualTo(root.err());
    }
}
