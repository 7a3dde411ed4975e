package dev.forgewatch.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.ingest.IngestLimits;
import dev.forgewatch.common.ingest.InputOpener;
import dev.forgewatch.common.mapping.CanonicalEventCodec;
import dev.forgewatch.common.mapping.CimMapper;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.pipeline.EventReader;
import dev.forgewatch.common.pipeline.ProgressListener;
import dev.forgewatch.common.pipeline.RunStats;
import dev.forgewatch.common.quarantine.NdjsonQuarantineWriter;
import dev.forgewatch.token.extract.AccessLogParser;
import dev.forgewatch.token.extract.ExtractionSettings;
import dev.forgewatch.token.extract.TokenExtractor;
import dev.forgewatch.token.inspect.TokenReport;
import dev.forgewatch.token.parse.TokenParser;
import dev.forgewatch.token.testing.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads files full of tokens (app NDJSON, a JSON document, gzip, access logs, lines that get
 * quarantined) through the real reader, normalizer and token inspection, then looks for every token
 * and every signature segment in everything produced: events (fields, raw, ECS, CIM, codec JSON),
 * quarantine output and reports. None may appear.
 */
class TokenSecretLeakTest {
    @TempDir
    Path dir;

    private final List<String> tokens = new ArrayList<>();

    private String secret(String token) {
        tokens.add(token);
        return token;
    }

    @Test
    void noTokenOrSignatureSurvivesReadingNormalizingAndInspecting() throws IOException {
        Instant at = TestTokens.ISSUED.plus(Duration.ofMinutes(5));
        String ts = at.toString();
        String valid = secret(TestTokens.token().build());
        String forged = secret(TestTokens.token().signedBy(TestTokens.STOLEN_KEY).v1().build());
        String consumer = secret(TestTokens.token().signedBy(TestTokens.CONSUMER_KEY).consumer().claim("aud", "https://outlook.office365.com").build());
        String unsigned = secret(TestTokens.token().unsigned().build() + "c2lnbmF0dXJlLWFmdGVyLWFsZy1ub25lLXRoYXQtaXMtc2VjcmV0");
        String hmac = secret(TestTokens.token().hmac("a-32-byte-shared-secret-for-hs256".getBytes(StandardCharsets.US_ASCII)).build());
        String nested = secret(TestTokens.token().claim("upn", valid).claim("aud", forged).build());
        String jwe = secret("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.ZW5jcnlwdGVkLWtleS1ieXRlcw.aXY."
                + "Y2lwaGVydGV4dC1ieXRlcy10aGF0LWFyZS1zZWNyZXQtYW5kLWxvbmc.dGFnLWJ5dGVzLXNlY3JldA");
        String huge = secret(TestTokens.token().claim("pad", "x".repeat(20_000)).build());
        String broken = secret(valid.substring(0, 40) + "\u0001" + valid.substring(40));

        Path app = dir.resolve("app.ndjson");
        Files.writeString(app, String.join("\n",
                "{\"@timestamp\":\"" + ts + "\",\"client_ip\":\"203.0.113.9\",\"headers\":{\"Authorization\":\"Bearer " + valid + "\"}}",
                "{\"@timestamp\":\"" + ts + "\",\"request\":{\"headers\":{\"authorization\":\"Bearer " + forged + "\"}},\"url\":\"/owa?access_token=" + forged + "\"}",
                "{\"@timestamp\":\"" + ts + "\",\"http.request.headers.authorization\":\"Bearer " + consumer + "\",\"message\":\"retry with " + consumer + "\"}",
                "{\"@timestamp\":\"" + ts + "\",\"token\":\"" + unsigned + "\",\"jwt\":\"" + hmac + "\",\"list\":[\"" + nested + "\"]}",
                "{\"@timestamp\":\"" + ts + "\",\"authorization\":\"Bearer " + jwe + "\",\"note\":{\"deep\":{\"x\":\"" + huge + "\"}}}",
                "{\"@timestamp\":\"" + ts + "\",\"authorization\":\"Bearer " + broken + "\",\"cookie\":\"s=" + valid + "\"}",
                "{\"no_timestamp\":true,\"authorization\":\"Bearer " + valid + "\",\"message\":\"" + forged + "\"}",
                "{\"@timestamp\":\"" + ts + "\",\"broken json " + valid),
                StandardCharsets.UTF_8);
        Path document = dir.resolve("gateway.json");
        Files.writeString(document, "[{\"time\":\"" + ts + "\",\"requestHeaders\":[{\"name\":\"Authorization\",\"value\":\"Bearer "
                + consumer + "\"}],\"requestUri\":\"/api?id_token=" + nested + "\"}]", StandardCharsets.UTF_8);
        Path gzipped = dir.resolve("proxy.ndjson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(("{\"timestamp\":\"" + ts + "\",\"access_token\":\"" + forged + "\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        Path access = dir.resolve("access.log");
        String clf = "[01/Jun/2023:10:05:00 +0000]";
        Files.writeString(access, String.join("\n",
                "203.0.113.9 - - " + clf + " \"GET /mail?access_token=" + valid + "&x=1 HTTP/1.1\" 200 10 \"-\" \"curl/8\"",
                "203.0.113.9 - - " + clf + " \"GET /mail HTTP/1.1\" 200 10 \"https://ref.example/?id_token=" + forged + "\" \"ua\" \"Bearer " + hmac + "\"",
                "203.0.113.9 - - " + clf + " \"GET /mail?id_token=" + jwe + " HTTP/1.1\" 200 10",
                "not an access log line but it has " + valid + " in it",
                "203.0.113.9 - - [99/Jun/2023:10:05:00 +0000] \"GET /?access_token=" + forged + " HTTP/1.1\" 200 1"),
                StandardCharsets.UTF_8);

        FieldCatalog catalog = FieldCatalog.standard();
        TokenInspection inspection = new TokenInspection(new TokenExtractor(ExtractionSettings.DEFAULT), new TokenParser(),
                TestTokens.inspector(), 64);
        Path quarantineFile = dir.resolve("quarantine.ndjson");
        List<CanonicalEvent> events = new ArrayList<>();
        RunStats stats = new RunStats();
        try (NdjsonQuarantineWriter quarantine = NdjsonQuarantineWriter.create(quarantineFile)) {
            new EventReader(new InputOpener(IngestLimits.DEFAULT, new AccessLogParser()), new Normalizer(catalog, inspection),
                    quarantine, stats, ProgressListener.NONE).read(List.of(app, document, gzipped, access), events::add);
        }

        StringBuilder output = new StringBuilder(Files.readString(quarantineFile));
        EcsMapper ecs = new EcsMapper(catalog);
        CimMapper cim = new CimMapper(catalog);
        CanonicalEventCodec codec = new CanonicalEventCodec(catalog);
        for (CanonicalEvent event : events) {
            output.append(event).append(event.raw()).append(ecs.toDocument(event)).append(cim.toCim(event)).append(codec.encode(event));
        }
        for (String token : tokens) {
            for (TokenReport report : inspection.inspect(dev.forgewatch.common.json.Json.MAPPER.createObjectNode().put("token", token), at)) {
                output.append(report);
            }
        }

        assertThat(stats.summary().quarantined()).isGreaterThanOrEqualTo(4);
        assertThat(events).filteredOn(event -> event.kind() == SourceKind.TOKEN).hasSizeGreaterThanOrEqualTo(12);
        assertThat(events).flatExtracting(event -> event.list(Fields.TOKEN_FINDINGS))
                .contains("compromised-key", "cross-scope-key", "consumer-tenant-on-enterprise-app", "alg-none", "alg-hmac", "malformed-token");
        String everything = output.toString();
        for (String fragment : fragments()) {
            assertThat(everything).as("a token fragment of %d characters", fragment.length()).doesNotContain(fragment);
        }
    }

    /** Each token whole and its signature-like segments: the parts that make it a credential. */
    private Set<String> fragments() {
        Set<String> fragments = new LinkedHashSet<>();
        for (String token : tokens) {
            fragments.add(token);
            String[] segments = token.split("\\.");
            for (int i = 2; i < segments.length; i++) {
                if (segments[i].length() >= 16) {
                    fragments.add(segments[i]);
                }
            }
        }
        return fragments;
    }
}
