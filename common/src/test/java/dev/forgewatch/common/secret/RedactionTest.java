package dev.forgewatch.common.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.normalize.SecretScrubber;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String JWS = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.bG9uZ3NpZ25hdHVyZWJ5dGVz";
    private static final String UNSIGNED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
    private static final String JWE = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn";

    @Test
    void jwsJweAndUnsignedTokensAreReplacedByAFingerprintPlaceholder() {
        String text = "Bearer " + JWS + " then " + UNSIGNED + " and " + JWE + ".";
        String redacted = Redactor.redact(text);

        assertThat(redacted).doesNotContain("eyJ").doesNotContain("bG9uZ3NpZ25hdHVyZWJ5dGVz");
        assertThat(redacted).startsWith("Bearer " + Redactor.placeholder(JWS) + " then ");
        assertThat(Redactor.placeholder(JWS)).isEqualTo("[REDACTED-JWT sha256:" + Fingerprints.sha256Hex(JWS).substring(0, 16) + "]");
        assertThat(Redactor.containsToken(text)).isTrue();
        assertThat(Redactor.containsToken(redacted)).isFalse();
    }

    @Test
    void opaqueCredentialParametersInUrlsAndFormsAreRedacted() {
        String url = "/owa/service.svc?action=GetAccessTokenForResource&access_token=opaque.v1.AbCdEf123&x=1#frag";
        String form = "grant_type=client_credentials&client_id=abc&client_secret=Qx8~secret.value&scope=x";

        assertThat(Redactor.redact(url)).isEqualTo("/owa/service.svc?action=GetAccessTokenForResource&access_token=[REDACTED sha256:"
                + Fingerprints.sha256Hex("opaque.v1.AbCdEf123").substring(0, 16) + "]&x=1#frag");
        assertThat(Redactor.redact(form)).doesNotContain("Qx8~secret.value").contains("client_id=abc").contains("scope=x");
        assertThat(Redactor.redact("my_access_token=visible")).as("only whole parameter names").isEqualTo("my_access_token=visible");
    }

    @Test
    void textWithoutTokensIsReturnedAsIs() {
        String text = "eyJ is just a prefix here";
        assertThat(Redactor.redact(text)).isSameAs(text);
        assertThat(Redactor.redact(null)).isNull();
    }

    @Test
    void scrubberBlanksSecretMembersAndRedactsTokensAnywhereInTheTree() throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree("""
                {"request":{"headers":{"authorization":"Bearer opaque-secret-value","cookie":"session=abc"}},
                 "client_secret":"p@ss","list":["ok","x=%s"],"password":12345,"note":"fine"}""".formatted(JWS));

        SecretScrubber.scrub(node);
        String text = node.toString();

        assertThat(text).doesNotContain("opaque-secret-value").doesNotContain("session=abc").doesNotContain("p@ss")
                .doesNotContain("12345").doesNotContain(JWS);
        assertThat(node.path("request").path("headers").path("authorization").asText()).startsWith("Bearer [REDACTED sha256:");
        assertThat(node.path("list").get(1).asText()).isEqualTo("x=" + Redactor.placeholder(JWS));
        assertThat(node.path("note").asText()).isEqualTo("fine");
    }
}
