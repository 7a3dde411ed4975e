package dev.forgewatch.detections.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forgewatch.common.event.Severity;
import dev.forgewatch.detections.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The token-provenance join accuses only where sign-in coverage is proven: on the shipped fixture of
 * 'Mail Access With a Token No Sign-in Issued', the proven case is high and each unproven one (an hour
 * with no sign-in export, a token issued before the data begins, a sign-in category never supplied)
 * is a low coverage finding that names the missing log.
 */
class ProvenanceCoverageTest {
    private final RulePack pack = RulePack.standard();

    private List<Finding> findings(String caseStart) {
        return findings("mail_access_with_unissued_token", caseStart);
    }

    private List<Finding> findings(String rule, String caseStart) {
        RuleTestCase testCase = pack.tests().stream()
                .filter(c -> c.rule().name().equals(rule) && c.name().startsWith(caseStart))
                .findFirst().orElseThrow();
        return RuleTests.run(pack.rules(), testCase).findings();
    }

    @Test
    void provenCoverageAccuses() {
        assertThat(findings("mail read with a token no sign-in issued")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.HIGH);
            assertThat(finding.ruleName()).isEqualTo("Mail Access With a Token No Sign-in Issued");
            assertThat(finding.message()).contains("J3KTWNbmrsQjPrPdLaoSCw", "which no sign-in issued");
        });
    }

    @Test
    void anHourWithNoSignInExportIsACoverageGap() {
        assertThat(findings("no sign-in exported in the hour")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.LOW);
            assertThat(finding.ruleName()).endsWith("Coverage Gap");
            assertThat(finding.message()).contains("no sign-in of any category was exported between 2023-05-18T14:00:00Z and "
                    + "2023-05-18T15:00:00Z").contains("NonInteractiveUserSignInLogs");
        });
    }

    @Test
    void aTokenIssuedBeforeTheDataBeginsIsACoverageGap() {
        assertThat(findings("a token issued before the sign-in data begins")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.LOW);
            assertThat(finding.message()).contains("issued at 2023-05-14T23:40:00Z, before the sign-in data begins");
        });
    }

    @Test
    void aCategoryNeverSuppliedIsACoverageGap() {
        assertThat(findings("an app-only token while no service-principal")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.LOW);
            assertThat(finding.message()).contains("ServicePrincipalSignInLogs, ManagedIdentitySignInLogs");
        });
    }

    // 'Session Used From an Address No Refresh of It Was Logged From': the gate is anchored at the read, over the
    // absence's own timespan either side, never at the token's IssuedAtTime (which a forger chooses)
    private static final String SESSION_RULE = "session_used_from_address_without_refresh";

    @Test
    void aSessionReadFromAnAddressNoRefreshCameFromIsMediumWhereCoverageIsProven() {
        assertThat(findings(SESSION_RULE, "mail read in a session no sign-in logged")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(finding.user()).isEqualTo("kendall.chandra@fabrikam.example");
            assertThat(finding.message()).contains("0d7f6a3e-93c4-4c8e-8b1f-4f1a6c9b2e77", "192.0.2.187", "(2 records)");
        });
        assertThat(findings(SESSION_RULE, "the owner's real session id copied")).singleElement()
                .satisfies(finding -> assertThat(finding.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void aSessionRefreshThatFellInTheMissingExportHourIsACoverageGapNotAnAccusation() {
        assertThat(findings(SESSION_RULE, "the session's refresh from home fell in the hour")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.LOW);
            assertThat(finding.ruleName()).endsWith("Coverage Gap");
            assertThat(finding.user()).isNull();
            assertThat(finding.message()).contains("no sign-in of any category was exported between", "after the access",
                    "NonInteractiveUserSignInLogs");
        });
        assertThat(findings(SESSION_RULE, "a token issued before the sign-in data begins")).singleElement().satisfies(finding -> {
            assertThat(finding.severity()).isEqualTo(Severity.LOW);
            assertThat(finding.message()).contains("the sign-in data begins at 2023-05-15T00:30:00Z");
        });
    }
}
