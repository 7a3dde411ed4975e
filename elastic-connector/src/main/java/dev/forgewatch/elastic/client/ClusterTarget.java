package dev.forgewatch.elastic.client;

import dev.forgewatch.common.tls.TlsOptions;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how to connect: the cluster URL, credentials, and TLS trust. TLS certificates are
 * verified against the JVM's trust store by default, or against a CA file (PEM) when given; turning
 * verification off is meant for throwaway test clusters only ({@link TlsOptions}).
 */
public record ClusterTarget(URI url, Credentials credentials, TlsOptions trust) {
    public ClusterTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trust, "trust");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the cluster URL must start with http:// or https://");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the cluster URL has no host");
        }
    }

    /** A cluster without authentication or TLS (the embedded node). */
    public static ClusterTarget plain(String url) {
        return new ClusterTarget(URI.create(url), new Credentials.None(), TlsOptions.VERIFY);
    }

    public boolean tls() {
        return "https".equals(url.getScheme());
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 443 : 80;
    }
}
