package dev.forgewatch.token.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.token.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerMergerTest {
    private static final String URL = "https://login.microsoftonline.com/organizations/discovery/v2.0/keys";
    private static final LocalDate DAY1 = LocalDate.of(2025, 3, 1);
    private static final LocalDate DAY2 = DAY1.plusDays(1);
    private static final LocalDate DAY5 = DAY1.plusDays(4);

    @TempDir
    Path dir;

    private static FetchedJwks.FetchedKey key(TestTokens.TestKey key, String issuer) {
        return new FetchedJwks.FetchedKey(key.kid(), null, key.jwk(), List.of(), issuer);
    }

    private static FetchedJwks document(String url, FetchedJwks.FetchedKey... keys) {
        return new FetchedJwks(url, List.of(keys), List.of());
    }

    private static Listing listing(KeyLedger ledger, String kid, String url) {
        return ledger.find(kid, null).orElseThrow().listings().stream().filter(l -> l.endpoint().equals(url)).findFirst().orElseThrow();
    }

    @Test
    void newKeysArriveWithFirstSeenAndGoneKeysAreRetiredOnlyAfterASecondMissNeverDeleted() {
        KeyLedger empty = new KeyLedger(LocalDate.of(2024, 10, 26), "test", List.of(), List.of());
        FetchedJwks.FetchedKey org = key(TestTokens.ORG_KEY, JwksEndpoint.V2_ISSUER_TEMPLATE);
        FetchedJwks.FetchedKey old = key(TestTokens.OLD_KEY, JwksEndpoint.V2_ISSUER_TEMPLATE);

        LedgerMerger.Result first = LedgerMerger.merge(empty, document(URL, org, old), DAY1);
        assertThat(first.added()).containsExactly(TestTokens.ORG_KEY.kid(), TestTokens.OLD_KEY.kid());
        assertThat(listing(first.ledger(), TestTokens.OLD_KEY.kid(), URL)).isEqualTo(new Listing(URL, DAY1, DAY1, null, null,
                "forgewatch keys refresh of " + URL));
        assertThat(first.ledger().find(TestTokens.ORG_KEY.kid(), null).orElseThrow().scope()).isEqualTo(KeyScope.ORGANIZATIONS);
        assertThat(first.ledger().snapshotDate()).isEqualTo(DAY1);

        LedgerMerger.Result sameDayMiss = LedgerMerger.merge(first.ledger(), document(URL, org), DAY1);
        assertThat(sameDayMiss.missing()).containsExactly(TestTokens.OLD_KEY.kid());
        assertThat(listing(sameDayMiss.ledger(), TestTokens.OLD_KEY.kid(), URL).missingSince()).isEqualTo(DAY1);
        assertThat(sameDayMiss.ledger().find(TestTokens.OLD_KEY.kid(), null).orElseThrow().retiredOn()).isNull();

        LedgerMerger.Result stillSameDay = LedgerMerger.merge(sameDayMiss.ledger(), document(URL, org), DAY1);
        assertThat(stillSameDay.retired()).isEmpty();

        LedgerMerger.Result confirmed = LedgerMerger.merge(stillSameDay.ledger(), document(URL, org), DAY2);
        assertThat(confirmed.retired()).containsExactly(TestTokens.OLD_KEY.kid());
        Listing retired = listing(confirmed.ledger(), TestTokens.OLD_KEY.kid(), URL);
        assertThat(retired).isEqualTo(new Listing(URL, DAY1, DAY1, DAY1, null, retired.source()));
        assertThat(confirmed.ledger().keys()).hasSize(2);
        assertThat(listing(confirmed.ledger(), TestTokens.ORG_KEY.kid(), URL).lastSeen()).isEqualTo(DAY2);

        LedgerMerger.Result comesBack = LedgerMerger.merge(confirmed.ledger(), document(URL, org, old), DAY5);
        assertThat(comesBack.back()).containsExactly(TestTokens.OLD_KEY.kid());
        assertThat(listing(comesBack.ledger(), TestTokens.OLD_KEY.kid(), URL)).satisfies(l -> {
            assertThat(l.firstSeen()).isEqualTo(DAY1);
            assertThat(l.lastSeen()).isEqualTo(DAY5);
            assertThat(l.retired()).isNull();
        });
    }

    @Test
    void aMissOnOneDayAndAReturnTheNextIsNotARetirement() {
        KeyLedger start = LedgerMerger.merge(new KeyLedger(DAY1, null, List.of(), List.of()),
                document(URL, key(TestTokens.ORG_KEY, JwksEndpoint.V2_ISSUER_TEMPLATE)), DAY1).ledger();
        KeyLedger missed = LedgerMerger.merge(start, document(URL), DAY1).ledger();
        LedgerMerger.Result back = LedgerMerger.merge(missed, document(URL, key(TestTokens.ORG_KEY, JwksEndpoint.V2_ISSUER_TEMPLATE)), DAY2);

        assertThat(back.back()).containsExactly(TestTokens.ORG_KEY.kid());
        assertThat(listing(back.ledger(), TestTokens.ORG_KEY.kid(), URL).missingSince()).isNull();
    }

    @Test
    void coverageGrowsWithDailyRefreshesAndStartsAgainAfterAGap() {
        KeyLedger ledger = new KeyLedger(DAY1, null, List.of(), List.of());
        ledger = LedgerMerger.merge(ledger, document(URL), DAY1).ledger();
        ledger = LedgerMerger.merge(ledger, document(URL), DAY2).ledger();
        ledger = LedgerMerger.merge(ledger, document(URL), DAY5).ledger();

        assertThat(ledger.coverage()).extracting(Coverage::from, Coverage::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DAY1, DAY2), org.assertj.core.groups.Tuple.tuple(DAY5, DAY5));
        assertThat(ledger.covers(DAY2, KeyScope.ORGANIZATIONS)).isTrue();
        assertThat(ledger.covers(DAY2, KeyScope.CONSUMERS)).isFalse();
        assertThat(ledger.covers(DAY1.plusDays(2), KeyScope.ORGANIZATIONS)).isFalse();
    }

    @Test
    void materialIsAddedWhenMissingAndAContradictionIsReportedNotTaken() {
        KeyLedger ledger = TestTokens.ledger();
        FetchedJwks.FetchedKey idOnly = new FetchedJwks.FetchedKey(TestTokens.ID_ONLY_KID, null, TestTokens.STRANGER_KEY.jwk(), List.of(),
                JwksEndpoint.V2_ISSUER_TEMPLATE);
        FetchedJwks.FetchedKey swapped = new FetchedJwks.FetchedKey(TestTokens.ORG_KEY.kid(), null, TestTokens.STRANGER_KEY.jwk(), List.of(),
                JwksEndpoint.V2_ISSUER_TEMPLATE);

        LedgerMerger.Result result = LedgerMerger.merge(ledger, document(TestTokens.COMMON_V2, idOnly, swapped), DAY1);

        LedgerKey filled = result.ledger().find(TestTokens.ID_ONLY_KID, null).orElseThrow();
        assertThat(filled.jwk()).isEqualTo(TestTokens.STRANGER_KEY.jwk());
        assertThat(filled.materialSource()).isEqualTo("fetched from " + TestTokens.COMMON_V2 + " on " + DAY1);
        assertThat(result.ledger().find(TestTokens.ORG_KEY.kid(), null).orElseThrow().jwk()).isEqualTo(TestTokens.ORG_KEY.jwk());
        assertThat(result.notes()).singleElement().asString().startsWith(TestTokens.ORG_KEY.kid() + ": " + TestTokens.COMMON_V2
                + " now publishes different key material");
        assertThat(result.missing()).contains(TestTokens.CONSUMER_KEY.kid(), TestTokens.STOLEN_KEY.kid());
    }

    @Test
    void scopeComesFromTheIssuerOrTheEndpointAndV1KeysGetTheV1Issuer() {
        KeyLedger empty = new KeyLedger(DAY1, null, List.of(), List.of());
        LedgerMerger.Result consumers = LedgerMerger.merge(empty,
                document("https://login.microsoftonline.com/consumers/discovery/v2.0/keys", key(TestTokens.CONSUMER_KEY, null)), DAY1);
        LedgerMerger.Result v1 = LedgerMerger.merge(empty,
                document("https://login.microsoftonline.com/common/discovery/keys", key(TestTokens.ORG_KEY, null)), DAY1);
        LedgerMerger.Result undecidable = LedgerMerger.merge(empty,
                document("https://login.microsoftonline.com/common/discovery/v2.0/keys", key(TestTokens.ORG_KEY, null)), DAY1);

        assertThat(consumers.ledger().keys().get(0).scope()).isEqualTo(KeyScope.CONSUMERS);
        assertThat(v1.ledger().keys().get(0).issuers()).containsExactly(JwksEndpoint.V1_ISSUER_TEMPLATE);
        assertThat(undecidable.ledger().keys()).isEmpty();
        assertThat(undecidable.notes()).singleElement().asString().contains("does not say which accounts it serves");
    }

    @Test
    void aRefreshedLedgerIsSavedAtomicallyAndReadsBackTheSame() throws Exception {
        KeyLedger merged = LedgerMerger.merge(KeyLedger.bundled(), document(URL, key(TestTokens.ORG_KEY, JwksEndpoint.V2_ISSUER_TEMPLATE)),
                DAY1).ledger();
        Path file = dir.resolve("nested/ledger.json");

        LedgerFiles.save(merged, file);
        KeyLedger reread = LedgerFiles.load(file);

        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        LedgerCodec.write(merged, a);
        LedgerCodec.write(reread, b);
        assertThat(b.toString()).isEqualTo(a.toString());
        assertThat(LedgerCodec.read(new ByteArrayInputStream(a.toByteArray()), "x").keys()).hasSize(KeyLedger.bundled().keys().size() + 1);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThat(LedgerFiles.loadOrBundled(dir.resolve("absent.json")).snapshotDate()).isEqualTo(KeyLedger.bundled().snapshotDate());
        assertThat(LedgerFiles.defaultPath(java.util.Map.of("FORGEWATCH_HOME", "/opt/fw"))).isEqualTo(Path.of("/opt/fw/keys/ledger.json"));
    }
}
