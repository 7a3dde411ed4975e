package dev.forgewatch.token.inspect;

import static dev.forgewatch.token.testing.TestTokens.CONSUMER_KEY;
import static dev.forgewatch.token.testing.TestTokens.ID_ONLY_KID;
import static dev.forgewatch.token.testing.TestTokens.ISSUED;
import static dev.forgewatch.token.testing.TestTokens.OLD_KEY;
import static dev.forgewatch.token.testing.TestTokens.ORG_KEY;
import static dev.forgewatch.token.testing.TestTokens.ORG_TENANT;
import static dev.forgewatch.token.testing.TestTokens.OTHER_ORG_TENANT;
import static dev.forgewatch.token.testing.TestTokens.STOLEN_KEY;
import static dev.forgewatch.token.testing.TestTokens.STRANGER_KEY;
import static dev.forgewatch.token.testing.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.Severity;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.token.ledger.CompromisedKeys;
import dev.forgewatch.token.ledger.KeyLedger;
import dev.forgewatch.token.parse.TokenParser;
import dev.forgewatch.token.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every finding with a token that has it and one that does not, and the clean cases. */
class TokenInspectorTest {
    private static final Instant SEEN = ISSUED.plus(Duration.ofMinutes(10));
    private static final TokenParser PARSER = new TokenParser();
    private final TokenInspector inspector = TestTokens.inspector();

    private TokenReport inspect(String token) {
        return inspect(token, SEEN);
    }

    private TokenReport inspect(String token, Instant seenAt) {
        return inspector.inspect(PARSER.parse(token), seenAt);
    }

    @Nested
    class CleanTokens {
        @Test
        void aValidOrganizationTokenHasNoFindingAndItsFieldsButNotItsSecret() {
            String token = token().build();
            TokenReport report = inspect(token);

            assertThat(report.findings()).isEmpty();
            assertThat(report.signature()).isEqualTo(SignatureStatus.VALID);
            assertThat(report.keyScope()).isEqualTo("organizations");
            Map<String, Object> fields = report.fields();
            assertThat(fields).containsEntry(Fields.TOKEN_FINGERPRINT, Fingerprints.sha256Hex(token))
                    .containsEntry(Fields.TOKEN_ALG, "RS256")
                    .containsEntry(Fields.TOKEN_KID, ORG_KEY.kid())
                    .containsEntry(Fields.TOKEN_ISSUER, "https://login.microsoftonline.com/" + ORG_TENANT + "/v2.0")
                    .containsEntry(Fields.TOKEN_TENANT_ID, ORG_TENANT)
                    .containsEntry(Fields.TOKEN_AUDIENCE, "api://forgewatch-test")
                    .containsEntry(Fields.TOKEN_APP_ID, "6cb04018-a3f5-46a7-b995-940c78f5aef3")
                    .containsEntry(Fields.TOKEN_VERSION, "2.0")
                    .containsEntry(Fields.TOKEN_ISSUED_AT, ISSUED)
                    .containsEntry(Fields.TOKEN_NOT_BEFORE, ISSUED)
                    .containsEntry(Fields.TOKEN_EXPIRES_AT, ISSUED.plus(Duration.ofMinutes(75)))
                    .containsEntry(Fields.TOKEN_KEY_SCOPE, "organizations")
                    .doesNotContainKeys(Fields.TOKEN_FINDINGS, Fields.TOKEN_SUBJECT_HASH, Fields.TOKEN_X5T);
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertThat(fields.values()).allSatisfy(value -> assertThat(value.toString()).doesNotContain(signature).doesNotContain("eyJ"));
        }

        @Test
        void validConsumerAndV1TokensHaveNoFinding() {
            assertThat(inspect(token().signedBy(CONSUMER_KEY).consumer().build()).findings()).isEmpty();
            TokenReport v1 = inspect(token().v1().build());
            assertThat(v1.findings()).isEmpty();
            assertThat(v1.x5t()).isEqualTo(ORG_KEY.kid());
        }

        @Test
        void tokensOfOtherIssuersAreFingerprintedButNotJudgedAgainstMicrosoftKeys() {
            String google = token().signedBy(STRANGER_KEY).claim("iss", "https://accounts.google.com").claim("tid", null)
                    .times(ISSUED.minus(Duration.ofDays(400)), Duration.ofDays(30)).build();

            TokenReport report = inspect(google);
            assertThat(report.findings()).isEmpty();
            assertThat(report.signature()).isEqualTo(SignatureStatus.NOT_MICROSOFT);
            assertThat(report.keyScope()).isEqualTo("unknown");
        }

        @Test
        void subjectIsHashedOnlyWhenConfigured() {
            String token = token().build();
            TokenInspector salted = new TokenInspector(TestTokens.ledger(), TestTokens.iocs(),
                    InspectionPolicy.DEFAULT.withSubjectHashing("pepper"));

            assertThat(salted.inspect(PARSER.parse(token), SEEN).subjectHash())
                    .isEqualTo(Fingerprints.sha256Hex("pepper" + "00000000-0000-0000-66f3-3332eca7ea81"));
            assertThat(inspect(token).subjectHash()).isNull();
        }
    }

    @Test
    void compromisedKey() {
        TokenReport report = inspect(token().signedBy(STOLEN_KEY).consumer().build());

        assertThat(report.findingIds()).containsExactly("compromised-key");
        TokenFinding finding = report.findings().get(0);
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.evidence()).containsEntry("kid", STOLEN_KEY.kid()).containsEntry("ioc", "test stolen key")
                .containsEntry("signature", SignatureStatus.VALID.description());
        assertThat(inspect(token().signedBy(CONSUMER_KEY).consumer().build()).has(FindingKind.COMPROMISED_KEY)).isFalse();
    }

    @Test
    void crossScopeKeyBothWays() {
        TokenReport msaKeyOnOrgToken = inspect(token().signedBy(CONSUMER_KEY).build());
        TokenReport orgKeyOnConsumerToken = inspect(token().signedBy(ORG_KEY).consumer().build());

        assertThat(msaKeyOnOrgToken.findingIds()).containsExactly("cross-scope-key");
        assertThat(msaKeyOnOrgToken.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(msaKeyOnOrgToken.findings().get(0).evidence()).containsEntry("key_scope", "consumers").containsEntry("tid", ORG_TENANT)
                .containsEntry("signature", SignatureStatus.VALID.description());
        assertThat(msaKeyOnOrgToken.keyScope()).isEqualTo("consumers");
        assertThat(orgKeyOnConsumerToken.findingIds()).containsExactly("cross-scope-key");
        assertThat(inspect(token().build()).has(FindingKind.CROSS_SCOPE_KEY)).isFalse();
    }

    @Test
    void theStorm0558PatternIsCompromisedAndCrossScope() {
        TokenReport report = inspect(token().signedBy(STOLEN_KEY).v1().build());

        assertThat(report.findingIds()).containsExactlyInAnyOrder("compromised-key", "cross-scope-key");
    }

    @Test
    void unknownKeyOnlyWhereTheLedgerWatchedTheLists() {
        TokenReport covered = inspect(token().signedBy(STRANGER_KEY).build());
        TokenReport newerThanLedger = inspect(token().signedBy(STRANGER_KEY).times(Instant.parse("2024-06-01T10:00:00Z"),
                Duration.ofHours(1)).build(), Instant.parse("2024-06-01T10:10:00Z"));
        TokenReport noKeyNamed = inspect(token().kid(null).build());

        assertThat(covered.findingIds()).containsExactly("unknown-key");
        assertThat(inspect(token().signedBy(STRANGER_KEY).consumer().build()).findingIds()).containsExactly("unknown-key");
        TokenInspector commonOnly = new TokenInspector(new KeyLedger(TestTokens.ledger().snapshotDate(), null,
                List.of(TestTokens.ledger().coverage().get(0)), TestTokens.ledger().keys()), TestTokens.iocs(), InspectionPolicy.DEFAULT);
        assertThat(commonOnly.inspect(PARSER.parse(token().signedBy(STRANGER_KEY).consumer().build()), SEEN).findings()).isEmpty();
        assertThat(covered.keyScope()).isEqualTo("unknown");
        assertThat(covered.signature()).isEqualTo(SignatureStatus.UNKNOWN_KEY);
        assertThat(newerThanLedger.findings()).isEmpty();
        assertThat(noKeyNamed.findingIds()).containsExactly("unknown-key");
        assertThat(inspect(token().build()).has(FindingKind.UNKNOWN_KEY)).isFalse();
    }

    @Test
    void keyRetiredBeforeIatAndCertificateExpiredAtIat() {
        TokenReport beforeBoth = inspect(oldKeyToken("2023-01-15T10:00:00Z"), Instant.parse("2023-01-15T10:10:00Z"));
        TokenReport certExpired = inspect(oldKeyToken("2023-02-15T10:00:00Z"), Instant.parse("2023-02-15T10:10:00Z"));
        TokenReport onRetirementDay = inspect(oldKeyToken("2023-03-01T20:00:00Z"), Instant.parse("2023-03-01T20:10:00Z"));
        TokenReport afterRetirement = inspect(oldKeyToken("2023-03-02T00:00:00Z"), Instant.parse("2023-03-02T00:10:00Z"));

        assertThat(beforeBoth.findings()).isEmpty();
        assertThat(certExpired.findingIds()).containsExactly("certificate-expired-at-iat");
        assertThat(certExpired.findings().get(0).evidence()).containsEntry("certificate_not_after", "2023-02-01T00:00:00Z");
        assertThat(onRetirementDay.findingIds()).containsExactly("certificate-expired-at-iat");
        assertThat(afterRetirement.findingIds()).containsExactlyInAnyOrder("key-retired-before-iat", "certificate-expired-at-iat");
        assertThat(afterRetirement.findings()).filteredOn(f -> f.id().equals("key-retired-before-iat")).singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("key_retired", "2023-03-01").containsEntry("key_last_seen", "2023-02-27"));
    }

    private static String oldKeyToken(String issued) {
        return token().signedBy(OLD_KEY).times(Instant.parse(issued), Duration.ofHours(1)).build();
    }

    @Test
    void signatureInvalidWhenTheLedgerKeyDoesNotVerifyIt() {
        String genuine = token().build();
        String forged = token().signer(STRANGER_KEY).build();
        String[] parts = genuine.split("\\.");
        String otherClaims = token().claim("tid", OTHER_ORG_TENANT)
                .claim("iss", "https://login.microsoftonline.com/" + OTHER_ORG_TENANT + "/v2.0").build().split("\\.")[1];
        String tampered = parts[0] + "." + otherClaims + "." + parts[2];

        assertThat(inspect(forged).findingIds()).containsExactly("signature-invalid");
        assertThat(inspect(forged).signature()).isEqualTo(SignatureStatus.INVALID);
        assertThat(inspect(tampered).findingIds()).containsExactly("signature-invalid");
        assertThat(inspect(genuine).has(FindingKind.SIGNATURE_INVALID)).isFalse();
    }

    @Test
    void signatureSegmentsOfTheWrongLengthOrPaddedAreInvalidNotErrors() {
        String genuine = token().build();
        int last = genuine.lastIndexOf('.');
        String signingInput = genuine.substring(0, last);
        String signature = genuine.substring(last + 1);
        // An RS256 signature of a 2048-bit key is 256 bytes: 342 characters whose last carries 2 bits of the
        // signature and 4 unused bits. The keys are random per run, so both kinds of change to the last
        // character are made from its value rather than assumed.
        assertThat(signature).hasSize(342);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int lastValue = alphabet.indexOf(signature.charAt(signature.length() - 1));
        String head = signature.substring(0, signature.length() - 1);
        String signatureBitChanged = head + alphabet.charAt(lastValue ^ 0b010000);
        String unusedBitChanged = head + alphabet.charAt(lastValue ^ 0b000001);
        // cut short, one character more (a length no base64 has), two more, a signature bit changed in the last
        // character, an unused bit changed there (decodes to the same bytes, but is not their encoding)
        List<String> damaged = List.of(signature.substring(0, signature.length() - 4), signature + "A", signature + "AA",
                signatureBitChanged, unusedBitChanged);
        for (String bad : damaged) {
            TokenReport report = inspect(signingInput + "." + bad);
            assertThat(report.signature()).as(bad).isEqualTo(SignatureStatus.INVALID);
            assertThat(report.findingIds()).as(bad).containsExactly("signature-invalid");
        }
        // padding is not base64url: the token is not read at all
        assertThat(inspect(signingInput + "." + signature + "==").signature()).isEqualTo(SignatureStatus.UNREADABLE);
        assertThat(inspect(signingInput + "." + signature).signature()).isEqualTo(SignatureStatus.VALID);
    }

    @Test
    void withoutKeyMaterialTheSignatureIsNotJudgedAndEvidenceSaysSo() {
        TokenReport clean = inspect(token().kid(ID_ONLY_KID).signer(STRANGER_KEY).build());
        TokenReport crossScope = inspect(token().kid(ID_ONLY_KID).signer(STRANGER_KEY).consumer().build());

        assertThat(clean.findings()).isEmpty();
        assertThat(clean.signature()).isEqualTo(SignatureStatus.NO_KEY_MATERIAL);
        assertThat(crossScope.findingIds()).containsExactly("cross-scope-key");
        assertThat(crossScope.findings().get(0).evidence().get("signature")).startsWith("not checked: the ledger knows this key id but has no public key");
    }

    @Test
    void algNone() {
        TokenReport microsoft = inspect(token().unsigned().build());
        TokenReport anyIssuer = inspect(token().unsigned().kid(null).claim("iss", "https://idp.example.com").build());

        assertThat(microsoft.findingIds()).containsExactly("alg-none");
        assertThat(anyIssuer.findingIds()).containsExactly("alg-none");
        assertThat(inspect(token().build()).has(FindingKind.ALG_NONE)).isFalse();
    }

    @Test
    void algHmacOnlyOnTokensClaimingAMicrosoftIssuer() {
        byte[] secret = "a-32-byte-shared-secret-for-hs256".getBytes(StandardCharsets.US_ASCII);
        TokenReport microsoft = inspect(token().hmac(secret).build());
        TokenReport elsewhere = inspect(token().hmac(secret).kid(null).claim("iss", "https://idp.example.com").build());

        assertThat(microsoft.findingIds()).containsExactly("alg-hmac");
        assertThat(elsewhere.findings()).isEmpty();
    }

    @Test
    void algKeyMismatchWhenTheAlgIsNotTheOneTheKeySignsWith() {
        TokenReport rs512 = inspect(token().header("alg", "RS512").build());
        TokenReport ps256 = inspect(token().header("alg", "PS256").build());

        assertThat(rs512.findingIds()).containsExactly("alg-key-mismatch");
        assertThat(rs512.signature()).isEqualTo(SignatureStatus.NOT_APPLICABLE);
        assertThat(ps256.findingIds()).containsExactly("alg-key-mismatch");
        assertThat(inspect(token().build()).has(FindingKind.ALG_KEY_MISMATCH)).isFalse();
    }

    @Test
    void issuerTenantMismatch() {
        TokenReport otherTid = inspect(token().claim("tid", OTHER_ORG_TENANT).build());
        TokenReport template = inspect(token().claim("iss", "https://login.microsoftonline.com/{tenantid}/v2.0").build());
        TokenReport v1Mismatch = inspect(token().v1().claim("tid", OTHER_ORG_TENANT).build());

        assertThat(otherTid.findingIds()).containsExactly("issuer-tenant-mismatch");
        assertThat(otherTid.findings().get(0).evidence()).containsEntry("iss_tenant", ORG_TENANT).containsEntry("tid", OTHER_ORG_TENANT);
        assertThat(template.findingIds()).containsExactly("issuer-tenant-mismatch");
        assertThat(v1Mismatch.findingIds()).containsExactly("issuer-tenant-mismatch");
        assertThat(inspect(token().v1().build()).has(FindingKind.ISSUER_TENANT_MISMATCH)).isFalse();
    }

    @Test
    void consumerTenantOnEnterpriseApp() {
        TokenReport onExchange = inspect(token().signedBy(CONSUMER_KEY).consumer().claim("aud", "https://outlook.office365.com/").build());
        TokenReport onExchangeById = inspect(token().signedBy(CONSUMER_KEY).consumer()
                .claim("aud", List.of("00000002-0000-0ff1-ce00-000000000000")).build());
        TokenReport orgOnExchange = inspect(token().claim("aud", "https://outlook.office365.com").build());

        assertThat(onExchange.findingIds()).containsExactly("consumer-tenant-on-enterprise-app");
        assertThat(onExchangeById.findingIds()).containsExactly("consumer-tenant-on-enterprise-app");
        assertThat(orgOnExchange.findings()).isEmpty();
        assertThat(inspect(token().signedBy(CONSUMER_KEY).consumer().build()).findings()).isEmpty();
        TokenInspector custom = new TokenInspector(TestTokens.ledger(), TestTokens.iocs(),
                InspectionPolicy.DEFAULT.withEnterpriseAudiences(java.util.Set.of("api://forgewatch-test")));
        assertThat(custom.inspect(PARSER.parse(token().signedBy(CONSUMER_KEY).consumer().build()), SEEN).findingIds())
                .containsExactly("consumer-tenant-on-enterprise-app");
    }

    @Test
    void lifetimeExcessiveBeyondTheDayOrTheContinuousAccessMaximum() {
        assertThat(inspect(token().times(ISSUED, Duration.ofHours(30)).build()).findingIds()).containsExactly("lifetime-excessive");
        assertThat(inspect(token().times(ISSUED, Duration.ofHours(24)).build()).findings()).isEmpty();
        assertThat(inspect(token().times(ISSUED, Duration.ofHours(27)).claim("xms_cc", List.of("CP1")).build()).findings()).isEmpty();
        TokenReport caeTooLong = inspect(token().times(ISSUED, Duration.ofHours(30)).claim("xms_cc", List.of("cp1")).build());
        assertThat(caeTooLong.findingIds()).containsExactly("lifetime-excessive");
        assertThat(caeTooLong.findings().get(0).evidence()).containsEntry("lifetime", "30h").containsEntry("limit", "28h");
    }

    @Test
    void notYetValidWhenSeenBeforeItsTimeBeyondTheSkew() {
        String token = token().build();

        assertThat(inspect(token, ISSUED.minus(Duration.ofHours(1))).findingIds()).containsExactly("not-yet-valid");
        assertThat(inspect(token, ISSUED.minus(Duration.ofMinutes(2))).findings()).isEmpty();
    }

    @Test
    void expiredWhenSeenBeyondTheSkew() {
        String token = token().build();
        TokenReport late = inspect(token, ISSUED.plus(Duration.ofHours(3)));

        assertThat(late.findingIds()).containsExactly("expired-when-seen");
        assertThat(late.findings().get(0).severity()).isEqualTo(Severity.LOW);
        assertThat(inspect(token, ISSUED.plus(Duration.ofMinutes(76))).findings()).isEmpty();
    }

    @Test
    void malformedTokensAndClaimsOfTheWrongType() {
        TokenReport twoSegments = inspect("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0");
        TokenReport badExp = inspect(token().claim("exp", "tomorrow").build());

        assertThat(twoSegments.findingIds()).containsExactly("malformed-token");
        assertThat(twoSegments.signature()).isEqualTo(SignatureStatus.UNREADABLE);
        assertThat(twoSegments.findings().get(0).explanation()).contains("has 2 segments");
        assertThat(badExp.findingIds()).containsExactly("malformed-token");
        assertThat(badExp.findings().get(0).explanation()).contains("exp is not a number");
        assertThat(inspect(token().build()).has(FindingKind.MALFORMED_TOKEN)).isFalse();
    }

    @Test
    void aReducedExportIsJudgedTheSameWayExceptForTheSignature() throws Exception {
        String token = token().signedBy(CONSUMER_KEY).build();
        String[] parts = token.split("\\.");
        ObjectNode export = Json.MAPPER.createObjectNode().put("fingerprint", Fingerprints.sha256Hex(token).toUpperCase());
        export.set("header", Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0])));
        export.set("claims", Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])));

        TokenReport report = inspector.inspect(PARSER.reduced(export), SEEN);

        assertThat(report.findingIds()).containsExactly("cross-scope-key");
        assertThat(report.signature()).isEqualTo(SignatureStatus.NO_SIGNATURE);
        assertThat(report.fingerprint()).isEqualTo(Fingerprints.sha256Hex(token));
        assertThat(report.reduced()).isTrue();
    }

    @Test
    void theLinkableIdentifiersOfATokenAreKeptAsTheCanonicalIds() {
        TokenReport report = inspect(token().claim("uti", "qK3vXy9TDkuF0m2Lw8RzAA")
                .claim("sid", "00a1f3c2-7b4e-8d15-0c3a-6e9b2f4d7a18").build());

        assertThat(report.uniqueTokenId()).isEqualTo("qK3vXy9TDkuF0m2Lw8RzAA");
        assertThat(report.sessionId()).isEqualTo("00a1f3c2-7b4e-8d15-0c3a-6e9b2f4d7a18");
        assertThat(report.fields()).containsEntry(Fields.UNIQUE_TOKEN_ID, "qK3vXy9TDkuF0m2Lw8RzAA")
                .containsEntry(Fields.SESSION_ID, "00a1f3c2-7b4e-8d15-0c3a-6e9b2f4d7a18")
                .containsEntry(Fields.TOKEN_ISSUED_AT, ISSUED);
        assertThat(inspect(token().build()).fields()).as("a token without them")
                .doesNotContainKeys(Fields.UNIQUE_TOKEN_ID, Fields.SESSION_ID);
    }

    @Test
    void linkableIdentifiersAreClaimsLikeAnyOtherHostileOrMalformed() {
        String hidden = token().build();
        TokenReport report = inspect(token().claim("uti", hidden).claim("sid", "s\u0007".repeat(400)).build());

        assertThat(report.uniqueTokenId()).startsWith("[REDACTED-JWT sha256:").doesNotContain("eyJ");
        assertThat(report.sessionId()).hasSizeLessThan(300).doesNotContain("\u0007");
        ObjectNode uti = Json.MAPPER.createObjectNode().put("a", 1);
        TokenReport objectUti = inspect(token().claim("uti", uti).build());
        assertThat(objectUti.uniqueTokenId()).isNull();
        assertThat(objectUti.findingIds()).contains("malformed-token");
    }

    @Test
    void claimValuesAreRedactedAndBoundedBeforeTheyAreKept() {
        String hidden = token().build();
        TokenReport report = inspect(token().claim("aud", hidden).claim("azp", "x".repeat(5000) + "\u0007").build());

        assertThat(report.audience()).startsWith("[REDACTED-JWT sha256:").doesNotContain("eyJ");
        assertThat(report.appId()).hasSizeLessThan(300).doesNotContain("\u0007");
    }

    @Test
    void forgedStorm0558TokensAgainstTheShippedLedger() {
        TokenInspector shipped = new TokenInspector(KeyLedger.bundled(), CompromisedKeys.bundled(), InspectionPolicy.DEFAULT);
        Instant during = Instant.parse("2023-06-20T03:00:00Z");
        String forged = token().signer(STRANGER_KEY).kid("1LTMzakihiRla_8z2BEJVXeWMqo").v1()
                .claim("aud", "https://outlook.office365.com").times(during, Duration.ofMinutes(80)).build();
        Instant after = Instant.parse("2023-07-10T03:00:00Z");
        String later = token().signer(STRANGER_KEY).kid("1LTMzakihiRla_8z2BEJVXeWMqo").times(after, Duration.ofMinutes(80)).build();

        TokenReport report = shipped.inspect(PARSER.parse(forged), during.plusSeconds(60));
        assertThat(report.findingIds()).containsExactlyInAnyOrder("compromised-key", "cross-scope-key", "certificate-expired-at-iat",
                "signature-invalid");
        assertThat(report.keyScope()).isEqualTo("consumers");
        assertThat(shipped.inspect(PARSER.parse(later), after.plusSeconds(60)).findingIds())
                .contains("key-retired-before-iat", "compromised-key");
    }
}
