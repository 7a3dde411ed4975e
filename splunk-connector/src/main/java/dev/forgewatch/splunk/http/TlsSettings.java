package dev.forgewatch.splunk.http;

import java.nio.file.Path;

/**
 * How HTTPS servers are verified. The default checks the certificate chain against the JVM's trust
 * store and the host name against the certificate. A lab with a self-signed Splunk certificate
 * either trusts its CA file ({@code caFile}) or, explicitly, turns verification off ({@code insecure}).
 */
public record TlsSettings(boolean insecure, Path caFile) {
    public static final TlsSettings VERIFY = new TlsSettings(false, null);

    public TlsSettings {
        if (insecure && caFile != null) {
            throw new IllegalArgumentException("choose a CA file or no verification, not both");
        }
    }

    public static TlsSettings trusting(Path caFile) {
        return new TlsSettings(false, caFile);
    }

    public static TlsSettings insecureForLabs() {
        return new TlsSettings(true, null);
    }
}
