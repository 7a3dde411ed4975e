package dev.forgewatch.token.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.token.testing.TestTokens;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IssuersTest {
    /** The regular expression isGuid used before it checked char by char: the reference behaviour. */
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Test
    void tenantIdsOfRealIssuersAreGuidsAndTemplatesAreNot() {
        assertThat(Issuers.isGuid(Issuers.tenantOf("https://sts.windows.net/" + TestTokens.ORG_TENANT + "/"))).isTrue();
        assertThat(Issuers.isGuid(Issuers.tenantOf("https://login.microsoftonline.com/" + TestTokens.OTHER_ORG_TENANT + "/v2.0"))).isTrue();
        assertThat(Issuers.isGuid(Issuers.tenantOf("https://login.microsoftonline.com/{tenantid}/v2.0"))).isFalse();
        assertThat(Issuers.isGuid(Issuers.tenantOf("https://login.microsoftonline.com/common/v2.0"))).isFalse();
        assertThat(Issuers.isGuid(null)).isFalse();
    }

    @Test
    void agreesWithTheGuidPatternOnGuidsAndNearMisses() {
        List<String> inputs = new java.util.ArrayList<>(List.of("", "-", "9188040d-6c67-4c5b-b112-36a304b66dad",
                "9188040D-6C67-4C5B-B112-36A304B66DAD", "9188040d6c674c5bb11236a304b66dad", "{9188040d-6c67-4c5b-b112-36a304b66dad}",
                "9188040d-6c67-4c5b-b112-36a304b66dad ", " 9188040d-6c67-4c5b-b112-36a304b66dad", "9188040d-6c67-4c5b-b112-36a304b66da",
                "9188040d-6c67-4c5b-b112-36a304b66dadd", "9188040d_6c67-4c5b-b112-36a304b66dad", "9188040d-6c67-4c5b-b112-36a304b66dag",
                "9188040d-6c674-c5b-b112-36a304b66dad", "９188040d-6c67-4c5b-b112-36a304b66dad", "organizations", "consumers"));
        java.util.Random random = new java.util.Random(19);
        for (int i = 0; i < 2_000; i++) {
            char[] guid = guid(random).toCharArray();
            String replacements = "0aF-gG:/ \u0000é";
            guid[random.nextInt(guid.length)] = replacements.charAt(random.nextInt(replacements.length())); // one position changed
            inputs.add(new String(guid));
            inputs.add(guid(random));
        }
        for (String input : inputs) {
            assertThat(Issuers.isGuid(input)).as(input).isEqualTo(GUID.matcher(input).matches());
        }
    }

    /** A random version-4 GUID from the seeded generator: the same inputs every run. */
    private static String guid(java.util.Random random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
