package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.elastic.assets.IngestPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;

/** Sends raw records through the installed ingest pipeline with {@code _simulate}, a batch at a time. */
final class PipelineClient {
    static final int BATCH = 1000;

    /** Records sent, documents the pipeline returned, and how many of those were pipeline errors. */
    record Counts(long records, long documents, long errors) {
    }

    private final HttpTransport http;
    private final URI simulate;

    /** @param url the local benchmark node (plain http, no credentials) */
    PipelineClient(String url) throws IOException, GeneralSecurityException {
        this.http = HttpTransport.create(TlsOptions.VERIFY, Duration.ofSeconds(10), Duration.ofMinutes(10),
                HttpTransport.Redirects.NEVER, HttpTransport.UNBOUNDED);
        this.simulate = URI.create(url + "/_ingest/pipeline/" + IngestPipeline.NAME + "/_simulate");
    }

    Counts simulate(Path file, long limit) throws IOException, InterruptedException {
        long records = 0;
        long documents = 0;
        long errors = 0;
        try (BufferedReader in = BenchData.reader(file)) {
            StringBuilder body = new StringBuilder(1 << 20);
            int batched = 0;
            String line;
            while (records < limit && (line = in.readLine()) != null) {
                body.append(batched == 0 ? "{\"docs\":[" : ",").append("{\"_source\":").append(line).append('}');
                batched++;
                records++;
                if (batched == BATCH) {
                    JsonNode docs = send(body.append("]}").toString());
                    documents += docs.size();
                    errors += errorCount(docs);
                    body.setLength(0);
                    batched = 0;
                }
            }
            if (batched > 0) {
                JsonNode docs = send(body.append("]}").toString());
                documents += docs.size();
                errors += errorCount(docs);
            }
        }
        return new Counts(records, documents, errors);
    }

    private JsonNode send(String body) throws IOException, InterruptedException {
        HttpReply response = http.post(simulate, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        if (response.status() != 200) {
            throw new IOException("_simulate answered HTTP " + response.status());
        }
        return Json.MAPPER.readTree(response.body()).path("docs");
    }

    private static long errorCount(JsonNode docs) {
        long errors = 0;
        for (JsonNode doc : docs) {
            if (doc.has("error") || "pipeline_error".equals(doc.path("doc").path("_source").path("event").path("kind").asText())) {
                errors++;
            }
        }
        return errors;
    }
}
