package dev.forgewatch.cli.elastic;

import dev.forgewatch.cli.Terminal;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.detections.rule.RuleSet;
import dev.forgewatch.detections.tuning.Tuning;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.install.ClusterLicence;
import dev.forgewatch.elastic.install.InstallReport;
import dev.forgewatch.elastic.kibana.Dashboards;
import dev.forgewatch.elastic.kibana.install.KibanaApi;
import dev.forgewatch.elastic.kibana.install.KibanaInstaller;
import dev.forgewatch.elastic.kibana.install.KibanaInstaller.FleetPackage;
import dev.forgewatch.elastic.kibana.install.SuppressionNotice;
import dev.forgewatch.elastic.pkg.EcsReference;
import dev.forgewatch.elastic.pkg.IntegrationPackage;
import dev.forgewatch.elastic.pkg.PackageArchive;
import dev.forgewatch.elastic.pkg.ProductVersion;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code forgewatch elastic install --kibana-url}: asks Kibana its version, picks the stack line to
 * build the rules for, and installs the data view, dashboards, rules and (with {@code --fleet}) the
 * integration package.
 */
final class KibanaInstall {
    private KibanaInstall() {
    }

    /**
     * @param licence the Elasticsearch cluster's licence when {@code --url} was given (read before), else null:
     *                rules using alert suppression are named when it is below Platinum or unknown
     */
    static InstallReport run(ClusterTarget kibana, String space, boolean fleet, boolean force, ClusterLicence licence,
                             FieldCatalog catalog, Terminal terminal) throws IOException {
        return run(kibana, space, fleet, force, licence, null, catalog, terminal);
    }

    /**
     * @param tuning a tenant's tuning file ({@code --tuning}), checked against the shipped pack, or null: its
     *               entries become the tuned rules' exception lists, created through Kibana's exceptions API
     */
    static InstallReport run(ClusterTarget kibana, String space, boolean fleet, boolean force, ClusterLicence licence,
                             Tuning tuning, FieldCatalog catalog, Terminal terminal) throws IOException {
        KibanaApi api = KibanaApi.connect(kibana, space);
        String version = api.version();
        StackLines lines = StackLines.standard();
        StackLines.Choice choice;
        try {
            choice = lines.choose(version);
        } catch (IllegalArgumentException e) {
            throw new IOException("Kibana " + version + ": " + e.getMessage(), e);
        }
        if (!choice.exact()) {
            terminal.err().println("forgewatch elastic: " + choice.note());
        }
        if (!lines.supports(choice.line())) {
            terminal.err().println("forgewatch elastic: warning: Elastic no longer supports Kibana " + choice.line()
                    + "; installing the rules built for it");
        }
        RuleSet pack = RulePack.standard().rules();
        Optional<FleetPackage> pkg = Optional.empty();
        if (fleet) {
            if (lines.withinSupportedRange(choice.line())) {
                String productVersion = ProductVersion.current();
                pkg = Optional.of(new FleetPackage(IntegrationPackage.NAME, productVersion, PackageArchive.zip(
                        new IntegrationPackage(catalog, EcsReference.pinned(), productVersion, lines).files(pack), productVersion)));
            } else {
                terminal.err().println("forgewatch elastic: the integration package needs Kibana " + lines.kibanaCondition()
                        + "; not installing it into " + version);
            }
        }
        String spaceId = space == null ? IncidentRule.DEFAULT_SPACE : space;
        KibanaRuleExport rules = KibanaRuleExport.forLine(pack, choice.line(), lines, tuning == null ? Tuning.NONE : tuning, spaceId);
        SuppressionNotice.lines(licence, rules).forEach(line -> terminal.err().println("forgewatch elastic: " + line));
        String where = "Kibana " + version + " (" + kibana.url().getHost() + ", space " + spaceId
                + ", rules for " + choice.line() + ")";
        return new KibanaInstaller(api).install(where, version, new Dashboards(catalog).savedObjects(spaceId),
                rules, tuning != null, pkg, force);
    }
}
