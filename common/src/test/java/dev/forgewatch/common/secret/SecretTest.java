package dev.forgewatch.common.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
    private static final String VALUE = "hec-7f3a9c1d-token";

    @TempDir
    Path dir;

    @Test
    void neverShowsItselfAndIsOnlyEqualToItself() {
        Secret secret = Secret.of(VALUE);
        assertThat(secret.toString()).isEqualTo("[secret]");
        assertThat(String.valueOf(secret)).doesNotContain(VALUE);
        assertThat(secret).isNotEqualTo(Secret.of(VALUE));
        assertThat(secret.reveal()).isEqualTo(VALUE);
    }

    @Test
    void isTrimmedAndMayNotBeBlank() {
        assertThat(Secret.of("  " + VALUE + "\n").reveal()).isEqualTo(VALUE);
        assertThatThrownBy(() -> Secret.of(" \t")).isInstanceOf(IllegalArgumentException.class).hasMessage("secret is empty");
    }

    @Test
    void closingOverwritesItAndItCannotBeRevealedAfterwards() {
        Secret secret = Secret.of(VALUE);
        char[] copy = secret.chars();
        secret.close();
        assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class).hasMessageNotContaining(VALUE);
        assertThatThrownBy(secret::chars).isInstanceOf(IllegalStateException.class);
        assertThat(new String(copy)).as("a copy handed out before is the caller's to overwrite").isEqualTo(VALUE);
    }

    @Test
    void comesFromTheEnvironmentElseAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "\n  " + VALUE + "  \n");
        assertThat(Secret.fromEnvOrFile(Map.of("FORGEWATCH_HEC_TOKEN", "from-env"), "FORGEWATCH_HEC_TOKEN", file, "HEC token")
                .reveal()).isEqualTo("from-env");
        assertThat(Secret.fromEnvOrFile(Map.of(), "FORGEWATCH_HEC_TOKEN", file, "HEC token").reveal()).isEqualTo(VALUE);
        assertThatThrownBy(() -> Secret.fromEnvOrFile(Map.of(), "FORGEWATCH_HEC_TOKEN", null, "HEC token"))
                .hasMessage("no HEC token: set FORGEWATCH_HEC_TOKEN or give a file holding it");
    }

    @Test
    void aMissingOrEmptyFileIsAClearErrorNamingTheFileNotItsContent() throws IOException {
        Path blank = Files.writeString(dir.resolve("blank"), " \n\t\n");
        assertThatThrownBy(() -> Secret.fromFile(blank, "password")).isInstanceOf(IOException.class)
                .hasMessage("the password file " + blank + " is empty");
        assertThatThrownBy(() -> Secret.fromFile(dir.resolve("none"), "API key")).isInstanceOf(IOException.class)
                .hasMessage("the API key file " + dir.resolve("none") + " does not exist");
    }
}
