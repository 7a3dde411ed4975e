package dev.forgewatch.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.forgewatch.cli.ExitCodes;
import dev.forgewatch.cli.Main;
import dev.forgewatch.cli.Terminal;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.token.ledger.JwksFetcher;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.LedgerFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    private static final String ORG_TENANT = "4f1c2d3e-5b6a-4789-9abc-def012345678";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private byte[] stdin = new byte[0];
    private final AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().endsWith("/keys") ? 200 : 404;
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private int run(KeysCommand.Fetchers fetchers, String... args) {
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, Map.of("FORGEWATCH_HOME", home.toString()));
        return new Main(List.of(new KeysCommand(() -> new ByteArrayInputStream(stdin), fetchers, CLOCK))).run(List.of(args), terminal);
    }

    private int offline(String... args) {
        return run((timeout, insecure) -> {
            throw new AssertionError("offline commands must not touch the network");
        }, args);
    }

    private int online(String... args) {
        return run((timeout, insecure) -> JwksFetcher.create(timeout, insecure), args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsTheShippedSnapshotWithTheCompromisedKeyWithoutTheNetwork() {
        assertThat(offline("keys", "list")).isEqualTo(ExitCodes.OK);

        assertThat(stdout()).startsWith("Ledger: the snapshot shipped with ForgeWatch (no " + home.resolve("keys/ledger.json") + " yet)"
                + " (snapshot 2024-10-26, 60 keys)");
        assertThat(stdout()).contains("Coverage: common v2.0 2024-06-05..2024-10-26, organizations v2.0 2024-09-27..2024-10-26")
                .contains("IOC list: 1 compromised key (updated 2026-11-23)");
        assertThat(stdout().lines().filter(line -> line.startsWith("1LTMzakihiRla_8z2BEJVXeWMqo")).findFirst().orElseThrow())
                .contains("consumers", "2019-02-10", "2023-06-27", "2023-07-05", "2021-04-04", "yes", "common v2.0", "COMPROMISED");
    }

    @Test
    void listAsJsonIsTheLedgerFormat() throws Exception {
        assertThat(offline("keys", "list", "--format", "json")).isEqualTo(ExitCodes.OK);

        JsonNode ledger = Json.MAPPER.readTree(stdout());
        assertThat(ledger.path("format").asInt()).isEqualTo(1);
        assertThat(ledger.path("keys").size()).isEqualTo(60);
    }

    @Test
    void refreshMergesIntoTheUsersLedgerAndKeepsHistory() throws Exception {
        KeyPair key = rsa();
        String url = url("/organizations/discovery/v2.0/keys");
        jwks.set("{\"keys\":[" + jwk("fresh-key-1", key) + "]}");

        assertThat(online("keys", "refresh", "--url", url, "--timeout", "5")).isEqualTo(ExitCodes.OK);
        Path ledgerFile = home.resolve("keys/ledger.json");
        assertThat(stdout()).contains(url + ": 1 keys; 1 new, 0 back, 0 missing").contains("Ledger written to " + ledgerFile + " (61 keys)");
        KeyLedger written = LedgerFiles.load(ledgerFile);
        assertThat(written.find("fresh-key-1", null).orElseThrow().firstSeen()).hasToString("2025-03-01");
        assertThat(written.covers(java.time.LocalDate.of(2025, 3, 1), dev.forgewatch.token.ledger.KeyScope.ORGANIZATIONS)).isTrue();

        jwks.set("{\"keys\":[]}");
        out.reset();
        assertThat(online("keys", "refresh", "--url", url)).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("0 keys; 0 new, 0 back, 1 missing");
        assertThat(LedgerFiles.load(ledgerFile).find("fresh-key-1", null)).isPresent();

        out.reset();
        assertThat(offline("keys", "list")).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).startsWith("Ledger: " + ledgerFile).contains("fresh-key-1").contains("organizations v2.0 (missing since 2025-03-01)");
    }

    @Test
    void aFailedFetchIsOneLineAndLeavesTheLedgerAlone() {
        assertThat(online("keys", "refresh", "--url", url("/nothing-here"))).isEqualTo(ExitCodes.ERROR);

        assertThat(stderr()).contains("forgewatch keys: " + url("/nothing-here") + ": the server answered HTTP 404")
                .contains("nothing fetched");
        assertThat(home.resolve("keys/ledger.json")).doesNotExist();
    }

    @Test
    void inspectReadsAForgedTokenFromStdinAndReportsWithoutEchoingIt() throws Exception {
        String forged = forgedStormToken();
        stdin = ("Authorization: Bearer " + forged + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(offline("keys", "inspect", "--at", "2023-06-20T03:05:00Z")).isEqualTo(ExitCodes.FOUND);

        assertThat(stdout()).contains("CRITICAL compromised-key", "CRITICAL cross-scope-key", "HIGH     certificate-expired-at-iat",
                "HIGH     signature-invalid", "kid 1LTMzakihiRla_8z2BEJVXeWMqo", "scope consumers");
        assertThat(stdout() + stderr()).doesNotContain(forged).doesNotContain(forged.substring(forged.lastIndexOf('.') + 1));
    }

    @Test
    void inspectReadsAFileAsJsonAndSaysWhenThereIsNothingToReport() throws Exception {
        String token = signed(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("someone-elses-key").build(),
                new JWTClaimsSet.Builder().issuer("https://idp.example.com").build()));
        Path file = home.resolve("record.json");
        Files.writeString(file, "{\"headers\":{\"Authorization\":\"Bearer " + token + "\"}}");

        assertThat(offline("keys", "inspect", file.toString(), "--format", "json")).isEqualTo(ExitCodes.OK);

        JsonNode reports = Json.MAPPER.readTree(stdout());
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).path("findings")).isEmpty();
        assertThat(reports.get(0).path("signature").asText()).isEqualTo("not checked: not a Microsoft token");
    }

    @Test
    void aTokenGivenAsAnArgumentIsRefusedWithoutRepeatingIt() throws Exception {
        String forged = forgedStormToken();

        assertThat(offline("keys", "inspect", forged)).isEqualTo(ExitCodes.ERROR);
        assertThat(stderr()).contains("looks like a token; give tokens on stdin or in a file").doesNotContain(forged);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void usageErrors() {
        assertThat(offline("keys")).isEqualTo(ExitCodes.ERROR);
        assertThat(offline("keys", "rotate")).isEqualTo(ExitCodes.ERROR);
        assertThat(offline("keys", "list", "--url", "https://x")).isEqualTo(ExitCodes.ERROR);
        assertThat(offline("keys", "list", "--format", "yaml")).isEqualTo(ExitCodes.ERROR);
        assertThat(offline("keys", "inspect", "--at", "yesterday")).isEqualTo(ExitCodes.ERROR);
        assertThat(offline("keys", "inspect")).isEqualTo(ExitCodes.ERROR);
        assertThat(offline("keys", "list", "--ledger", home.resolve("missing.json").toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(stderr().lines()).hasSize(7).allMatch(line -> line.startsWith("forgewatch keys: ") && line.contains("--help"));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String jwk(String kid, KeyPair key) {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"n\":\"" + Base64URL.encode(publicKey.getModulus()) + "\",\"e\":\""
                + Base64URL.encode(publicKey.getPublicExponent()) + "\",\"issuer\":\"https://login.microsoftonline.com/{tenantid}/v2.0\"}";
    }

    /** What Storm-0558 made: the stolen MSA key's kid on an enterprise v1 token (signed here with a random key). */
    private static String forgedStormToken() throws Exception {
        Instant issued = Instant.parse("2023-06-20T03:00:00Z");
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("1LTMzakihiRla_8z2BEJVXeWMqo").build(),
                new JWTClaimsSet.Builder().issuer("https://sts.windows.net/" + ORG_TENANT + "/").claim("tid", ORG_TENANT)
                        .audience("https://outlook.office365.com").claim("ver", "1.0").issueTime(Date.from(issued))
                        .notBeforeTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(4800))).build());
        return signed(jwt);
    }

    private static String signed(SignedJWT jwt) throws Exception {
        try {
            jwt.sign(new RSASSASigner(rsa().getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
