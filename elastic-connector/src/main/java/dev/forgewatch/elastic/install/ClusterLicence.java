package dev.forgewatch.elastic.install;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;

/**
 * The cluster's subscription as Elasticsearch's get license API reports it ({@code GET /_license},
 * which needs the {@code monitor} cluster privilege): {@code license.type} (basic, standard, gold,
 * platinum, enterprise, trial) and {@code license.status} (active, valid, invalid, expired). Kibana
 * takes its licence from the cluster it runs on. When the licence cannot be read, {@link #unreadable}
 * says why, in words (never the cluster's own text).
 */
public record ClusterLicence(String type, String status, String unreadable) {
    /**
     * The licence types with which Kibana applies alert suppression: Kibana's check is
     * {@code license.hasAtLeast('platinum')}, and its licence order is basic &lt; standard &lt; gold &lt;
     * platinum &lt; enterprise &lt; trial.
     */
    private static final Set<String> AT_LEAST_PLATINUM = Set.of("platinum", "enterprise", "trial");

    public static ClusterLicence unreadable(String reason) {
        return new ClusterLicence(null, null, reason);
    }

    /** The licence from {@code GET /_license}'s answer body. */
    public static ClusterLicence of(JsonNode answer) {
        JsonNode licence = answer.path("license");
        String type = licence.path("type").asText("").toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            return unreadable("GET /_license answered without license.type");
        }
        return new ClusterLicence(type, licence.path("status").asText("").toLowerCase(Locale.ROOT), null);
    }

    /** Reads the licence of the cluster {@code es} talks to; never fails (an unreadable licence says why). */
    public static ClusterLicence read(ElasticsearchClient es) {
        if (!(es._transport() instanceof RestClientTransport transport)) {
            return unreadable("this client cannot ask for it");
        }
        try {
            Response response = transport.restClient().performRequest(new Request("GET", "/_license"));
            try (InputStream body = response.getEntity().getContent()) {
                return of(Json.MAPPER.readTree(body));
            }
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            return unreadable(switch (status) {
                case 401 -> "the cluster did not accept the credentials for GET /_license";
                case 403 -> "the credentials lack the monitor cluster privilege GET /_license needs";
                case 400, 404, 405, 410 -> "the cluster has no licence API (an OSS build has no subscriptions)";
                default -> "GET /_license answered HTTP " + status;
            });
        } catch (IOException e) {
            return unreadable("GET /_license failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    public boolean known() {
        return unreadable == null;
    }

    /** Whether Kibana applies alert suppression under this licence. */
    public boolean allowsAlertSuppression() {
        return known() && AT_LEAST_PLATINUM.contains(type);
    }
}
