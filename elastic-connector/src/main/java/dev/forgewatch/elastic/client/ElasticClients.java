package dev.forgewatch.elastic.client;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
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
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + apiKey.encoded())});
        }
        builder.setHttpClientConfigCallback(http -> {
            if (ssl != null) {
                http.setSSLContext(ssl);
                if (target.insecure()) {
                    http.setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE);
                }
            }
            if (target.credentials() instanceof Credentials.Basic basic) {
                BasicCredentialsProvider provider = new BasicCredentialsProvider();
                provider.setCredentials(AuthScope.ANY,
                        new UsernamePasswordCredentials(basic.username(), new String(basic.password())));
                http.setDefaultCredentialsProvider(provider);
            }
            return extra.customizeHttpClient(http);
        });
        return new ElasticsearchClient(new RestClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    private static SSLContext sslContext(ClusterTarget target) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (target.insecure()) {
                context.init(null, new TrustManager[] {new TrustEverything()}, new SecureRandom());
            } else if (target.caCertificate() != null) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                try (InputStream in = Files.newInputStream(target.caCertificate())) {
                    int n = 0;
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                    if (n == 0) {
                        throw new IOException("no certificate in " + target.caCertificate());
                    }
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                context.init(null, trust.getTrustManagers(), new SecureRandom());
            } else {
                return SSLContext.getDefault();
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Only for --insecure: accepts any certificate. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
