package dev.forgewatch.token.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.token.inspect.InspectionPolicy;
import dev.forgewatch.token.inspect.TokenInspector;
import dev.forgewatch.token.ledger.CertificateInfo;
import dev.forgewatch.token.ledger.CompromisedKey;
import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.Coverage;
import dev.forgewatch.token.ledger.JwksEndpoint;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.KeyScope;
import dev.forgewatch.token.ledger.LedgerKey;
import dev.forgewatch.token.ledger.Listing;
import dev.forgewatch.token.ledger.RsaJwk;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Test RSA keys, a ledger that places them in consumer and organization scopes, and a builder for
 * real signed tokens (Nimbus signers) with any header and claims. Shared with other modules' tests
 * through the test-jar. Every token built here is a test secret: fine in test sources, nowhere else.
 */
public final class TestTokens {
    public static final String ORG_TENANT = "4f1c2d3e-5b6a-4789-9abc-def012345678";
    public static final String OTHER_ORG_TENANT = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
    public static final String CONSUMER_TENANT = KeyScope.CONSUMER_TENANT_ID;
    public static final String COMMON_V2 = "https://login.microsoftonline.com/common/discovery/v2.0/keys";
    public static final String COMMON_V1 = "https://login.microsoftonline.com/common/discovery/keys";
    public static final String CONSUMERS_V2 = "https://login.microsoftonline.com/consumers/discovery/v2.0/keys";
    /** Tokens are issued at this time unless a test says otherwise; it lies inside the test ledger's coverage. */
    public static final Instant ISSUED = Instant.parse("2023-06-01T10:00:00Z");

    /** An organizations key, listed on common v2.0 and v1, with material. */
    public static final TestKey ORG_KEY = TestKey.generate("test-org-key-1");
    /** A consumers (MSA) key, listed on common v2.0, with material. */
    public static final TestKey CONSUMER_KEY = TestKey.generate("test-msa-key-1");
    /** An organizations key whose certificate expired on 2023-02-01 and which was withdrawn on 2023-03-01. */
    public static final TestKey OLD_KEY = TestKey.generate("test-org-key-old");
    /** A consumers key on the test IOC list (the test's own Storm-0558 key). */
    public static final TestKey STOLEN_KEY = TestKey.generate("test-msa-key-stolen");
    /** Known to the ledger by id only: no material. */
    public static final String ID_ONLY_KID = "test-org-key-id-only";
    /** Not in the ledger at all. */
    public static final TestKey STRANGER_KEY = TestKey.generate("test-unknown-key");

    private TestTokens() {
    }

    /** A test key: its kid and RSA key pair. */
    public record TestKey(String kid, KeyPair pair) {
        static TestKey generate(String kid) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return new TestKey(kid, generator.generateKeyPair());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public RsaJwk jwk() {
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            return new RsaJwk(Base64URL.encode(publicKey.getModulus()).toString(),
                    Base64URL.encode(publicKey.getPublicExponent()).toString());
        }
    }

    /** The test ledger: coverage of common v2.0 (organizations) and consumers v2.0 through 2023. */
    public static KeyLedger ledger() {
        Listing current = new Listing(COMMON_V2, LocalDate.of(2022, 1, 1), LocalDate.of(2023, 12, 31), null, null, "test");
        Listing v1 = new Listing(COMMON_V1, LocalDate.of(2022, 1, 1), LocalDate.of(2023, 12, 31), null, null, "test");
        Listing withdrawn = new Listing(COMMON_V2, LocalDate.of(2021, 1, 1), LocalDate.of(2023, 2, 27), LocalDate.of(2023, 3, 1), null, "test");
        List<String> orgIssuers = List.of(JwksEndpoint.V2_ISSUER_TEMPLATE, JwksEndpoint.V1_ISSUER_TEMPLATE);
        List<String> msaIssuers = List.of(JwksEndpoint.CONSUMER_ISSUER);
        return new KeyLedger(LocalDate.of(2023, 12, 31), "test ledger",
                List.of(new Coverage(COMMON_V2, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), "test"),
                        new Coverage(CONSUMERS_V2, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), "test")),
                List.of(new LedgerKey(ORG_KEY.kid(), ORG_KEY.kid(), KeyScope.ORGANIZATIONS, orgIssuers, ORG_KEY.jwk(), List.of(),
                                null, "test", List.of(current, v1), null),
                        new LedgerKey(CONSUMER_KEY.kid(), CONSUMER_KEY.kid(), KeyScope.CONSUMERS, msaIssuers, CONSUMER_KEY.jwk(),
                                List.of(), null, "test", List.of(current), null),
                        new LedgerKey(OLD_KEY.kid(), OLD_KEY.kid(), KeyScope.ORGANIZATIONS, orgIssuers, OLD_KEY.jwk(), List.of(),
                                new CertificateInfo("CN=old", Instant.parse("2021-04-01T00:00:00Z"), Instant.parse("2023-02-01T00:00:00Z"),
                                        "0000000000000000000000000000000000000000"), "test", List.of(withdrawn), null),
                        new LedgerKey(STOLEN_KEY.kid(), STOLEN_KEY.kid(), KeyScope.CONSUMERS, msaIssuers, STOLEN_KEY.jwk(), List.of(),
                                null, "test", List.of(current), null),
                        new LedgerKey(ID_ONLY_KID, ID_ONLY_KID, KeyScope.ORGANIZATIONS, orgIssuers, null, List.of(), null, null,
                                List.of(current), null)));
    }

    public static CompromisedKeys iocs() {
        return new CompromisedKeys(LocalDate.of(2023, 7, 14), List.of(new CompromisedKey("test stolen key", STOLEN_KEY.kid(), null,
                null, "the test's stolen key", List.of(new CompromisedKey.Source("test", LocalDate.of(2023, 7, 14), "stolen")))));
    }

    public static TokenInspector inspector() {
        return new TokenInspector(ledger(), iocs(), InspectionPolicy.DEFAULT);
    }

    /** A clean v2.0 access token of the organization tenant, signed by {@link #ORG_KEY}; change what a test needs. */
    public static Builder token() {
        return new Builder();
    }

    public static final class Builder {
        private final ObjectNode header = Json.MAPPER.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", ORG_KEY.kid());
        private final ObjectNode claims = Json.MAPPER.createObjectNode();
        private TestKey signer = ORG_KEY;
        private byte[] hmacSecret;

        Builder() {
            claims.put("aud", "api://forgewatch-test").put("iss", "https://login.microsoftonline.com/" + ORG_TENANT + "/v2.0")
                    .put("tid", ORG_TENANT).put("azp", "6cb04018-a3f5-46a7-b995-940c78f5aef3").put("ver", "2.0")
                    .put("oid", "00000000-0000-0000-66f3-3332eca7ea81").put("sub", "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ");
            times(ISSUED, Duration.ofMinutes(75));
        }

        public Builder header(String name, String value) {
            if (value == null) {
                header.remove(name);
            } else {
                header.put(name, value);
            }
            return this;
        }

        public Builder kid(String kid) {
            return header("kid", kid);
        }

        public Builder claim(String name, Object value) {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.set(name, Json.MAPPER.valueToTree(value));
            }
            return this;
        }

        /** iat = nbf = issued, exp = issued + lifetime. */
        public Builder times(Instant issued, Duration lifetime) {
            claims.put("iat", issued.getEpochSecond()).put("nbf", issued.getEpochSecond())
                    .put("exp", issued.plus(lifetime).getEpochSecond());
            return this;
        }

        /** A consumer (MSA) account token: consumer tenant and issuer. */
        public Builder consumer() {
            return claim("tid", CONSUMER_TENANT).claim("iss", JwksEndpoint.CONSUMER_ISSUER);
        }

        /** A v1.0 token of the organization tenant: sts.windows.net issuer, x5t header. */
        public Builder v1() {
            return claim("iss", "https://sts.windows.net/" + ORG_TENANT + "/").claim("ver", "1.0")
                    .header("x5t", header.path("kid").asText());
        }

        /** Names the key in the header and signs with it. */
        public Builder signedBy(TestKey key) {
            this.signer = key;
            return kid(key.kid());
        }

        /** Signs with this key without changing the kid the header names. */
        public Builder signer(TestKey key) {
            this.signer = key;
            return this;
        }

        public Builder hmac(byte[] secret) {
            this.hmacSecret = secret;
            return header("alg", "HS256");
        }

        public Builder unsigned() {
            return header("alg", "none");
        }

        public String build() {
            String signingInput = encode(header) + "." + encode(claims);
            String alg = header.path("alg").asText();
            try {
                if (alg.equals("none")) {
                    return signingInput + ".";
                }
                JWSHeader jws = new JWSHeader(JWSAlgorithm.parse(alg));
                byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
                Base64URL signature = hmacSecret != null ? new MACSigner(hmacSecret).sign(jws, input)
                        : new RSASSASigner(signer.pair().getPrivate()).sign(jws, input);
                return signingInput + "." + signature;
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String encode(ObjectNode node) {
            return Base64URL.encode(node.toString().getBytes(StandardCharsets.UTF_8)).toString();
        }
    }
}
