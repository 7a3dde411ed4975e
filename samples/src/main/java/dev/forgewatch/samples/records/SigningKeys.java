package dev.forgewatch.samples.records;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;

/**
 * RSA keys the sample signs its raw tokens with, derived from the seed so the tokens (RS256
 * signatures are deterministic) come out byte-for-byte the same on every run. None of them is a
 * Microsoft key: the forger's key is a stand-in for the acquired MSA key, whose private half nobody
 * outside Storm-0558 has, so forged tokens in the sample also fail signature checks.
 */
public final class SigningKeys {
    private final RSAPrivateKey portal;
    private final RSAPrivateKey forger;

    public SigningKeys(long seed) {
        this.portal = generate(seed, 1);
        this.forger = generate(seed, 2);
    }

    private static RSAPrivateKey generate(long seed, long purpose) {
        try {
            // SHA1PRNG seeded before first use is deterministic, unlike the default SecureRandom.
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(ByteBuffer.allocate(16).putLong(seed).putLong(purpose).array());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair pair = generator.generateKeyPair();
            return (RSAPrivateKey) pair.getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is required by every Java platform", e);
        }
    }

    /** A session token of the tenant's own portal (its own issuer and key, not Microsoft's). */
    public String portalToken(String kid, JWTClaimsSet claims) {
        return sign(portal, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
    }

    /** A forged Microsoft token: its header names the given Microsoft key, its signature is the forger's. */
    public String forgedToken(String kid, JWTClaimsSet claims) {
        // Microsoft's kid is the certificate's base64url SHA-1 thumbprint, so x5t carries the same text.
        @SuppressWarnings("deprecation")
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid)
                .x509CertThumbprint(new Base64URL(kid)).build();
        return sign(forger, header, claims);
    }

    private static String sign(RSAPrivateKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a sample token", e);
        }
    }
}
