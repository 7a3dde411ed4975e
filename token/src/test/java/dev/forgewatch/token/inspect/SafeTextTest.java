package dev.forgewatch.token.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.token.testing.TestTokens;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void shortCleanClaimsComeBackAsTheyAre() {
        String appId = "6cb04018-a3f5-46a7-b995-940c78f5aef3";
        assertThat(SafeText.of(appId)).isSameAs(appId);
        assertThat(SafeText.of("https://sts.windows.net/" + TestTokens.ORG_TENANT + "/")).isEqualTo("https://sts.windows.net/" + TestTokens.ORG_TENANT + "/");
        assertThat(SafeText.of("")).isEmpty();
        assertThat(SafeText.of(null)).isNull();
    }

    @Test
    void controlCharactersAreReplacedAndLongValuesCut() {
        assertThat(SafeText.of("RS256\u001b[2J\r\nforged")).isEqualTo("RS256?[2J??forged");
        assertThat(SafeText.of("a\u0085b\u007fc")).isEqualTo("a?b?c");
        String exactly = "k".repeat(SafeText.MAX_CHARS);
        assertThat(SafeText.of(exactly)).isEqualTo(exactly);
        assertThat(SafeText.of(exactly + "x")).isEqualTo(exactly + "...");
        assertThat(SafeText.of("\u0007" + exactly)).isEqualTo("?" + "k".repeat(SafeText.MAX_CHARS - 1) + "...");
    }

    @Test
    void aTokenInAClaimIsRedactedBeforeItIsKept() {
        String token = TestTokens.token().build();
        String kept = SafeText.of("kid-" + token);
        assertThat(kept).startsWith("kid-[REDACTED-JWT sha256:").doesNotContain(token.substring(0, 20));
    }
}
