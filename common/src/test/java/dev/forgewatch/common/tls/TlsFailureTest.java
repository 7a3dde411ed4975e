package dev.forgewatch.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The reason named for a failed handshake, from the JDK's own messages as client libraries wrap them
 * (the JDK HTTP client, Apache's async client under the Elasticsearch client).
 */
class TlsFailureTest {
    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void anUnknownIssuerIsNotTrusted() {
        Throwable e = new IOException(handshake("PKIX path building failed: unable to find valid certification path to"
                + " requested target", new CertificateException("unable to find valid certification path to requested target")));
        assertThat(TlsFailure.isHandshakeFailure(e)).isTrue();
        assertThat(TlsFailure.reason(e)).isEqualTo("certificate not trusted");
    }

    @Test
    void aCertificateSignedByAnotherCaOfTheSameNameIsNotTrusted() {
        Throwable e = handshake("PKIX path validation failed: java.security.cert.CertPathValidatorException: signature check failed",
                new CertificateException(new CertPathValidatorException("signature check failed")));
        assertThat(TlsFailure.reason(e)).isEqualTo("certificate not trusted");
    }

    @Test
    void anotherHostAndExpiryAreNamedEvenUnderAPkixWrapper() {
        assertThat(TlsFailure.reason(handshake("No subject alternative names matching IP address 127.0.0.1 found",
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"))))
                .isEqualTo("certificate is for another host");
        assertThat(TlsFailure.reason(handshake("PKIX path validation failed: validity check failed",
                new CertificateExpiredException("NotAfter: Tue Jan 02 00:00:00 UTC 2024"))))
                .isEqualTo("certificate expired or not yet valid");
    }

    @Test
    void apachesHostnameVerifierIsReadToo() {
        Throwable e = new IOException(new javax.net.ssl.SSLPeerUnverifiedException(
                "Certificate for <127.0.0.1> doesn't match any of the subject alternative names: [elsewhere.example]"));
        assertThat(TlsFailure.isHandshakeFailure(e)).isTrue();
        assertThat(TlsFailure.reason(e)).isEqualTo("certificate is for another host");
    }

    @Test
    void aConnectionRefusedIsNoHandshakeFailure() {
        assertThat(TlsFailure.isHandshakeFailure(new IOException(new java.net.ConnectException("Connection refused")))).isFalse();
    }
}
