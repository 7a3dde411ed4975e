package dev.forgewatch.bench.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.forgewatch.token.TokenInspection;
import dev.forgewatch.token.extract.ExtractionSettings;
import dev.forgewatch.token.extract.TokenExtractor;
import dev.forgewatch.token.inspect.InspectionPolicy;
import dev.forgewatch.token.inspect.SignatureStatus;
import dev.forgewatch.token.inspect.TokenInspector;
import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.Coverage;
import dev.forgewatch.token.ledger.JwksEndpoint;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.ledger.KeyScope;
import dev.forgewatch.token.ledger.LedgerKey;
import dev.forgewatch.token.ledger.Listing;
import dev.forgewatch.token.ledger.RsaJwk;
import dev.forgewatch.token.parse.TokenParser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokens per second through inspection: every token distinct (each one parsed and RSA-verified)
 * against one token seen over and over (served from the analysis cache), beside the floor of a
 * bare {@code java.security.Signature} RS256 verify. Tokens are signed at setup with a key pair
 * generated for the run and placed in an in-memory ledger; none is ever written anywhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TokenBench {
    /** Twice the inspection cache, so cycling through them misses the LRU every time. */
    static final int UNIQUE = 2 * TokenInspection.DEFAULT_CACHE_SIZE;
    static final String TENANT = "4f1c2d3e-5b6a-4789-9abc-def012345678";
    static final String KID = "bench-org-key";
    static final Instant SEEN = Instant.parse("2023-06-01T10:05:00Z");

    private String[] tokens;
    private TokenInspection inspection;
    private TokenInspector inspector;
    private TokenParser parser;
    private RSAPublicKey publicKey;
    private byte[][] signingInputs;
    private byte[][] signatures;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException, JOSEException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        publicKey = (RSAPublicKey) pair.getPublic();
        KeyLedger ledger = ledger(publicKey);
        inspector = new TokenInspector(ledger, CompromisedKeys.bundled(), InspectionPolicy.DEFAULT);
        inspection = new TokenInspection(new TokenExtractor(ExtractionSettings.DEFAULT), new TokenParser(), inspector,
                TokenInspection.DEFAULT_CACHE_SIZE);
        parser = new TokenParser();
        RSASSASigner signer = new RSASSASigner(pair.getPrivate());
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(KID).build();
        tokens = new String[UNIQUE];
        signingInputs = new byte[UNIQUE][];
        signatures = new byte[UNIQUE][];
        for (int i = 0; i < UNIQUE; i++) {
            SignedJWT jwt = new SignedJWT(header, claims(i));
            jwt.sign(signer);
            tokens[i] = jwt.serialize();
            int last = tokens[i].lastIndexOf('.');
            signingInputs[i] = tokens[i].substring(0, last).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = Base64.getUrlDecoder().decode(tokens[i].substring(last + 1));
        }
        if (inspection.inspect(tokens[0], SEEN).signature() != SignatureStatus.VALID) {
            throw new IllegalStateException("the bench tokens must verify, or the bench measures the wrong path");
        }
    }

    private static JWTClaimsSet claims(int i) {
        Instant issued = Instant.parse("2023-06-01T10:00:00Z");
        return new JWTClaimsSet.Builder().audience("https://outlook.office365.com")
                .issuer("https://login.microsoftonline.com/" + TENANT + "/v2.0").claim("tid", TENANT)
                .claim("azp", "6cb04018-a3f5-46a7-b995-940c78f5aef3").claim("ver", "2.0").subject("bench-subject-" + i)
                .jwtID("bench-" + i).issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plusSeconds(75 * 60))).build();
    }

    private static KeyLedger ledger(RSAPublicKey key) {
        LocalDate from = LocalDate.of(2023, 1, 1);
        LocalDate to = LocalDate.of(2023, 12, 31);
        String endpoint = "https://login.microsoftonline.com/common/discovery/v2.0/keys";
        RsaJwk jwk = new RsaJwk(Base64URL.encode(key.getModulus()).toString(), Base64URL.encode(key.getPublicExponent()).toString());
        LedgerKey ledgerKey = new LedgerKey(KID, KID, KeyScope.ORGANIZATIONS, List.of(JwksEndpoint.V2_ISSUER_TEMPLATE), jwk, List.of(),
                null, "bench", List.of(new Listing(endpoint, from, to, null, null, "bench")), null);
        return new KeyLedger(to, "bench ledger", List.of(new Coverage(endpoint, from, to, "bench")), List.of(ledgerKey));
    }

    /** A different token every call: parse, key lookup and RSA verify each time (cache misses). */
    @Benchmark
    public Object uniqueTokens() {
        String token = tokens[next];
        next = (next + 1) % UNIQUE;
        return inspection.inspect(token, SEEN);
    }

    /** The same token every call: the cached analysis plus the per-sighting time checks. */
    @Benchmark
    public Object repeatedToken() {
        return inspection.inspect(tokens[0], SEEN);
    }

    /** Parse and judge without any cache: what a miss costs. */
    @Benchmark
    public Object parseAndAnalyzeUncached() {
        String token = tokens[next];
        next = (next + 1) % UNIQUE;
        return inspector.analyze(parser.parse(token));
    }

    /** The floor: one bare RS256 verify with the JDK, no parsing, no ledger. */
    @Benchmark
    public boolean rawRs256Verify() throws GeneralSecurityException {
        int i = next;
        next = (next + 1) % UNIQUE;
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(signingInputs[i]);
        return verifier.verify(signatures[i]);
    }
}
