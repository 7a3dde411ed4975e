package dev.forgewatch.token.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.token.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenParserTest {
    private final TokenParser parser = new TokenParser();

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedTokenIsTakenApartOnce() {
        String token = TestTokens.token().build();
        ParsedToken parsed = parser.parse(token);

        assertThat(parsed.wellFormed()).isTrue();
        assertThat(parsed.fingerprint()).isEqualTo(Fingerprints.sha256Hex(token));
        assertThat(parsed.header().path("kid").asText()).isEqualTo(TestTokens.ORG_KEY.kid());
        assertThat(parsed.claims().path("tid").asText()).isEqualTo(TestTokens.ORG_TENANT);
        assertThat(parsed.signingInput()).isEqualTo(token.substring(0, token.lastIndexOf('.')));
        assertThat(parsed.reduced()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "two segments|eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0|has 2 segments",
        "four segments|eyJhbGciOiJSUzI1NiJ9.e30.e30.e30|has 4 segments",
        "JWE|eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn|encrypted token (JWE",
        "bad base64|eyJhbGciOiJSUzI1NiJ9.e30xA.c2ln|payload is not valid base64url",
        "padding|eyJhbGciOiJSUzI1NiJ9.e30=.c2ln|not base64url at position",
        "binary|eyJhbGci\u0000OiJSUzI1NiJ9.e30.c2ln|not base64url at position 8",
        "empty header|.e30.c2ln|header segment is empty",
        "dots only|..|header segment is empty",
        "empty|''|has 1 segment",
    })
    void junkIsMalformedWithAReasonThatQuotesNothing(String name, String token, String reason) {
        ParsedToken parsed = parser.parse(token);

        assertThat(parsed.wellFormed()).isFalse();
        assertThat(parsed.problem()).contains(reason).doesNotContain("eyJ").doesNotContain("c2ln");
        assertThat(parsed.fingerprint()).isEqualTo(Fingerprints.sha256Hex(token));
    }

    @Test
    void headersThatAreNotPlainJsonObjectsAreMalformed() {
        assertThat(parser.parse(b64("not json") + ".e30.c2ln").problem()).isEqualTo("header is not JSON");
        assertThat(parser.parse(b64("[1,2]") + ".e30.c2ln").problem()).isEqualTo("header is not a JSON object");
        assertThat(parser.parse(b64("{\"alg\":\"RS256\"} trailing") + ".e30.c2ln").problem()).isEqualTo("header is not JSON");
        assertThat(parser.parse(b64("{\"alg\":\"none\",\"alg\":\"RS256\"}") + ".e30.c2ln").problem())
                .isEqualTo("header is not JSON with unique member names");
        assertThat(parser.parse(b64("{\"typ\":\"JWT\"}") + ".e30.c2ln").problem()).isEqualTo("header has no alg");
        assertThat(parser.parse(b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".e30.c2ln").problem())
                .isEqualTo("JWE header (enc) in a 3-segment token");
        assertThat(parser.parse(b64("{\"alg\":\"RS256\"}") + "." + b64(TestTokens.token().build()) + ".c2ln").problem())
                .isEqualTo("payload is not JSON (nested or encrypted content?)");
        assertThat(parser.parse(b64("{\"alg\":\"RS256\"}") + ".e30.").problem()).isEqualTo("signature segment is empty although alg is RS256");
        assertThat(parser.parse(b64("{\"alg\":\"none\"}") + ".e30.").wellFormed()).isTrue();
    }

    @Test
    void hugeTokensAreNotReadAtAll() {
        String huge = "eyJhbGciOiJSUzI1NiJ9." + "A".repeat(TokenParser.DEFAULT_MAX_CHARS) + ".c2ln";

        assertThat(parser.parse(huge).problem()).startsWith("token is " + huge.length() + " characters long, over the limit of 16384");
        assertThat(new TokenParser(64).parse(TestTokens.token().build()).wellFormed()).isFalse();
    }

    @Test
    void reducedExportsNeedAFingerprintHeaderAndClaims() throws Exception {
        var mapper = dev.forgewatch.common.json.Json.MAPPER;
        String fingerprint = "ab".repeat(32);
        ParsedToken good = parser.reduced(mapper.readTree("{\"fingerprint\":\"" + fingerprint + "\",\"header\":{\"alg\":\"RS256\"},\"claims\":{}}"));
        ParsedToken noFingerprint = parser.reduced(mapper.readTree("{\"fingerprint\":\"abc\",\"header\":{\"alg\":\"RS256\"},\"claims\":{}}"));
        ParsedToken noClaims = parser.reduced(mapper.readTree("{\"fingerprint\":\"" + fingerprint + "\",\"header\":{\"alg\":\"RS256\"}}"));

        assertThat(good.wellFormed()).isTrue();
        assertThat(good.fingerprint()).isEqualTo(fingerprint);
        assertThat(good.signature()).isNull();
        assertThat(noFingerprint.problem()).contains("no 64-hex-digit SHA-256 fingerprint");
        assertThat(noFingerprint.fingerprint()).hasSize(64);
        assertThat(noClaims.problem()).contains("needs header and claims objects");
    }

    /** The fingerprint check takes 64 hex digits of either case (upper case is lowered), nothing else. */
    @Test
    void aReducedExportsFingerprintIsSixtyFourHexDigits() throws Exception {
        var mapper = dev.forgewatch.common.json.Json.MAPPER;
        String upper = "1C702C9D035B280BEBD1BF9E866F4EDAD2D010D645788162402B170A64925364";
        for (String fingerprint : List.of(upper, upper.toLowerCase(java.util.Locale.ROOT), "0123456789abcdefABCDEF".repeat(3).substring(0, 64))) {
            ParsedToken parsed = parser.reduced(mapper.readTree("{\"fingerprint\":\"" + fingerprint + "\",\"header\":{\"alg\":\"RS256\"},\"claims\":{}}"));
            assertThat(parsed.problem()).as(fingerprint).isNull();
            assertThat(parsed.fingerprint()).isEqualTo(fingerprint.toLowerCase(java.util.Locale.ROOT));
        }
        for (String fingerprint : List.of(upper.substring(1), upper + "0", upper.substring(0, 63) + "g", upper.substring(0, 63) + " ",
                upper.substring(0, 32) + "-" + upper.substring(33), "")) {
            ParsedToken parsed = parser.reduced(mapper.readTree("{\"fingerprint\":\"" + fingerprint + "\",\"header\":{\"alg\":\"RS256\"},\"claims\":{}}"));
            assertThat(parsed.problem()).as(fingerprint).contains("no 64-hex-digit SHA-256 fingerprint");
            assertThat(parsed.fingerprint()).as(fingerprint).isNotEqualTo(fingerprint.toLowerCase(java.util.Locale.ROOT)).hasSize(64);
        }
    }
}
