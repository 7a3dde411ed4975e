package dev.forgewatch.token.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.token.extract.AccessLogParser;
import dev.forgewatch.token.extract.ExtractionSettings;
import dev.forgewatch.token.extract.TokenExtractor;
import dev.forgewatch.token.inspect.TokenInspector;
import dev.forgewatch.token.inspect.TokenReport;
import dev.forgewatch.token.parse.ParsedToken;
import dev.forgewatch.token.parse.TokenParser;
import dev.forgewatch.token.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a token or a record holds, parsing and inspecting it never throws and never echoes it. */
class TokenFuzzTest {
    private static final TokenParser PARSER = new TokenParser();
    private static final TokenInspector INSPECTOR = TestTokens.inspector();
    private static final TokenExtractor EXTRACTOR = new TokenExtractor(ExtractionSettings.DEFAULT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String VALID = TestTokens.token().build();

    @Property(tries = 1000, seed = "202612081")
    void anyTextIsATokenOrMalformed(@ForAll String text) {
        ParsedToken parsed = PARSER.parse(text);
        TokenReport report = INSPECTOR.inspect(parsed, Instant.EPOCH);

        if (!parsed.wellFormed()) {
            assertThat(report.findingIds()).containsExactly("malformed-token");
        }
    }

    @Property(tries = 1500, seed = "202612082")
    void tokensMadeOfPlausibleSegmentsNeverThrow(@ForAll("segmentedTokens") String token, @ForAll("instants") Instant seenAt) {
        TokenReport report = INSPECTOR.inspect(PARSER.parse(token), seenAt);

        assertThat(report.fingerprint()).hasSize(64);
        String text = report.toString();
        for (String segment : token.split("\\.")) {
            if (segment.length() > 40) {
                assertThat(text).doesNotContain(segment);
            }
        }
    }

    @Property(tries = 600, seed = "202612083")
    void signedTokensWithClaimsOfAnyTypeNeverThrow(@ForAll("claimValues") JsonNode iss, @ForAll("claimValues") JsonNode tid,
                                                   @ForAll("claimValues") JsonNode aud, @ForAll("claimValues") JsonNode exp,
                                                   @ForAll("claimValues") JsonNode iat, @ForAll("claimValues") JsonNode kid) {
        TestTokens.Builder builder = TestTokens.token().claim("iss", iss).claim("tid", tid).claim("aud", aud).claim("exp", exp)
                .claim("iat", iat).claim("xms_cc", aud);
        builder.header("kid", kid.isTextual() ? kid.asText() : null);
        String token = builder.build();

        TokenReport report = INSPECTOR.inspect(PARSER.parse(token), Instant.parse("2023-06-01T10:05:00Z"));

        assertThat(report.findings()).allSatisfy(finding -> assertThat(finding.explanation()).isNotBlank());
    }

    @Property(tries = 800, seed = "202612084")
    void recordsWithTokensAnywhereNeverThrow(@ForAll("records") JsonNode record) {
        EXTRACTOR.extract(record).forEach(found -> assertThat(found).isNotNull());
    }

    @Property(tries = 1000, seed = "202612085")
    void accessLogParserNeverThrows(@ForAll String line) {
        new AccessLogParser().parse(line);
        new AccessLogParser().parse("203.0.113.9 - - [01/Jun/2023:10:00:00 +0000] \"GET /" + line + "\" 200 1 \"" + line + "\"");
    }

    @Provide
    Arbitrary<String> segmentedTokens() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("eyJhbGciOiJSUzI1NiJ9", "eyJhbGciOiJub25lIn0", "e30", "", "c2ln", "W10", "bnVsbA",
                        "eyJhbGciOiJIUzI1NiIsImtpZCI6InRlc3Qtb3JnLWtleS0xIn0", "eyJhbGciOjF9", "eyJhbGciOlsiUlMyNTYiXX0"),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/%").ofMaxLength(80),
                json().map(node -> Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8))),
                Arbitraries.of(VALID.split("\\.")));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-1L << 40, 1L << 40).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<JsonNode> claimValues() {
        return Arbitraries.oneOf(Arbitraries.of(F.nullNode(), F.textNode(""), F.textNode("https://sts.windows.net/{tenantid}/"),
                        F.textNode("9188040d-6c67-4c5b-b112-36a304b66dad"), F.textNode("https://login.live.com"),
                        F.numberNode(Double.NaN), F.numberNode(1e300), F.numberNode(-1e300), F.numberNode(Long.MIN_VALUE),
                        F.numberNode(1685613600L), F.booleanNode(true), F.arrayNode(), F.objectNode(), F.textNode(VALID),
                        F.arrayNode().add("cp1").add(3), F.textNode("test-org-key-1"), F.textNode("1LTMzakihiRla_8z2BEJVXeWMqo")),
                Arbitraries.strings().ofMaxLength(40).map(F::textNode));
    }

    @Provide
    Arbitrary<JsonNode> records() {
        Arbitrary<JsonNode> value = Arbitraries.oneOf(
                Arbitraries.of(F.textNode("Bearer " + VALID), F.textNode(VALID), F.textNode("Bearer "), F.textNode("Bearer a.b"),
                        F.textNode("/x?access_token=" + VALID + "&y=1"), F.textNode("?access_token=%zz"), F.textNode("access_token="),
                        F.textNode("see eyJhbGciOiJub25lIn0.e30. and eyJ"), F.nullNode(), F.numberNode(7),
                        F.objectNode().put("fingerprint", "x"), F.arrayNode().add(F.objectNode().put("name", "Authorization").put("value", 3))),
                json());
        Arbitrary<String> names = Arbitraries.of("authorization", "Authorization", "headers", "request", "token", "tokens", "url",
                "message", "http.request.headers.authorization", "path", "x", "jwt");
        return Combinators.combine(names.list().ofMaxSize(6), value.list().ofSize(6), names.list().ofSize(6)).as((keys, values, inner) -> {
            ObjectNode record = F.objectNode();
            for (int i = 0; i < keys.size(); i++) {
                ObjectNode nested = F.objectNode();
                nested.set(inner.get(i), values.get(i));
                record.set(keys.get(i), i % 2 == 0 ? values.get(i) : nested);
            }
            return record;
        });
    }

    private static Arbitrary<JsonNode> json() {
        Arbitrary<String> keys = Arbitraries.of("alg", "kid", "x5t", "iss", "tid", "aud", "exp", "iat", "nbf", "enc", "typ");
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(Arbitraries.of(F.textNode("RS256"), F.textNode("none"), F.textNode("HS256"),
                F.numberNode(1685613600L), F.numberNode(-5), F.booleanNode(false), F.nullNode(), F.arrayNode()),
                Arbitraries.strings().ofMaxLength(12).map(F::textNode));
        return Combinators.combine(keys.list().ofMaxSize(6), leaf.list().ofSize(6)).as((names, values) -> {
            ObjectNode node = F.objectNode();
            for (int i = 0; i < names.size(); i++) {
                node.set(names.get(i), values.get(i));
            }
            return (JsonNode) node;
        });
    }
}
