package dev.forgewatch.elastic.client;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds the official Elasticsearch Java client for a {@link ClusterTarget}. */
public final class ElasticClients {
    private ElasticClients() {
    }

    public static ElasticsearchClient create(ClusterTarget target) throws IOException {
        return create(target, builder -> builder);
    }

    /**
     * @param extra a further HTTP client customisation, applied after TLS and authentication (the tests
     *              use it for the 7.10 node adapter; product code passes none)
     */
    public static ElasticsearchClient create(ClusterTarget target, RestClientBuilder.HttpClientConfigCallback extra)
            throws IOException {
        SSLContext ssl = target.tls() ? sslContext(target) : null;
        RestClientBuilder builder = RestClient.builder(
                new HttpHost(target.url().getHost(), target.port(), target.url().getScheme()));
        String path = target.url().getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            builder.setPathPrefix(path);
        }
        if (target.credentials() instanceof Credentials.ApiKey apiKey) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey.encoded().reveal())});
        }
        builder.setHttpClientConfigCallback(http -> {
            if (ssl != null) {
                http.setSSLContext(ssl);
                if (target.trust().insecure()) {
                    http.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE);
                }
            }
            if (target.credentials() instanceof Credentials.Basic basic) {
                BasicCredentialsProvider provider = new BasicCredentialsProvider();
                provider.setCredentials(AuthScope.ANY,
                        new UsernamePasswordCredentials(basic.username(), basic.password().reveal()));
                http.setDefaultCredentialsProvider(provider);
            }
            return extra.customizeHttpClient(http);
        });
        return new ElasticsearchClient(new RestClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    private static SSLContext sslContext(ClusterTarget target) throws IOException {
        try {
            return target.trust().sslContext();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
