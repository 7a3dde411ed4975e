package dev.forgewatch.cli.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Main;
import dev.forgewatch.cli.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling; the cluster side is tested against a real node in elastic-connector. */
class ElasticCommandTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, env);
        return new Main(List.of(new ElasticCommand())).run(List.of(args), terminal);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void installNeedsAUrl() {
        assertThat(run(Map.of(), "elastic", "install")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("--url (Elasticsearch) and/or --kibana-url").contains("FORGEWATCH_ES_URL")
                .contains("FORGEWATCH_KIBANA_URL");
    }

    @Test
    void secretsComeFromFilesAndAreNeverEchoed() throws Exception {
        Path key = temp.resolve("key");
        Files.writeString(key, "c2VjcmV0LWlkOnNlY3JldC1rZXk=\n");
        // nothing listens on port 1: the run fails on the connection, and must not show the key
        int code = run(Map.of(), "elastic", "install", "--url", "http://127.0.0.1:1", "--api-key-file", key.toString());
        assertThat(code).isEqualTo(ExitCodes.ERROR);
        assertThat(err() + out.toString(StandardCharsets.UTF_8)).doesNotContain("c2VjcmV0").contains("plain http");
    }

    @Test
    void aMissingKeyFileIsAUsageError() {
        assertThat(run(Map.of(), "elastic", "install", "--url", "https://es.example:9200", "--api-key-file",
                temp.resolve("nope").toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("does not exist");
    }

    @Test
    void aUserNeedsAPassword() {
        assertThat(run(Map.of("FORGEWATCH_ES_USERNAME", "elastic"), "elastic", "install", "--url", "https://es.example:9200"))
                .isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("--password-file");
    }

    @Test
    void shipNeedsPaths() {
        assertThat(run(Map.of(), "elastic", "ship", "--url", "https://es.example:9200")).isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("name the files or folders");
    }

    @Test
    void demoSaysHowToGetTheNodeWhenItIsMissing() {
        assertThat(run(Map.of(), "elastic", "demo", "--node-classpath", temp.resolve("absent.txt").toString()))
                .isEqualTo(ExitCodes.ERROR);
        assertThat(err()).contains("mvn -B package -DskipTests");
    }

    @Test
    void helpNamesEveryAction() {
        assertThat(run(Map.of(), "elastic", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("elastic install").contains("elastic ship").contains("elastic demo");
    }
}
