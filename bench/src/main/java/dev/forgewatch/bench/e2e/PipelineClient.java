package dev.forgewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.bench.BenchData;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.elastic.assets.IngestPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** Sends raw records through the installed ingest pipeline with {@code _simulate}, a batch at a time. */
final class PipelineClient {
    static final int BATCH = 1000;

    /** Records sent, documents the pipeline returned, and how many of those were pipeline errors. */
    record Counts(long records, long documents, long errors) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI simulate;

    PipelineClient(String url) {
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
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(simulate).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("_simulate answered HTTP " + response.statusCode());
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
