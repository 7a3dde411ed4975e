package dev.forgewatch.collector.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.forgewatch.common.secret.Secret;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** How the app proves who it is to the token endpoint; closing it overwrites a client secret in memory. */
public sealed interface ClientCredential extends AutoCloseable {
    @Override
    default void close() {
    }

    /** A client secret from the app registration. */
    record ClientSecret(Secret secret) implements ClientCredential {
        public ClientSecret {
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public void close() {
            secret.close();
        }
    }

    /**
     * A certificate uploaded to the app registration and its private key; the collector signs a
     * short-lived client assertion with it. Microsoft now recommends PS256; RS256 is still accepted.
     */
    record ClientCertificate(PrivateKey key, X509Certificate certificate, JWSAlgorithm algorithm) implements ClientCredential {
        public ClientCertificate {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(certificate, "certificate");
            if (!JWSAlgorithm.PS256.equals(algorithm) && !JWSAlgorithm.RS256.equals(algorithm)) {
                throw new IllegalArgumentException("client assertions are signed with PS256 or RS256, not " + algorithm);
            }
        }

        @Override
        public String toString() {
            return "ClientCertificate[" + certificate.getSubjectX500Principal().getName() + ", " + algorithm + "]";
        }
    }
}
