package dev.forgewatch.elastic.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to connect: the cluster URL, credentials, and TLS trust. TLS certificates are
 * verified against the JVM's trust store by default, or against {@code caCertificate} (PEM) when
 * given; {@code insecure} turns verification off and is meant for throwaway test clusters only.
 */
public record ClusterTarget(URI url, Credentials credentials, Path caCertificate, boolean insecure) {
    public ClusterTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the cluster URL must start with http:// or https://, got " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the cluster URL has no host: " + url);
        }
    }

    /** A cluster without authentication or TLS (the embedded node). */
    public static ClusterTarget plain(String url) {
        return new ClusterTarget(URI.create(url), new Credentials.None(), null, false);
    }

    public boolean tls() {
        return "https".equals(url.getScheme());
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 443 : 80;
    }
}
