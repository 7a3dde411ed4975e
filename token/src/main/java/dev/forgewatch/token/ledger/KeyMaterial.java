package dev.forgewatch.token.ledger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;

/** Turns ledger key material into a usable public key, and checks that its parts agree. */
public final class KeyMaterial {
    private KeyMaterial() {
    }

    /** The key's RSA public key (from the certificate, else the JWK), or null when it has no material. */
    public static RSAPublicKey publicKey(LedgerKey key) {
        if (!key.x5c().isEmpty()) {
            PublicKey fromCert = certificate(key.x5c().get(0)).getPublicKey();
            if (!(fromCert instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("x5c certificate holds a " + fromCert.getAlgorithm() + " key, expected RSA");
            }
            return (RSAPublicKey) fromCert;
        }
        return key.jwk() == null ? null : fromJwk(key.jwk());
    }

    public static RSAPublicKey fromJwk(RsaJwk jwk) {
        try {
            return new RSAKey.Builder(new Base64URL(jwk.n()), new Base64URL(jwk.e())).build().toRSAPublicKey();
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalArgumentException("jwk n/e is not a usable RSA public key");
        }
    }

    public static X509Certificate certificate(String base64Der) {
        try {
            byte[] der = Base64.getDecoder().decode(base64Der);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("x5c[0] is not a base64 DER X.509 certificate");
        }
    }

    public static CertificateInfo describe(X509Certificate certificate) {
        return new CertificateInfo(certificate.getSubjectX500Principal().getName(), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), HexFormat.of().formatHex(sha1(encoded(certificate))));
    }

    /** The certificate's thumbprint as Microsoft writes it in {@code kid} / {@code x5t}: base64url SHA-1, no padding. */
    public static String x5t(X509Certificate certificate) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha1(encoded(certificate)));
    }

    /**
     * Checks that the JWK, the certificate, the recorded certificate facts and the x5t all describe
     * the same key; throws with the first disagreement.
     */
    public static void check(LedgerKey key) {
        RSAPublicKey fromJwk = key.jwk() == null ? null : fromJwk(key.jwk());
        if (key.x5c().isEmpty()) {
            return;
        }
        X509Certificate certificate = certificate(key.x5c().get(0));
        RSAPublicKey fromCert = publicKey(key);
        if (fromJwk != null && !(fromJwk.getModulus().equals(fromCert.getModulus())
                && fromJwk.getPublicExponent().equals(fromCert.getPublicExponent()))) {
            throw new IllegalArgumentException("jwk n/e does not match the x5c certificate's public key");
        }
        if (key.x5t() != null && !key.x5t().equals(x5t(certificate))) {
            throw new IllegalArgumentException("x5t " + key.x5t() + " does not match the certificate's thumbprint " + x5t(certificate));
        }
        if (key.certificate() != null && !key.certificate().equals(describe(certificate))) {
            throw new IllegalArgumentException("certificate facts do not match the x5c certificate (it says " + describe(certificate) + ")");
        }
    }

    static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
