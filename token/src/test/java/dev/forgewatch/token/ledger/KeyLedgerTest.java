package dev.forgewatch.token.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLedgerTest {
    private static final String STORM_KID = "1LTMzakihiRla_8z2BEJVXeWMqo";
    private static final String STORM_THUMBPRINT = "d4b4cccda9228624656bff33d8110955779632aa";
    private static final String ORG = "4f1c2d3e-5b6a-4789-9abc-def012345678";

    @Test
    void bundledLedgerHoldsTheStorm0558KeyAsAConsumerKeyWithVerifiedMaterial() {
        KeyLedger ledger = KeyLedger.bundled();
        LedgerKey storm = ledger.find(STORM_KID, null).orElseThrow();

        assertThat(ledger.snapshotDate()).isEqualTo(LocalDate.of(2024, 10, 26));
        assertThat(storm.scope()).isEqualTo(KeyScope.CONSUMERS);
        assertThat(storm.issuers()).containsExactly("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0");
        assertThat(storm.certificate().sha1()).isEqualTo(STORM_THUMBPRINT);
        assertThat(storm.certificate().notAfter()).isEqualTo(Instant.parse("2021-04-04T14:43:35Z"));
        assertThat(storm.retiredOn()).isEqualTo(LocalDate.of(2023, 7, 5));
        assertThat(storm.lastSeen()).isEqualTo(LocalDate.of(2023, 6, 27));
        assertThat(ledger.publicKey(storm)).isNotNull();
        assertThat(storm.signsFor(KeyScope.CONSUMER_TENANT_ID)).isTrue();
        assertThat(storm.signsFor(ORG)).isFalse();
    }

    @Test
    void everyBundledKeyWithMaterialHasACertificateWhoseThumbprintIsItsKid() {
        for (LedgerKey key : KeyLedger.bundled().keys()) {
            if (!key.x5c().isEmpty()) {
                assertThat(KeyMaterial.x5t(KeyMaterial.certificate(key.x5c().get(0)))).as(key.kid()).isEqualTo(key.kid());
            }
            assertThat(key.listings()).as(key.kid()).isNotEmpty().allMatch(listing -> !listing.source().isBlank());
        }
    }

    @Test
    void bundledLedgerIsWrittenExactlyAsTheCodecWritesIt() throws Exception {
        byte[] original;
        try (InputStream in = KeyLedger.class.getResourceAsStream(KeyLedger.BUNDLED_RESOURCE)) {
            original = in.readAllBytes();
        }
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        LedgerCodec.write(LedgerCodec.read(new ByteArrayInputStream(original), "ledger.json"), rewritten);

        assertThat(rewritten.toString(StandardCharsets.UTF_8)).isEqualTo(new String(original, StandardCharsets.UTF_8));
    }

    @Test
    void coverageSaysWhichDaysAndScopesTheLedgerWatched() {
        KeyLedger ledger = KeyLedger.bundled();

        assertThat(ledger.covers(LocalDate.of(2024, 7, 1), KeyScope.ORGANIZATIONS)).isTrue();
        // common v2.0 lists only some consumer keys: no consumer coverage from it
        assertThat(ledger.covers(LocalDate.of(2024, 7, 1), KeyScope.CONSUMERS)).isFalse();
        assertThat(ledger.covers(LocalDate.of(2023, 6, 1), KeyScope.ORGANIZATIONS)).isFalse();
        assertThat(ledger.covers(LocalDate.of(2025, 1, 1), KeyScope.ORGANIZATIONS)).isFalse();
    }

    @Test
    void bundledIocListMatchesTheStormKeyByKidX5tOrThumbprint() {
        CompromisedKeys iocs = CompromisedKeys.bundled();

        assertThat(iocs.match(STORM_KID, null)).isPresent();
        assertThat(iocs.match(null, STORM_KID)).isPresent();
        assertThat(iocs.match("nOo3ZDrODXEK1jKWhXslHR_KXEg", null)).isEmpty();
        CompromisedKeys byThumbprintOnly = new CompromisedKeys(LocalDate.of(2023, 7, 14), List.of(new CompromisedKey("t", null, null,
                STORM_THUMBPRINT, "d", List.of())));
        assertThat(byThumbprintOnly.match(STORM_KID, null)).isPresent();
        assertThat(byThumbprintOnly.match("something-else", null)).isEmpty();
    }

    @Test
    void retirementNeedsEveryDatedListingToBeGoneOrOlder() {
        LocalDate d = LocalDate.of(2023, 7, 5);
        Listing gone = new Listing("a", null, d.minusDays(8), d, null, "s");
        Listing stillListedLater = new Listing("b", null, d.plusDays(1), null, null, "s");
        Listing olderSighting = new Listing("c", null, d.minusYears(4), null, null, "s");
        Listing undated = new Listing("d", null, null, null, null, "s");
        Listing goneSameDay = new Listing("e", null, d, d, null, "s");

        assertThat(key(gone, olderSighting, undated).retiredOn()).isEqualTo(d);
        assertThat(key(gone, stillListedLater).retiredOn()).isNull();
        assertThat(key(goneSameDay).retiredOn()).isEqualTo(d);
        assertThat(key(undated).retiredOn()).isNull();
        assertThat(key(gone, olderSighting).firstSeen()).isNull();
        assertThat(key(gone, olderSighting).lastSeen()).isEqualTo(d.minusDays(8));
    }

    @Test
    void templateIssuersAllowAnyOrganizationAndLiteralIssuersOnlyTheirTenant() {
        LedgerKey template = new LedgerKey("k", null, KeyScope.ORGANIZATIONS, List.of(JwksEndpoint.V2_ISSUER_TEMPLATE), null,
                List.of(), null, null, List.of(), null);
        LedgerKey ownTenant = new LedgerKey("k", null, KeyScope.ORGANIZATIONS, List.of("https://sts.windows.net/" + ORG + "/"), null,
                List.of(), null, null, List.of(), null);
        LedgerKey noIssuers = new LedgerKey("k", null, KeyScope.CONSUMERS, List.of(), null, List.of(), null, null, List.of(), null);

        assertThat(template.signsFor(ORG)).isTrue();
        assertThat(template.signsFor(KeyScope.CONSUMER_TENANT_ID)).isFalse();
        assertThat(ownTenant.signsFor(ORG.toUpperCase())).isTrue();
        assertThat(ownTenant.signsFor("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")).isFalse();
        assertThat(noIssuers.signsFor(KeyScope.CONSUMER_TENANT_ID)).isTrue();
        assertThat(noIssuers.signsFor(ORG)).isFalse();
    }

    @Test
    void endpointsAreReadFromTheirPath() {
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/common/discovery/v2.0/keys").serves())
                .containsExactlyInAnyOrder(KeyScope.CONSUMERS, KeyScope.ORGANIZATIONS);
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/common/discovery/v2.0/keys").completeFor())
                .containsExactly(KeyScope.ORGANIZATIONS);
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/consumers/discovery/v2.0/keys").completeFor())
                .containsExactly(KeyScope.CONSUMERS);
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/common/discovery/keys").serves()).containsExactly(KeyScope.ORGANIZATIONS);
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/consumers/discovery/v2.0/keys").serves()).containsExactly(KeyScope.CONSUMERS);
        assertThat(JwksEndpoint.of("https://127.0.0.1:8443/organizations/discovery/v2.0/keys").label()).isEqualTo("organizations v2.0");
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/" + ORG + "/discovery/keys").impliedIssuers())
                .containsExactly("https://sts.windows.net/" + ORG + "/");
        assertThat(JwksEndpoint.of("https://login.microsoftonline.com/common/discovery/keys").impliedIssuers())
                .containsExactly(JwksEndpoint.V1_ISSUER_TEMPLATE);
        assertThat(JwksEndpoint.of("https://nexus.passport.com/public/partner/discovery/key").serves()).containsExactly(KeyScope.CONSUMERS);
        assertThat(JwksEndpoint.of("https://example.com/jwks.json").serves()).isEmpty();
        assertThat(JwksEndpoint.of("not a url at all").serves()).isEmpty();
    }

    private static LedgerKey key(Listing... listings) {
        return new LedgerKey("k", null, KeyScope.ORGANIZATIONS, List.of(), null, List.of(), null, null, List.of(listings), null);
    }
}
