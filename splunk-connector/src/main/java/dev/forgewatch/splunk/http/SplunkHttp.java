package dev.forgewatch.splunk.http;

import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.splunk.http.SplunkHttp;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * How ForgeWatch talks HTTP to Splunk (management port and HEC): common's transport, redirects not
 * followed, answers cut at 1 MiB (Splunk's replies are small JSON or XML documents). It stands in for
 * the Splunk Java SDK, which is not published on Maven Central.
 */
public final class SplunkHttp {
    static final int MAX_BODY = 1 << 20;

    private SplunkHttp() {
    }

    public static HttpTransport transport(TlsOptions tls, Duration connectTimeout, Duration requestTimeout)
            throws IOException, GeneralSecurityException {
        return HttpTransport.create(tls, connectTimeout, requestTimeout, HttpTransport.Redirects.NEVER, MAX_BODY);
    }
}
