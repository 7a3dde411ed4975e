package dev.forgewatch.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.sun.net.httpserver.HttpServer;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.detections.compile.elastic.KibanaRuleExport;
import dev.forgewatch.detections.compile.elastic.StackLines;
import dev.forgewatch.detections.pack.RulePack;
import dev.forgewatch.elastic.client.ClusterTarget;
import dev.forgewatch.elastic.client.ElasticClients;
import dev.forgewatch.elastic.install.ClusterLicence;
import dev.forgewatch.elastic.kibana.install.SuppressionNotice;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alert suppression and the licence: the installer reads the cluster's licence with Elasticsearch's get
 * license API and names the rules that run without suppression below Platinum. The answers are the
 * documented shapes of {@code GET /_license} (Elasticsearch reference, "Get license API": {@code license.type},
 * {@code license.status}, {@code monitor} privilege) served by a local server.
 */
class LicenceTest {
    private static final KibanaRuleExport RULES_9_3 = KibanaRuleExport.forLine(RulePack.standard().rules(),
            StackLines.Line.parse("9.3"));

    private static String licenceBody(String type) {
        return "{\"license\":{\"status\":\"active\",\"uid\":\"cbff45e7-c553-41f7-ae4f-9205eabd80xx\",\"type\":\"" + type + "\","
                + "\"issue_date\":\"2018-10-20T22:05:12.332Z\",\"issue_date_in_millis\":1540073112332,"
                + "\"max_nodes\":1000,\"max_resource_units\":null,\"issued_to\":\"test\",\"issuer\":\"elasticsearch\","
                + "\"start_date_in_millis\":-1}}";
    }

    /** Reads the licence through the product's client from a server answering {@code GET /_license} with {@code status} and {@code body}. */
    private static ClusterLicence readFrom(int status, String body, List<String> requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            ElasticsearchClient es = ElasticClients.create(ClusterTarget.plain("http://127.0.0.1:" + server.getAddress().getPort()));
            try {
                return ClusterLicence.read(es);
            } finally {
                es._transport().close();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theLicenceIsReadWithTheGetLicenseApi() throws IOException {
        List<String> requests = new ArrayList<>();
        ClusterLicence basic = readFrom(200, licenceBody("basic"), requests);
        assertThat(requests).containsExactly("GET /_license");
        assertThat(basic.known()).isTrue();
        assertThat(basic.type()).isEqualTo("basic");
        assertThat(basic.status()).isEqualTo("active");
        assertThat(basic.allowsAlertSuppression()).isFalse();
        assertThat(readFrom(200, licenceBody("trial"), new ArrayList<>()).allowsAlertSuppression()).isTrue();
    }

    @Test
    void aUserWithoutTheMonitorPrivilegeGetsAReasonNotTheClustersText() throws IOException {
        String denied = "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"action [cluster:monitor/xpack/license/get]"
                + " is unauthorized for user [reader]\"}],\"type\":\"security_exception\",\"reason\":\"action"
                + " [cluster:monitor/xpack/license/get] is unauthorized for user [reader]\"},\"status\":403}";
        ClusterLicence licence = readFrom(403, denied, new ArrayList<>());
        assertThat(licence.known()).isFalse();
        assertThat(licence.unreadable()).isEqualTo("the credentials lack the monitor cluster privilege GET /_license needs");
        assertThat(licence.allowsAlertSuppression()).isFalse();
    }

    @Test
    void onlyPlatinumEnterpriseAndTrialApplySuppression() {
        for (String type : List.of("basic", "standard", "gold")) {
            assertThat(ClusterLicence.of(Json.MAPPER.createObjectNode().set("license",
                    Json.MAPPER.createObjectNode().put("type", type).put("status", "active"))).allowsAlertSuppression()).as(type).isFalse();
        }
        for (String type : List.of("platinum", "enterprise", "trial")) {
            assertThat(ClusterLicence.of(Json.MAPPER.createObjectNode().set("license",
                    Json.MAPPER.createObjectNode().put("type", type).put("status", "active"))).allowsAlertSuppression()).as(type).isTrue();
        }
    }

    @Test
    void onABasicLicenceEverySuppressedRuleIsNamedWithWhatHappens() {
        long suppressed = RULES_9_3.rules().stream().filter(rule -> rule.has("alert_suppression")).count();
        assertThat(suppressed).isPositive();
        ClusterLicence basic = ClusterLicence.of(Json.MAPPER.createObjectNode().set("license",
                Json.MAPPER.createObjectNode().put("type", "basic").put("status", "active")));

        List<String> lines = SuppressionNotice.lines(basic, RULES_9_3);
        assertThat(lines.get(0)).startsWith("warning: the cluster's licence is basic: " + suppressed + " of the "
                + RULES_9_3.rules().size() + " rules use alert suppression").contains("Platinum", "one alert per matching event");
        assertThat(lines).hasSize(1 + (int) suppressed);
        RULES_9_3.rules().stream().filter(rule -> rule.has("alert_suppression")).forEach(rule ->
                assertThat(lines).anyMatch(line -> line.startsWith("  " + rule.path("name").asText() + ": one alert per "
                        + rule.path("alert_suppression").path("group_by").path(0).asText())));
    }

    @Test
    void nothingIsSaidWhenSuppressionAppliesOrNoRuleUsesIt() {
        ClusterLicence platinum = ClusterLicence.of(Json.MAPPER.createObjectNode().set("license",
                Json.MAPPER.createObjectNode().put("type", "platinum").put("status", "active")));
        assertThat(SuppressionNotice.lines(platinum, RULES_9_3)).isEmpty();
        ClusterLicence basic = ClusterLicence.of(Json.MAPPER.createObjectNode().set("license",
                Json.MAPPER.createObjectNode().put("type", "basic").put("status", "active")));
        KibanaRuleExport rules813 = KibanaRuleExport.forLine(RulePack.standard().rules(), StackLines.Line.parse("8.13"));
        assertThat(SuppressionNotice.lines(basic, rules813)).as("8.13's rules carry no suppression").isEmpty();
    }

    @Test
    void anUnknownLicenceGetsANoteSayingWhy() {
        assertThat(SuppressionNotice.lines(null, RULES_9_3).get(0)).startsWith("note: ").contains("give --url to check it");
        assertThat(SuppressionNotice.lines(ClusterLicence.unreadable("the cluster has no licence API (an OSS build has no"
                + " subscriptions)"), RULES_9_3).get(0)).startsWith("note: ").contains("could not be read (the cluster has no licence API");
    }
}
