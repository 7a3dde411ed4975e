package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.secret.Secret;
import dev.forgewatch.common.tls.TlsOptions;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.Credentials;
import dev.forgewatch.elastic.install.InstallReport;
import dev.forgewatch.elastic.install.InstallReport.Item;
import dev.forgewatch.elastic.install.InstallReport.Outcome;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.elastic.kibana.install.KibanaApi;
import dev.forgewatch.elastic.kibana.install.KibanaException;
import dev.forgewatch.elastic.kibana.install.KibanaInstaller;
import dev.forgewatch.elastic.kibana.install.KibanaInstaller.FleetPackage;
import dev.forgewatch.elastic.pkg.EcsReference;
import dev.forgewatch.elastic.pkg.IntegrationPackage;
import dev.forgewatch.elastic.pkg.PackageArchive;
import dev.forgewatch.elastic.pkg.ProductVersion;
import dev.forgewatch.elastic.testing.FakeKibana;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kibana installer against a local Kibana that answers as Kibana's API documents: one run installs
 * the data view, dashboards, rules for the Kibana's line and the Fleet package; a second changes
 * nothing; a user's changes are kept unless forced, their tuning survives updates; spaces, credentials,
 * privileges and races are reported as Kibana reports them.
 */
class KibanaInstallerTest {
    private static final FieldCatalog CATALOG = FieldCatalog.standard();
    private static final RuleSet PACK = RulePack.standard().rules();
    private static final List<ObjectNode> SAVED_OBJECTS = new Dashboards(CATALOG).savedObjects();
    /** Rules on a supported line: the pack's alerting rules and the incident rule over their alerts. */
    private static final int RULES = PACK.alerting().size() + 1;
    private static final String COMPROMISED_KEY_RULE = "08abc089-e271-4ff3-9873-a95927f8caaf";

    private FakeKibana kibana;

    @AfterEach
    void stop() {
        if (kibana != null) {
            kibana.close();
        }
    }

    private KibanaApi api(String key, String space) throws IOException {
        return KibanaApi.connect(new ClusterTarget(kibana.url(), new Credentials.ApiKey(Secret.of(key)), TlsOptions.VERIFY), space);
    }

    private InstallReport install(String space, boolean fleet, boolean force) throws IOException {
        KibanaApi api = api(FakeKibana.API_KEY, space);
        String version = api.version();
        StackLines.Line line = StackLines.standard().choose(version).line();
        Optional<FleetPackage> pkg = fleet ? Optional.of(new FleetPackage(IntegrationPackage.NAME, ProductVersion.current(),
                PackageArchive.zip(new IntegrationPackage(CATALOG, EcsReference.pinned(), ProductVersion.current(),
                        StackLines.standard()).files(PACK), ProductVersion.current()))) : Optional.empty();
        return new KibanaInstaller(api).install("Kibana " + version, version, SAVED_OBJECTS, KibanaRuleExport.forLine(PACK, line),
                pkg, force);
    }

    private static List<Outcome> outcomes(InstallReport report) {
        return report.items().stream().map(Item::outcome).toList();
    }

    private static Item item(InstallReport report, String asset) {
        return report.items().stream().filter(item -> item.asset().equals(asset)).findFirst().orElseThrow();
    }

    @Test
    void installsEverythingOnceThenChangesNothing() throws IOException {
        kibana = new FakeKibana("8.19.6");
        InstallReport first = install("default", true, false);

        int expected = SAVED_OBJECTS.size() + RULES + 1;
        assertThat(outcomes(first)).hasSize(expected).containsOnly(Outcome.CREATED);
        assertThat(kibana.savedObjects("default")).containsKeys("index-pattern:forgewatch-logs", "dashboard:forgewatch-overview");
        assertThat(kibana.rules("default")).hasSize(RULES);
        ObjectNode rule = kibana.rules("default").get(COMPROMISED_KEY_RULE);
        assertThat(rule.path("meta").path("forgewatch_install").path("installed").asText()).isNotEmpty();
        assertThat(rule.path("meta").path("forgewatch_stack_line").asText()).isEqualTo("8.19");
        assertThat(rule.path("enabled").asBoolean()).isFalse();
        assertThat(kibana.savedObjects("default").get("dashboard:forgewatch-overview").path("attributes").path("description").asText())
                .contains("[forgewatch source=").contains("kibana=8.19.6]");
        assertThat(kibana.installedPackages()).containsEntry("forgewatch", ProductVersion.current());
        assertThat(kibana.requests()).filteredOn(request -> request.startsWith("POST")).isNotEmpty();

        kibana.clearRequests();
        InstallReport second = install("default", true, false);

        assertThat(outcomes(second)).hasSize(expected).containsOnly(Outcome.UNCHANGED);
        assertThat(second.changedAnything()).isFalse();
        assertThat(kibana.requests()).as("a second run only reads").noneMatch(request -> request.contains("_import")
                || request.equals("POST /api/fleet/epm/packages"));
    }

    @Test
    void keepsWhatAUserChangedUnlessForced() throws IOException {
        kibana = new FakeKibana("9.3.1");
        install("default", false, false);
        kibana.editRuleInUi("default", COMPROMISED_KEY_RULE, "severity", "medium");
        kibana.editRuleByApi("default", "b0d1bc09-8e84-41c6-924f-c881e62755c6", "interval", "2h");
        kibana.editDashboard("default", "forgewatch-tokens", "Our token board");

        InstallReport kept = install("default", false, false);

        assertThat(item(kept, "rule Token Signed With a Known Compromised Key").outcome()).isEqualTo(Outcome.KEPT_FOREIGN);
        assertThat(item(kept, "rule Token Signed With a Known Compromised Key").detail()).contains("saved in the Kibana UI");
        assertThat(item(kept, "rule Mailbox Activity Without MailItemsAccessed Records").outcome()).isEqualTo(Outcome.KEPT_MODIFIED);
        assertThat(item(kept, "dashboard forgewatch-tokens").outcome()).isEqualTo(Outcome.KEPT_MODIFIED);
        assertThat(kept.refusedAnything()).isTrue();
        assertThat(kibana.rules("default").get(COMPROMISED_KEY_RULE).path("severity").asText()).isEqualTo("medium");
        assertThat(kibana.savedObjects("default").get("dashboard:forgewatch-tokens").path("attributes").path("title").asText())
                .isEqualTo("Our token board");

        InstallReport forced = install("default", false, true);

        assertThat(outcomes(forced)).filteredOn(outcome -> outcome == Outcome.OVERWRITTEN).hasSize(3);
        assertThat(kibana.rules("default").get(COMPROMISED_KEY_RULE).path("severity").asText()).isEqualTo("critical");
        assertThat(outcomes(install("default", false, false))).containsOnly(Outcome.UNCHANGED);
    }

    @Test
    void aSocsTuningIsNotAChangeAndSurvivesAnUpdate() throws IOException {
        kibana = new FakeKibana("9.5.0");
        install("default", false, false);
        kibana.enableRule("default", COMPROMISED_KEY_RULE, "forgewatch-known-backup-apps");

        assertThat(outcomes(install("default", false, false))).containsOnly(Outcome.UNCHANGED);

        kibana.upgradeTo("9.5.2"); // a new Kibana migrates what it stores: not a user's change
        kibana.editRuleByApi("default", COMPROMISED_KEY_RULE, "from", "now-20m");
        InstallReport updated = install("default", false, false);

        assertThat(item(updated, "rule Token Signed With a Known Compromised Key").outcome()).isEqualTo(Outcome.UPDATED);
        ObjectNode rule = kibana.rules("default").get(COMPROMISED_KEY_RULE);
        assertThat(rule.path("enabled").asBoolean()).isTrue();
        assertThat(rule.path("exceptions_list").get(0).path("list_id").asText()).isEqualTo("forgewatch-known-backup-apps");
        assertThat(rule.path("from").asText()).isNotEqualTo("now-20m");
    }

    private static final String BACKUP_APP = "5f4c2b1a-9d3e-4e7b-8a6c-1b2d3e4f5a6b";
    private static final String APP_ENTRY = """
            version: 1
            apps:
              - id: %s
                name: Fabrikam Mail Archive
                reason: the tenant's mail archiving product
            """.formatted(BACKUP_APP);
    private static final String EGRESS_ENTRY = """
            egress:
              - cidr: 198.51.100.45/32
                reason: the backup server's address
            """;

    private KibanaRuleExport tunedExport(String tuningText) throws Exception {
        return KibanaRuleExport.forLine(PACK, StackLines.Line.parse("9.3"), StackLines.standard(),
                RulePack.standard().tuning("tuning.yaml", tuningText));
    }

    private InstallReport installTuned(KibanaRuleExport export) throws IOException {
        KibanaApi api = api(FakeKibana.API_KEY, "default");
        return new KibanaInstaller(api).install("Kibana", api.version(), SAVED_OBJECTS, export, true, Optional.empty(), false);
    }

    private static String ruleId(KibanaRuleExport export, String name) {
        return export.rules().stream().filter(rule -> rule.path("name").asText().equals(name)).findFirst().orElseThrow()
                .path("rule_id").asText();
    }

    @Test
    void aTuningFileBecomesExceptionListsThroughTheExceptionsApiOnceAndFollowsTheFile() throws Exception {
        kibana = new FakeKibana("9.3.1");
        KibanaRuleExport both = tunedExport(APP_ENTRY + EGRESS_ENTRY);
        assertThat(both.exceptionLists()).isNotEmpty();

        InstallReport first = installTuned(both);

        assertThat(first.failedAnything()).as(first.items().toString()).isFalse();
        Map<String, ObjectNode> lists = kibana.exceptionLists("default");
        assertThat(lists.keySet()).containsExactlyInAnyOrderElementsOf(both.exceptionLists().stream()
                .map(list -> list.path("list_id").asText()).toList());
        assertThat(kibana.exceptionItems("default")).hasSize(both.exceptionItems().size());
        assertThat(kibana.requests()).contains("POST /api/exception_lists", "POST /api/exception_lists/items")
                .noneMatch(request -> request.startsWith("POST /api/exception_lists/_import"));
        String many = ruleId(both, "One Application Reading Many Mailboxes");
        JsonNode references = kibana.rules("default").get(many).path("exceptions_list");
        String listId = "forgewatch-tuning-one-app-reading-many-mailboxes";
        assertThat(references).hasSize(1);
        assertThat(references.get(0).path("list_id").asText()).isEqualTo(listId);
        assertThat(references.get(0).path("id").asText()).as("Kibana's id of the list, not its list_id")
                .isEqualTo(lists.get(listId).path("id").asText());
        assertThat(kibana.exceptionItems("default").values()).anySatisfy(item -> {
            assertThat(item.path("list_id").asText()).isEqualTo(listId);
            assertThat(item.path("entries").get(0).path("field").asText()).isEqualTo("m365.app_id");
            assertThat(item.path("entries").get(0).path("value").asText()).isEqualTo(BACKUP_APP);
        });
        long tunedRules = kibana.rules("default").values().stream().filter(rule -> !rule.path("exceptions_list").isEmpty()).count();
        assertThat(tunedRules).isEqualTo(both.exceptionLists().size());
        assertThat(outcomes(first)).containsOnly(Outcome.CREATED);

        kibana.clearRequests();
        InstallReport second = installTuned(both);

        assertThat(outcomes(second)).containsOnly(Outcome.UNCHANGED);
        assertThat(kibana.requests()).as("a second run only reads").allMatch(request -> request.startsWith("GET ")
                || request.endsWith("/_export"));

        // the SOC attaches a list of its own and adds an item to ForgeWatch's list; the tenant drops the egress entry
        kibana.enableRule("default", many, "soc-known-good");
        kibana.addExceptionItemInUi("default", listId, "analyst-item", "source.ip", "203.0.113.7");
        KibanaRuleExport appOnly = tunedExport(APP_ENTRY);
        InstallReport third = installTuned(appOnly);

        assertThat(third.failedAnything()).as(third.items().toString()).isFalse();
        Set<String> appItems = appOnly.exceptionItems().stream().map(i -> i.path("item_id").asText())
                .collect(java.util.stream.Collectors.toSet());
        long egressItems = both.exceptionItems().stream().filter(i -> !appItems.contains(i.path("item_id").asText())).count();
        assertThat(egressItems).isPositive();
        assertThat(outcomes(third)).filteredOn(outcome -> outcome == Outcome.REMOVED).hasSize((int) egressItems);
        assertThat(kibana.exceptionItems("default")).containsKey("analyst-item")
                .hasSize(appOnly.exceptionItems().size() + 1);
        assertThat(kibana.rules("default").get(many).path("exceptions_list")).extracting(ref -> ref.path("list_id").asText())
                .containsExactlyInAnyOrder("soc-known-good", listId);
        assertThat(kibana.rules("default").get(many).path("enabled").asBoolean()).isTrue();
        Set<String> stillTuned = appOnly.exceptionLists().stream().map(list -> list.path("list_id").asText())
                .collect(java.util.stream.Collectors.toSet());
        assertThat(kibana.rules("default").values()).allSatisfy(rule -> assertThat(rule.path("exceptions_list"))
                .extracting(ref -> ref.path("list_id").asText()).filteredOn(id -> id.startsWith("forgewatch-tuning-"))
                .allMatch(stillTuned::contains));
        assertThat(outcomes(installTuned(appOnly))).containsOnly(Outcome.UNCHANGED);

        // without --tuning the rules keep what they reference
        assertThat(outcomes(install("default", false, false))).containsOnly(Outcome.UNCHANGED);
        assertThat(kibana.rules("default").get(many).path("exceptions_list")).hasSize(2);
    }

    @Test
    void aListOfTheSameIdThatForgewatchDidNotCreateIsKept() throws Exception {
        kibana = new FakeKibana("9.3.1");
        KibanaRuleExport export = tunedExport(APP_ENTRY);
        String listId = "forgewatch-tuning-one-app-reading-many-mailboxes";
        install("default", false, false);
        kibana.enableRule("default", ruleId(export, "One Application Reading Many Mailboxes"), listId); // made in the UI, no tag

        InstallReport report = installTuned(export);

        assertThat(item(report, "exception list " + listId).outcome()).isEqualTo(Outcome.KEPT_FOREIGN);
        assertThat(kibana.exceptionItems("default").values()).noneMatch(item -> item.path("list_id").asText().equals(listId));
        assertThat(report.failedAnything()).isFalse();
        assertThat(kibana.rules("default").get(ruleId(export, "One Application Reading Many Mailboxes")).path("exceptions_list"))
                .extracting(ref -> ref.path("list_id").asText()).containsExactly(listId);
    }

    @Test
    void installsIntoTheSpaceAskedAndNamesAMissingSpace() throws IOException {
        kibana = new FakeKibana("8.19.6");
        kibana.addSpace("soc");

        assertThat(outcomes(install("soc", false, false))).containsOnly(Outcome.CREATED);
        assertThat(kibana.rules("soc")).hasSize(RULES);
        assertThat(kibana.rules("default")).isEmpty();
        assertThat(kibana.requests()).filteredOn(request -> request.contains("_import")).allMatch(request -> request.startsWith("POST /s/soc/"));

        assertThatThrownBy(() -> install("blue-team", false, false)).isInstanceOf(KibanaException.class)
                .hasMessageContaining("the space 'blue-team' does not exist");
    }

    @Test
    void refusedCredentialsAndMissingPrivilegesSayWhatIsNeeded() throws IOException {
        kibana = new FakeKibana("8.19.6");

        assertThatThrownBy(() -> api("bm90LWEta2V5", "default").version()).isInstanceOf(KibanaException.class)
                .hasMessageContaining("did not accept the credentials (401");
        KibanaApi basic = KibanaApi.connect(new ClusterTarget(kibana.url(), new Credentials.Basic(FakeKibana.ADMIN,
                Secret.of(FakeKibana.ADMIN_PASSWORD)), TlsOptions.VERIFY), null);
        assertThat(basic.version()).isEqualTo("8.19.6");
        KibanaApi viewer = api(FakeKibana.VIEWER_KEY, "default");
        assertThatThrownBy(() -> new KibanaInstaller(viewer).install("Kibana", "8.19.6", SAVED_OBJECTS,
                KibanaRuleExport.forLine(PACK, StackLines.Line.parse("8.19")), Optional.empty(), false))
                .isInstanceOf(KibanaException.class).hasMessageContaining("(403")
                .hasMessageContaining("Saved Objects Management: All");
    }

    @Test
    void anObjectCreatedWhileInstallingIsKeptNotOverwritten() throws IOException {
        kibana = new FakeKibana("8.19.6");
        ObjectNode theirs = SAVED_OBJECTS.stream().filter(o -> o.path("id").asText().equals("forgewatch-coverage")).findFirst()
                .orElseThrow().deepCopy();
        ((ObjectNode) theirs.path("attributes")).put("title", "Someone else's coverage board");
        kibana.beforeNextImport(() -> kibana.putSavedObject("default", theirs));

        InstallReport report = install("default", false, false);

        assertThat(item(report, "dashboard forgewatch-coverage").outcome()).isEqualTo(Outcome.KEPT_FOREIGN);
        assertThat(item(report, "dashboard forgewatch-coverage").detail()).contains("created in Kibana while installing");
        assertThat(kibana.savedObjects("default").get("dashboard:forgewatch-coverage").path("attributes").path("title").asText())
                .isEqualTo("Someone else's coverage board");
    }

    @Test
    void anOlderKibanaGetsItsLinesVariantWithTheReasons() throws IOException {
        kibana = new FakeKibana("8.13.4");
        InstallReport report = install("default", false, false);

        assertThat(report.skipped()).anyMatch(note -> note.startsWith("left out mail_access_without_interactive_signin"));
        // the pack's rules the 8.13 variant leaves out, each with its reason (the incident rule is not a pack rule)
        long leftOut = report.skipped().stream()
                .filter(note -> note.startsWith("left out ") && !note.startsWith("left out the incident rule")).count();
        assertThat(leftOut).isEqualTo(4);
        assertThat(kibana.rules("default")).hasSize((int) (PACK.alerting().size() - leftOut))
                .allSatisfy((id, rule) -> assertThat(rule.path("meta").path("forgewatch_stack_line").asText()).isEqualTo("8.13"));
    }
}
