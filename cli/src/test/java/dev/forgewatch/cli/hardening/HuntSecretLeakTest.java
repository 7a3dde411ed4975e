package dev.forgewatch.cli.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.cli.CliRunner;
import dev.forgewatch.cli.hunt.HuntCommand;
import dev.forgewatch.token.testing.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code hunt}, end to end, over inputs full of tokens (signed at test time with test
 * keys, some naming the bundled IOC key so the rule pack raises findings on them) and client
 * secrets, in every output format with the HTML report and the quarantine file. Nothing the run
 * writes or prints may contain a token, a signature segment or a secret value.
 */
class HuntSecretLeakTest {
    /** The Storm-0558 key id on the bundled IOC list: tokens naming it become findings. */
    private static final String IOC_KID = "1LTMzakihiRla_8z2BEJVXeWMqo";

    @TempDir
    Path dir;

    private final Set<String> secrets = new LinkedHashSet<>();

    private String token(String token) {
        secrets.add(token);
        String[] segments = token.split("\\.");
        for (int i = 2; i < segments.length; i++) {
            if (segments[i].length() >= 16) {
                secrets.add(segments[i]);
            }
        }
        return token;
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    @Test
    void noTokenSignatureOrSecretReachesAnyOutputFileOrStream() throws IOException {
        String forged = token(TestTokens.token().kid(IOC_KID).header("x5t", IOC_KID).v1().build());
        String consumer = token(TestTokens.token().kid(IOC_KID).consumer().claim("aud", "https://outlook.office365.com").build());
        String hmac = token(TestTokens.token().hmac("a-32-byte-shared-secret-for-hs256".getBytes(StandardCharsets.US_ASCII)).build());
        String plain = token(TestTokens.token().build());
        // made up per run, like the tokens: no secret is ever written into the sources
        String clientSecret = secret("Qx8Q~" + UUID.randomUUID().toString().replace("-", "") + ".cs_42");
        String basic = secret(Base64.getEncoder().encodeToString(("admin:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
        String opaque = secret("opaque-" + UUID.randomUUID());
        String password = secret("pw-" + UUID.randomUUID());

        Path inputs = dir.resolve("inputs");
        Files.createDirectories(inputs);
        String ts = "2023-06-01T10:05:00Z";
        List<String> app = new ArrayList<>();
        for (String t : List.of(forged, consumer, hmac, plain)) {
            app.add("{\"@timestamp\":\"" + ts + "\",\"client_ip\":\"203.0.113.9\",\"user\":\"alex.wilber@fabrikam.example\","
                    + "\"headers\":{\"Authorization\":\"Bearer " + t + "\"},\"url\":\"https://mail.fabrikam.example/owa/?access_token="
                    + t + "&client_secret=" + clientSecret + "\",\"message\":\"retry with " + t + "\"}");
        }
        app.add("{\"@timestamp\":\"" + ts + "\",\"client_ip\":\"203.0.113.9\",\"headers\":{\"Authorization\":\"Basic " + basic
                + "\",\"Proxy-Authorization\":\"Bearer " + opaque + "\"},\"client_secret\":\"" + clientSecret + "\",\"password\":\""
                + password + "\",\"token\":\"" + forged + "\"}");
        // rejected by the normalizer (no time at all), so quarantined with an excerpt
        app.add("{\"no_time\":true,\"authorization\":\"Basic " + basic + "\",\"client_secret\":\"" + clientSecret + "\",\"password\":\""
                + password + "\",\"token\":\"" + forged + "\"}");
        // broken JSON, quarantined at read time with an excerpt of the text
        app.add("{\"@timestamp\":\"" + ts + "\",\"authorization\":\"Basic " + basic + "\",\"client_secret\":\"" + clientSecret
                + "\",\"password\":\"" + password + "\",\"Authorization\":\"Bearer " + opaque + "\",\"broken " + forged);
        Files.writeString(inputs.resolve("app.ndjson"), String.join("\n", app) + "\n", StandardCharsets.UTF_8);

        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(inputs.resolve("proxy.ndjson.gz")))) {
            out.write(("{\"timestamp\":\"" + ts + "\",\"access_token\":\"" + consumer + "\",\"request\":{\"headers\":{\"authorization\":\"Bearer "
                    + forged + "\"}}}\n").getBytes(StandardCharsets.UTF_8));
        }

        String clf = "[01/Jun/2023:10:05:00 +0000]";
        Files.writeString(inputs.resolve("access.log"), String.join("\n",
                "203.0.113.9 - - " + clf + " \"GET /owa/?access_token=" + forged + "&client_secret=" + clientSecret
                        + " HTTP/1.1\" 200 10 \"-\" \"curl/8\" \"Bearer " + consumer + "\"",
                "203.0.113.9 - - " + clf + " \"POST /token HTTP/1.1\" 200 10 \"https://ref.example/?id_token=" + hmac + "\" \"ua\"",
                "garbage line Authorization: Basic " + basic + " client_secret=" + clientSecret + " password=" + password + " " + forged,
                "203.0.113.9 - - [99/Jun/2023:10:05:00 +0000] \"GET /?client_secret=" + clientSecret + "&access_token=" + forged
                        + " HTTP/1.1\" 200 1"),
                StandardCharsets.UTF_8);

        String ual = new String(TestTokens.class.getResourceAsStream("/records/mailitemsaccessed-bind.json").readAllBytes(),
                StandardCharsets.UTF_8)
                .replace("\"ClientInfoString\": \"Client=OWA;", "\"ClientInfoString\": \"Client=OWA;access_token=" + forged
                        + "&client_secret=" + clientSecret + ";Bearer " + consumer + ";");
        Files.writeString(inputs.resolve("ual.json"), "[" + ual + "]", StandardCharsets.UTF_8);

        Path outputs = dir.resolve("outputs");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Path temp = dir.resolve("temp");
        Files.createDirectories(temp);
        StringBuilder printed = new StringBuilder();
        long findingsRuns = 0;
        for (String format : List.of("table", "ndjson", "json", "csv")) {
            CliRunner.Run run = CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", home.toString()), "hunt",
                    "--format", format, "--output", outputs.resolve("findings." + format).toString(),
                    "--report", outputs.resolve("report-" + format + ".html").toString(),
                    "--quarantine", outputs.resolve("quarantine-" + format + ".ndjson").toString(),
                    "--temp-dir", temp.toString(), "--sort-chunk", "2", "--debug", inputs.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            printed.append(run.out()).append(run.err());
            // and once to stdout
            CliRunner.Run stdout = CliRunner.run(List.of(HuntCommand.standard()), Map.of("FORGEWATCH_HOME", home.toString()), "hunt",
                    "--format", format, "--temp-dir", temp.toString(), inputs.toString());
            printed.append(stdout.out()).append(stdout.err());
            findingsRuns++;
        }

        String findingsNdjson = Files.readString(outputs.resolve("findings.ndjson"));
        assertThat(findingsNdjson).as("the forged tokens must raise findings, or the outputs are empty").contains("compromised");
        assertThat(Files.readString(outputs.resolve("quarantine-json.ndjson")).lines().count()).isGreaterThanOrEqualTo(3);
        assertThat(findingsRuns).isEqualTo(4);

        List<Path> written;
        try (Stream<Path> files = Stream.concat(Files.walk(outputs), Stream.concat(Files.walk(home), Files.walk(temp)))) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertThat(written).hasSizeGreaterThanOrEqualTo(12);
        for (Path file : written) {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(content).as("%s holds a secret of %d characters", dir.relativize(file), secret.length()).doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(printed.toString()).as("stdout/stderr hold a secret of %d characters", secret.length()).doesNotContain(secret);
        }
    }
}
