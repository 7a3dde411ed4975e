package dev.forgewatch.token.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Loading fails with the file, the entry and the problem; every problem at once. */
class LedgerValidationTest {
    private static final String LISTING = "{\"endpoint\":\"https://login.microsoftonline.com/common/discovery/v2.0/keys\",\"source\":\"s\"}";

    private static KeyLedger read(String json) throws Exception {
        return LedgerCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "my-ledger.json");
    }

    private static String ledger(String keys) {
        return "{\"format\":1,\"snapshot_date\":\"2024-10-26\",\"keys\":[" + keys + "]}";
    }

    @Test
    void aMinimalLedgerLoads() throws Exception {
        KeyLedger ledger = read(ledger("{\"kid\":\"k1\",\"scope\":\"organizations\",\"listings\":[" + LISTING + "]}"));

        assertThat(ledger.keys()).hasSize(1);
        assertThat(ledger.find("k1", null)).isPresent();
        assertThat(ledger.publicKey(ledger.keys().get(0))).isNull();
    }

    @Test
    void everyProblemIsReportedWithFileAndEntry() {
        String keys = "{\"kid\":\"k1\",\"scope\":\"tenants\",\"listings\":[" + LISTING + "]},"
                + "{\"kid\":\"k2\",\"scope\":\"consumers\",\"listings\":[{\"endpoint\":\"e\",\"source\":\"s\",\"first_seen\":\"2024-13-01\","
                + "\"last_seen\":\"2024-05-01\",\"retired\":\"2024-04-01\",\"last_seem\":\"x\"}]},"
                + "{\"kid\":\"k1\",\"scope\":\"organizations\",\"listings\":[]},"
                + "{\"kid\":\"k3\",\"scope\":\"organizations\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"},\"listings\":[" + LISTING + "]},"
                + "{\"scope\":\"organizations\",\"listings\":[" + LISTING + "]}";

        assertThatThrownBy(() -> read(ledger(keys)))
                .isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("my-ledger.json: ")
                .hasMessageContaining("keys[0] (kid 'k1'): unknown scope 'tenants'")
                .hasMessageContaining("keys[1] (kid 'k2').listings[0].first_seen: expected a date like 2024-06-05, got '2024-13-01'")
                .hasMessageContaining("keys[1] (kid 'k2').listings[0]: retired is before last_seen")
                .hasMessageContaining("keys[1] (kid 'k2').listings[0].last_seem: unknown member")
                .hasMessageContaining("keys[2] (kid 'k1'): kid appears twice")
                .hasMessageContaining("keys[2] (kid 'k1'): a key needs at least one listing")
                .hasMessageContaining("keys[3] (kid 'k3'): key material needs a material_source")
                .hasMessageContaining("keys[4].kid: missing");
    }

    @Test
    void keyMaterialMustAgreeWithItsCertificate() throws Exception {
        String bundled = new String(KeyLedger.class.getResourceAsStream(KeyLedger.BUNDLED_RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
        // The Storm-0558 key's certificate under another key's kid and thumbprint.
        String tampered = bundled.replaceFirst("\"sha1\" : \"d4b4cccda9228624656bff33d8110955779632aa\"",
                "\"sha1\" : \"0000000000000000000000000000000000000000\"");

        assertThatThrownBy(() -> read(tampered))
                .hasMessageContaining("(kid '1LTMzakihiRla_8z2BEJVXeWMqo'): certificate facts do not match the x5c certificate");
        String wrongX5t = bundled.replaceFirst("\"x5t\" : \"1LTMzakihiRla_8z2BEJVXeWMqo\"", "\"x5t\" : \"xP_zn6I1YkXcUUmlBoPuXTGsaxk\"");
        assertThatThrownBy(() -> read(wrongX5t)).hasMessageContaining("does not match the certificate's thumbprint");
    }

    @Test
    void brokenFilesSayWhatIsWrongWithoutATrace() {
        assertThatThrownBy(() -> read("{\"format\":1,")).hasMessageStartingWith("my-ledger.json: not valid JSON (line 1)");
        assertThatThrownBy(() -> read("")).hasMessage("my-ledger.json: empty file");
        assertThatThrownBy(() -> read("[]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> read("{\"format\":2,\"snapshot_date\":\"2024-10-26\",\"keys\":[]}"))
                .hasMessageContaining("format 2 is not supported");
    }

    @Test
    void iocEntriesMustAgreeWithTheirThumbprint() {
        String iocs = "{\"format\":1,\"updated\":\"2023-07-14\",\"keys\":[{\"name\":\"bad\",\"kid\":\"1LTMzakihiRla_8z2BEJVXeWMqo\","
                + "\"thumbprint_sha1\":\"c4fff39fa2356245dc5149a50683ee5d31ac6b19\",\"description\":\"d\",\"sources\":[]},"
                + "{\"name\":\"empty\",\"description\":\"d\",\"sources\":[{\"source\":\"s\",\"date\":\"2023-07-14\",\"says\":\"x\"}]}]}";

        assertThatThrownBy(() -> CompromisedKeys.read(new ByteArrayInputStream(iocs.getBytes(StandardCharsets.UTF_8)), "iocs.json"))
                .hasMessageContaining("iocs.json: 3 problems")
                .hasMessageContaining("keys[0] ('bad'): '1LTMzakihiRla_8z2BEJVXeWMqo' decodes to thumbprint d4b4cccda9228624656bff33d8110955779632aa")
                .hasMessageContaining("keys[0] ('bad'): an IOC needs at least one source")
                .hasMessageContaining("keys[1] ('empty'): needs at least one of kid, x5t, thumbprint_sha1");
    }
}
