package dev.forgewatch.collector.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Builds the signed JWT a confidential client sends instead of a secret ({@code private_key_jwt}):
 * iss = sub = client id, aud = the token endpoint, a fresh jti, and a lifetime of a few minutes.
 * The header names the certificate by its SHA-256 thumbprint ({@code x5t#S256}) and, for older
 * tenants, its SHA-1 thumbprint ({@code x5t}).
 */
public final class ClientAssertions {
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private ClientAssertions() {
    }

    public static String create(ClientCredential.ClientCertificate credential, String clientId, String audience, Instant now) {
        try {
            byte[] der = credential.certificate().getEncoded();
            @SuppressWarnings("deprecation")
            JWSHeader header = new JWSHeader.Builder(credential.algorithm())
                    .type(JOSEObjectType.JWT)
                    .x509CertThumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)))
                    .x509CertSHA256Thumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)))
                    .build();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(clientId)
                    .subject(clientId)
                    .audience(audience)
                    .jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now))
                    .notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(LIFETIME)))
                    .build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(credential.key()));
            return jwt.serialize();
        } catch (JOSEException | CertificateEncodingException | NoSuchAlgorithmException e) {
            // The message names the failure, never the key.
            throw new IllegalStateException("cannot sign the client assertion: " + e.getMessage(), e);
        }
    }
}
