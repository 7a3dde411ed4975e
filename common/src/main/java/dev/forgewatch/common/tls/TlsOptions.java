package dev.forgewatch.common.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * How HTTPS servers are verified, the same for every network path (Microsoft APIs, Elasticsearch,
 * Splunk, JWKS endpoints). The default checks the certificate chain against the JVM's trust store
 * and the host name against the certificate. A lab with its own CA names that CA's PEM file
 * ({@code caFile}) or, explicitly, turns verification off ({@code insecure}).
 */
public record TlsOptions(boolean insecure, Path caFile) {
    public static final TlsOptions VERIFY = new TlsOptions(false, null);

    public TlsOptions {
        if (insecure && caFile != null) {
            throw new IllegalArgumentException("choose a CA file or no verification, not both");
        }
    }

    public static TlsOptions trusting(Path caFile) {
        return new TlsOptions(false, caFile);
    }

    public static TlsOptions insecureForLabs() {
        return new TlsOptions(true, null);
    }

    /** The SSL context these options describe (see {@link Tls}). */
    public SSLContext sslContext() throws IOException, GeneralSecurityException {
        return Tls.of(insecure, caFile);
    }
}
