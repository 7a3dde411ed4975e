package dev.forgewatch.token.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.token.testing.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenExtractorTest {
    private static final String T1 = TestTokens.token().build();
    private static final String T2 = TestTokens.token().signedBy(TestTokens.CONSUMER_KEY).consumer().build();
    private final TokenExtractor extractor = new TokenExtractor(ExtractionSettings.DEFAULT);

    private List<String> compact(String json) throws Exception {
        return extractor.extract(Json.MAPPER.readTree(json)).stream()
                .map(found -> ((FoundToken.Compact) found).token()).toList();
    }

    @Test
    void authorizationHeadersWhereverAppAndProxyLogsPutThem() throws Exception {
        assertThat(compact("{\"Authorization\":\"Bearer " + T1 + "\"}")).containsExactly(T1);
        assertThat(compact("{\"headers\":{\"AUTHORIZATION\":\"bearer  " + T1 + "\"}}")).containsExactly(T1);
        assertThat(compact("{\"request\":{\"headers\":{\"authorization\":\"Bearer " + T1 + "\"}}}")).containsExactly(T1);
        assertThat(compact("{\"http\":{\"request\":{\"headers\":{\"authorization\":\"Bearer " + T1 + "\"}}}}")).containsExactly(T1);
        assertThat(compact("{\"http.request.headers.authorization\":\"Bearer " + T1 + "\"}")).containsExactly(T1);
        assertThat(compact("{\"requestHeaders\":[{\"name\":\"Accept\",\"value\":\"*/*\"},{\"name\":\"Authorization\",\"value\":\"Bearer "
                + T1 + "\"}]}")).containsExactly(T1);
    }

    @Test
    void jwtShapedTextInConfiguredMembersAndTokensInQueryStrings() throws Exception {
        assertThat(compact("{\"access_token\":\"" + T1 + "\",\"message\":\"rejected token " + T2 + " for user\"}"))
                .containsExactly(T1, T2);
        assertThat(compact("{\"url\":\"https://api.example/mail?x=1&access_token=" + T1 + "&y=2\"}")).containsExactly(T1);
        assertThat(compact("{\"path\":\"/cb#id_token=" + T1.replace(".", "%2E") + "\"}")).containsExactly(T1);
        assertThat(compact("{\"uri\":\"/x?my_access_token=" + T1 + "\"}")).isEmpty();
    }

    @Test
    void opaqueAndNonBearerCredentialsAreNotTokensToInspect() throws Exception {
        assertThat(compact("{\"authorization\":\"Basic dXNlcjpwYXNz\",\"token\":\"opaque-value\"}")).isEmpty();
        assertThat(compact("{\"authorization\":\"Bearer EwBwA8l6BAAURSN\",\"note\":\"" + T1 + "\"}")).isEmpty();
        assertThat(compact("{\"authorization\":\"Bearer abc.def\"}")).containsExactly("abc.def");
    }

    @Test
    void aTokenSeenTwiceInARecordIsOneTokenAndARecordCannotCarryMoreThanTheCap() throws Exception {
        assertThat(compact("{\"authorization\":\"Bearer " + T1 + "\",\"url\":\"/a?access_token=" + T1 + "\"}")).containsExactly(T1);
        StringBuilder many = new StringBuilder("{\"message\":\"");
        for (int i = 0; i < 20; i++) {
            many.append(TestTokens.token().claim("n", i).build()).append(' ');
        }
        assertThat(compact(many.append("\"}").toString())).hasSize(ExtractionSettings.DEFAULT.maxTokensPerRecord());
    }

    @Test
    void reducedExportsInATokenObjectOrATokensArray() throws Exception {
        JsonNode record = Json.MAPPER.readTree("{\"token\":{\"fingerprint\":\"" + "ab".repeat(32) + "\",\"header\":{\"alg\":\"RS256\"},"
                + "\"claims\":{}},\"tokens\":[{\"fingerprint\":\"" + "cd".repeat(32) + "\"},{\"not\":\"one\"}]}");

        List<FoundToken> found = extractor.extract(record);

        assertThat(found).hasSize(2).allMatch(token -> token instanceof FoundToken.Reduced);
        assertThat(found.get(0).toString()).contains("ab".repeat(32));
        assertThat(new FoundToken.Compact(T1).toString()).doesNotContain(T1);
    }
}
