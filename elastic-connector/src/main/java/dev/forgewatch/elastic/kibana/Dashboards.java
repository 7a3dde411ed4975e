package dev.forgewatch.elastic.kibana;

import static dev.forgewatch.elastic.kibana.LensColumn.count;
import static dev.forgewatch.elastic.kibana.LensColumn.dateHistogram;
import static dev.forgewatch.elastic.kibana.LensColumn.max;
import static dev.forgewatch.elastic.kibana.LensColumn.min;
import static dev.forgewatch.elastic.kibana.LensColumn.terms;
import static dev.forgewatch.elastic.kibana.LensColumn.uniqueCount;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.detections.compile.elastic.IncidentRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ForgeWatch's Kibana dashboards as saved objects (the NDJSON that Stack Management > Saved Objects
 * imports): a data view over {@code logs-forgewatch.*} and four dashboards of Lens panels embedded by value; a data view
 * over the alerts index of the space they are imported into and the Incidents dashboard (not in the integration package, whose dashboards
 * read Fleet's {@code logs-*} data view; the alerts index is Kibana's own). Field names
 * come from the catalog's ECS names, so a renamed field cannot leave a dashboard behind.
 */
public final class Dashboards {
    public static final String DATA_VIEW_ID = "forgewatch-logs";
    /** Every ForgeWatch data stream (the index template covers logs-forgewatch.*-*). */
    public static final String DATA_VIEW_PATTERN = "logs-forgewatch.*";
    /** The data view over the alerts of the space the objects are imported into, for the Incidents dashboard. */
    public static final String ALERTS_DATA_VIEW_ID = "forgewatch-alerts";
    /** Every ForgeWatch Kibana rule, the incident rule too, carries this tag, which Kibana copies to its alerts. */
    static final String RULE_TAG_FIELD = "kibana.alert.rule.tags";
    static final String RULE_TAG = "ForgeWatch";
    /** The data view Fleet creates for every logs data stream. */
    static final String FLEET_DATA_VIEW_ID = "logs-*";
    private static final int GRID_COLUMNS = 48;
    /** Every ForgeWatch document says where it comes from (EcsMapper, the ingest pipeline). */
    static final String MODULE_FIELD = "event.module";
    static final String MODULE = "forgewatch";

    private final FieldCatalog catalog;

    public Dashboards(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /** A dashboard: id, title, description and its panels, laid out two per row. */
    public record Dashboard(String id, String title, String description, List<LensPanel> panels) {
        public Dashboard {
            panels = List.copyOf(panels);
        }
    }

    private String ecs(String canonicalField) {
        return catalog.field(canonicalField).ecs();
    }

    public List<Dashboard> dashboards() {
        String owner = ecs(Fields.MAILBOX_OWNER_UPN);
        String appId = ecs(Fields.APP_ID);
        String clientAppId = ecs(Fields.CLIENT_APP_ID);
        String ip = ecs(Fields.CLIENT_IP);
        String timestamp = ecs(Fields.TIMESTAMP);
        String action = ecs(Fields.OPERATION);
        String user = ecs(Fields.USER_ID);
        String mailAccess = action + " : \"MailItemsAccessed\"";
        return List.of(
                new Dashboard("forgewatch-overview", "[ForgeWatch] Overview",
                        "Everything ForgeWatch ships: volume by dataset and operation, outcomes.", List.of(
                        new LensPanel("forgewatch-overview-volume", "Events over time by dataset", LensPanel.Kind.BARS, "",
                                List.of(dateHistogram("time", timestamp), count("events", "Events", null),
                                        terms("dataset", "Dataset", "event.dataset", "string", 10))),
                        new LensPanel("forgewatch-overview-operations", "Operations", LensPanel.Kind.TABLE, "",
                                List.of(terms("operation", "Operation", action, "string", 25),
                                        count("events", "Events", null),
                                        count("failures", "Failures", ecs(Fields.OUTCOME) + " : \"failure\""),
                                        uniqueCount("users", "Users", user))))),
                new Dashboard("forgewatch-mailbox-access", "[ForgeWatch] Mailbox access by AppId and IP",
                        "MailItemsAccessed by application and client IP, with first and last seen: an AppId or IP first"
                                + " seen late, on few mailboxes, is what found Storm-0558.", List.of(
                        new LensPanel("forgewatch-access-apps", "Applications reading mail (first seen)", LensPanel.Kind.TABLE,
                                mailAccess, List.of(terms("app", "AppId", appId, "string", 50),
                                        min("first", "First seen", timestamp), max("last", "Last seen", timestamp),
                                        uniqueCount("mailboxes", "Mailboxes", owner), count("events", "Events", null))),
                        new LensPanel("forgewatch-access-client-apps", "Client applications (ClientAppId, first seen)",
                                LensPanel.Kind.TABLE, mailAccess, List.of(terms("client", "ClientAppId", clientAppId, "string", 50),
                                        min("first", "First seen", timestamp), uniqueCount("mailboxes", "Mailboxes", owner),
                                        count("events", "Events", null))),
                        new LensPanel("forgewatch-access-ips", "Client IPs reading mail (first seen)", LensPanel.Kind.TABLE,
                                mailAccess, List.of(terms("ip", "Client IP", ip, "ip", 50),
                                        min("first", "First seen", timestamp), uniqueCount("mailboxes", "Mailboxes", owner),
                                        count("events", "Events", null))),
                        new LensPanel("forgewatch-access-bind-sync", "Bind and Sync over time", LensPanel.Kind.BARS, mailAccess,
                                List.of(dateHistogram("time", timestamp), count("events", "Events", null),
                                        terms("type", "Access type", ecs(Fields.MAIL_ACCESS_TYPE), "string", 5))))),
                new Dashboard("forgewatch-tokens", "[ForgeWatch] Token findings",
                        "Bearer tokens seen in app and proxy logs, by signing key, issuer and finding.", List.of(
                        new LensPanel("forgewatch-tokens-findings", "Token findings", LensPanel.Kind.TABLE,
                                "event.dataset : \"forgewatch.token\"",
                                List.of(terms("finding", "Finding", ecs(Fields.TOKEN_FINDINGS), "string", 20),
                                        count("events", "Tokens seen", null),
                                        uniqueCount("fingerprints", "Distinct tokens", ecs(Fields.TOKEN_FINGERPRINT)))),
                        new LensPanel("forgewatch-tokens-keys", "Signing keys", LensPanel.Kind.TABLE,
                                "event.dataset : \"forgewatch.token\"",
                                List.of(terms("kid", "Key id (kid)", ecs(Fields.TOKEN_KID), "string", 20),
                                        terms("scope", "Key scope", ecs(Fields.TOKEN_KEY_SCOPE), "string", 5),
                                        count("events", "Tokens seen", null), uniqueCount("ips", "Client IPs", ip),
                                        min("first", "First seen", timestamp))))),
                new Dashboard("forgewatch-coverage", "[ForgeWatch] Logging coverage",
                        "Would you see it? Users active without MailItemsAccessed records, throttled auditing (24 h"
                                + " blind spots) and audit configuration changes.", List.of(
                        new LensPanel("forgewatch-coverage-users", "Activity vs MailItemsAccessed per user (0 = not audited)",
                                LensPanel.Kind.TABLE, "event.dataset : \"forgewatch.audit\" or event.dataset : \"forgewatch.signin\"",
                                List.of(terms("user", "User", user, "string", 100), count("activity", "All events", null),
                                        count("mia", "MailItemsAccessed", mailAccess))),
                        new LensPanel("forgewatch-coverage-throttled", "Throttled MailItemsAccessed auditing",
                                LensPanel.Kind.TABLE, ecs(Fields.IS_THROTTLED) + " : true",
                                List.of(terms("mailbox", "Mailbox", owner, "string", 50), min("first", "First throttled", timestamp),
                                        count("events", "Records", null))),
                        new LensPanel("forgewatch-coverage-config", "Audit configuration changes", LensPanel.Kind.TABLE,
                                action + " : (\"Set-MailboxAuditBypassAssociation\" or \"Set-Mailbox\" or \"Set-AdminAuditLogConfig\")",
                                List.of(terms("operation", "Operation", action, "string", 10),
                                        terms("user", "Changed by", user, "string", 20), max("last", "Last", timestamp),
                                        count("events", "Changes", null))))));
    }

    /**
     * The Incidents dashboard, over the alerts index: the incident rule's alerts (one per mailbox and run,
     * severity from the verdict: critical compromised, high suspicious, low coverage-gap) and the ForgeWatch
     * alerts that add up to them. Only fields the alerts index maps (Kibana's alert schema and ECS).
     */
    public Dashboard incidents() {
        String incident = "kibana.alert.rule.rule_id : \"" + IncidentRule.RULE_ID + "\"";
        String timestamp = "@timestamp";
        return new Dashboard("forgewatch-incidents", "[ForgeWatch] Incidents",
                "One line per mailbox the ForgeWatch incident rule accused (critical: compromised, high: suspicious, low:"
                        + " coverage-gap), and the ForgeWatch alerts that add up to it. The same model as 'forgewatch hunt'"
                        + " (incidents.yaml).", List.of(
                new LensPanel("forgewatch-incidents-mailboxes", "Incidents by mailbox", LensPanel.Kind.TABLE, incident,
                        List.of(terms("mailbox", "Mailbox", "user.name", "string", 100),
                                terms("severity", "Verdict (severity)", "kibana.alert.severity", "string", 3),
                                min("first", "First alerted", timestamp), max("last", "Last alerted", timestamp),
                                count("runs", "Incident alerts", null))),
                new LensPanel("forgewatch-incidents-time", "Incidents over time by verdict (severity)", LensPanel.Kind.BARS, incident,
                        List.of(dateHistogram("time", timestamp), uniqueCount("mailboxes", "Mailboxes", "user.name"),
                                terms("severity", "Verdict (severity)", "kibana.alert.severity", "string", 3))),
                new LensPanel("forgewatch-incidents-rules", "ForgeWatch alerts adding up (per rule)", LensPanel.Kind.TABLE,
                        "not " + incident, List.of(terms("rule", "Rule", "kibana.alert.rule.name", "string", 50),
                                max("risk", "Risk score", "kibana.alert.risk_score"),
                                uniqueCount("users", "Users named", "related.user"), count("alerts", "Alerts", null))),
                new LensPanel("forgewatch-incidents-users", "ForgeWatch alerts per user (mailbox owner or actor)",
                        LensPanel.Kind.TABLE, "not " + incident,
                        List.of(terms("user", "User", "related.user", "string", 100),
                                uniqueCount("rules", "Rules", "kibana.alert.rule.rule_id"),
                                max("risk", "Highest risk score", "kibana.alert.risk_score"), count("alerts", "Alerts", null)))));
    }

    /** Every saved object for Kibana's default space, data views first, as Kibana's import reads them (one JSON object per line). */
    public List<ObjectNode> savedObjects() {
        return savedObjects(IncidentRule.DEFAULT_SPACE);
    }

    /** Every saved object for the Kibana space {@code space} (its id): the alerts data view reads that space's alerts. */
    public List<ObjectNode> savedObjects(String space) {
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(dataView());
        objects.add(alertsDataView(space));
        objects.addAll(dashboardObjects(DATA_VIEW_ID));
        objects.add(dashboardObject(incidents(), ALERTS_DATA_VIEW_ID, tagFilter()));
        return objects;
    }

    /**
     * The dashboards over Fleet's {@code logs-*} data view, for the integration package: integration
     * packages may not ship data views.
     */
    public List<ObjectNode> packageObjects() {
        return dashboardObjects(FLEET_DATA_VIEW_ID);
    }

    private List<ObjectNode> dashboardObjects(String dataViewId) {
        List<ObjectNode> objects = new ArrayList<>();
        for (Dashboard dashboard : dashboards()) {
            objects.add(dashboardObject(dashboard, dataViewId, moduleFilter()));
        }
        return objects;
    }

    public String ndjson() {
        StringBuilder text = new StringBuilder();
        for (ObjectNode object : savedObjects()) {
            text.append(object).append('\n');
        }
        return text.toString();
    }

    private static ObjectNode dataView() {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.put("id", DATA_VIEW_ID);
        object.put("type", "index-pattern");
        object.put("typeMigrationVersion", "8.0.0");
        object.put("coreMigrationVersion", "8.8.0");
        object.put("managed", false);
        ObjectNode attributes = object.putObject("attributes");
        attributes.put("title", DATA_VIEW_PATTERN);
        attributes.put("name", "ForgeWatch events");
        attributes.put("timeFieldName", "@timestamp");
        object.putArray("references");
        return object;
    }

    /**
     * A dashboard whose panels embed their Lens visualizations by value. Each panel's data view
     * reference is also listed on the dashboard as {@code <panelIndex>:<name>}, as Kibana stores it, and
     * the dashboard filters on {@code event.module: forgewatch} (package-spec wants a filter on every
     * integration dashboard; over Fleet's {@code logs-*} it keeps other integrations' data out).
     */
    private static ObjectNode dashboardObject(Dashboard dashboard, String dataViewId, ObjectNode filter) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        object.put("id", dashboard.id());
        object.put("type", "dashboard");
        object.put("typeMigrationVersion", "8.9.0");
        object.put("coreMigrationVersion", "8.8.0");
        object.put("managed", false);
        ObjectNode attributes = object.putObject("attributes");
        attributes.put("title", dashboard.title());
        attributes.put("description", dashboard.description());
        ArrayNode panels = Json.MAPPER.createArrayNode();
        ArrayNode references = object.putArray("references");
        int width = GRID_COLUMNS / 2;
        for (int i = 0; i < dashboard.panels().size(); i++) {
            LensPanel panel = dashboard.panels().get(i);
            String index = panel.id();
            ObjectNode entry = panels.addObject();
            entry.put("type", "lens");
            entry.put("panelIndex", index);
            entry.putObject("gridData").put("x", (i % 2) * width).put("y", (i / 2) * 15).put("w", width).put("h", 15)
                    .put("i", index);
            ObjectNode embeddable = entry.putObject("embeddableConfig");
            embeddable.set("attributes", panel.attributes(dataViewId));
            embeddable.putObject("enhancements");
            entry.put("title", panel.title());
            references.addObject().put("type", "index-pattern").put("id", dataViewId)
                    .put("name", index + ":" + LensPanel.layerReference());
        }
        try {
            attributes.put("panelsJSON", Json.MAPPER.writeValueAsString(panels));
            attributes.put("optionsJSON", "{\"useMargins\":true,\"syncColors\":false,\"hidePanelTitles\":false}");
            attributes.put("timeRestore", false);
            ObjectNode search = Json.MAPPER.createObjectNode();
            search.putObject("query").put("query", "").put("language", "kuery");
            search.putArray("filter").add(filter);
            attributes.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", Json.MAPPER.writeValueAsString(search));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attributes.put("version", 1);
        return object;
    }

    private static ObjectNode alertsDataView(String space) {
        ObjectNode object = dataView();
        object.put("id", ALERTS_DATA_VIEW_ID);
        ObjectNode attributes = (ObjectNode) object.path("attributes");
        attributes.put("title", IncidentRule.alertsIndex(space));
        attributes.put("name", "ForgeWatch alerts (" + (space.equals(IncidentRule.DEFAULT_SPACE) ? "default space" : "space " + space) + ")");
        return object;
    }

    /** A phrase filter {@code event.module: forgewatch}, in the form Kibana's filter bar saves. */
    private static ObjectNode moduleFilter() {
        return phraseFilter(MODULE_FIELD, MODULE);
    }

    /** A phrase filter {@code kibana.alert.rule.tags: ForgeWatch}: the alerts of ForgeWatch's rules. */
    private static ObjectNode tagFilter() {
        return phraseFilter(RULE_TAG_FIELD, RULE_TAG);
    }

    private static ObjectNode phraseFilter(String field, String value) {
        ObjectNode filter = Json.MAPPER.createObjectNode();
        ObjectNode meta = filter.putObject("meta");
        meta.putNull("alias");
        meta.put("disabled", false);
        meta.put("negate", false);
        meta.put("key", field);
        meta.put("type", "phrase");
        meta.putObject("params").put("query", value);
        filter.putObject("query").putObject("match_phrase").put(field, value);
        filter.putObject("$state").put("store", "appState");
        return filter;
    }
}
