package dev.forgewatch.common.tls;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Recognizes a failed TLS handshake (an untrusted or mismatched certificate) under whatever a client
 * library wraps it in, and says why in words. Such a failure does not get better by asking again,
 * so every network path fails at once on it instead of retrying.
 */
public final class TlsFailure {
    private TlsFailure() {
    }

    /** True when {@code e} or one of its causes is a TLS handshake or certificate failure. */
    public static boolean isHandshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
                    || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the handshake failed, in a few words (never the server's text beyond the JDK's reason). Every
     * message along the cause chain is read: client libraries wrap the JDK's reason differently, and a
     * certificate signed by another CA of the same name fails deep down as a signature check.
     */
    public static String reason(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        String message = messages.toString();
        if (message.contains("No subject alternative") || message.contains("No name matching")
                || message.contains("doesn't match any of the subject alternative names")
                || message.contains("doesn't match common name") || message.contains("does not match the certificate subject")) {
            // the JDK's endpoint identification; Apache's hostname verifier (under the Elasticsearch client)
            return "certificate is for another host";
        }
        if (message.contains("validity check failed") || message.contains("NotAfter") || message.contains("expired")) {
            return "certificate expired or not yet valid";
        }
        if (message.contains("PKIX") || message.contains("unable to find valid certification path")
                || message.contains("signature check failed")) {
            return "certificate not trusted";
        }
        return "handshake failed";
    }

    /**
     * One message for every command: what failed, why, and the two ways out.
     *
     * @param caOption the command's option naming a CA file (e.g. {@code --ca-file})
     */
    public static String describe(String host, Throwable e, String caOption) {
        return "TLS with " + host + " failed (" + reason(e) + "): the server's certificate is not trusted by this Java"
                + " runtime or does not match the host. Trust its CA with " + caOption
                + " FILE, or for a throw-away lab only, turn verification off with --insecure";
    }
}
