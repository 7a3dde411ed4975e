package dev.forgewatch.collector.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.collector.CollectorConfig;
import dev.forgewatch.collector.auth.ClientCredential;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Shared set-up for collector runs against {@link FakeMicrosoft}, and readers of what they wrote. */
public final class TestRuns {
    private TestRuns() {
    }

    /** Where a fake listens; lets a child JVM configure a run against a fake it does not own. */
    public interface Root {
        java.net.URI root();
    }

    /** A config for the fake: secret client, its certificate trusted as a lab CA, small files. */
    public static CollectorConfig.Builder config(Root fake, Path out) {
        return config(fake, out, TestCertificates.server().certificatePem());
    }

    public static CollectorConfig.Builder config(Root fake, Path out, Path trustedPem) {
        return CollectorConfig.builder()
                .tenantId(FakeMicrosoft.TENANT)
                .clientId(FakeMicrosoft.SECRET_CLIENT)
                .credential(new ClientCredential.ClientSecret(Secret.of(FakeMicrosoft.CLIENT_SECRET)))
                .authority(fake.root())
                .manageApi(fake.root())
                .graphApi(fake.root())
                .manageResource("https://manage.office.com")
                .graphResource("https://graph.microsoft.com")
                .outputDir(out)
                .tls(TlsOptions.trusting(trustedPem))
                .requestTimeout(Duration.ofSeconds(20))
                .settle(Duration.ZERO);
    }

    /** Every record in the published files under {@code dir} (hidden temp files are skipped, as hunt does). */
    public static List<JsonNode> published(Path dir) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(dir)) {
            return records;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz")).sorted().toList();
        }
        for (Path file : files) {
            if (file.getFileName().toString().startsWith(".")) {
                continue;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    records.add(Json.MAPPER.readTree(line));
                }
            }
        }
        return records;
    }
}
