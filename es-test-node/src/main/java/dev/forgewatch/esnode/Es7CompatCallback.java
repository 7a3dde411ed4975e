package dev.forgewatch.esnode;

import org.apache.http.Header;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClientBuilder;

/**
 * TEST AND DEMO ONLY: lets the 8.x Elasticsearch Java client talk to the embedded 7.10 node. The 8.x
 * client sends {@code application/vnd.elasticsearch+json; compatible-with=8}, which 7.10 answers with
 * 406, and expects an {@code X-Elastic-Product} response header that 7.10 does not send. Product code
 * never applies this: it is in this test-support jar, which the shipped CLI does not contain.
 *
 * <p>Compiled against the rest-client the node itself brings; the interface is the same in the 8.x
 * rest-client it runs with in the test JVM.
 */
public final class Es7CompatCallback implements RestClientBuilder.HttpClientConfigCallback {
    private static final String[] MEDIA_TYPE_HEADERS = {"Accept", "Content-Type"};

    @Override
    public HttpAsyncClientBuilder customizeHttpClient(HttpAsyncClientBuilder builder) {
        // added last, so it runs after httpclient has set Content-Type from the entity
        return builder
                .addInterceptorLast((HttpRequestInterceptor) (request, context) -> {
                    for (String name : MEDIA_TYPE_HEADERS) {
                        Header[] headers = request.getHeaders(name);
                        request.removeHeaders(name);
                        for (Header header : headers) {
                            request.addHeader(name, downgrade(header.getValue()));
                        }
                    }
                })
                .addInterceptorLast((HttpResponseInterceptor) (response, context) -> {
                    if (!response.containsHeader("X-Elastic-Product")) {
                        response.addHeader("X-Elastic-Product", "Elasticsearch");
                    }
                });
    }

    /** {@code application/vnd.elasticsearch+json; compatible-with=8} to the plain 7.x media type. */
    public static String downgrade(String mediaType) {
        if (!mediaType.contains("vnd.elasticsearch+")) {
            return mediaType;
        }
        return mediaType.contains("x-ndjson") ? "application/x-ndjson" : "application/json";
    }
}
