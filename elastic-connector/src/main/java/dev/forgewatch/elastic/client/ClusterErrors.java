package dev.forgewatch.elastic.client;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import dev.forgewatch.common.http.ServerText;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsFailure;
import java.io.IOException;
import java.util.List;
import org.elasticsearch.client.ResponseException;

/**
 * What a failure of the Elasticsearch client may say on a terminal. The client's exceptions quote
 * the cluster's answer, and a cluster (or a proxy before it) can reflect the request's headers, API
 * key included: their text is bounded, redacted and masked of the credentials sent, and the raw
 * exception is not kept as the cause. A TLS handshake failure becomes the one TLS message.
 */
public final class ClusterErrors {
    private ClusterErrors() {
    }

    /** {@code e} itself when it carries no server text; else an {@link IOException} that quotes it safely. */
    public static Exception quoted(Exception e, ClusterTarget target) {
        if (TlsFailure.isHandshakeFailure(e)) {
            IOException tls = new IOException(TlsFailure.describe(target.url().getHost(), e, "--ca-cert"));
            tls.setStackTrace(e.getStackTrace());
            return tls;
        }
        if (!carriesServerText(e)) {
            return e;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        IOException quoted = new IOException("Elasticsearch at " + target.url().getHost() + " failed: "
                + ServerText.excerpt(message, secrets(target.credentials())));
        quoted.setStackTrace(e.getStackTrace());
        return quoted;
    }

    private static boolean carriesServerText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException || t instanceof TransportException || t instanceof ResponseException) {
                return true;
            }
        }
        return false;
    }

    private static List<Secret> secrets(Credentials credentials) {
        if (credentials instanceof Credentials.ApiKey key) {
            return List.of(key.encoded());
        }
        if (credentials instanceof Credentials.Basic basic) {
            return List.of(basic.password());
        }
        return List.of();
    }
}
