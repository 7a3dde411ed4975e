package dev.forgewatch.splunk.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.http.HttpReply;
import dev.forgewatch.common.http.HttpTransport;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant's tuning put into an installed app's {@code <rule>_filter} macros through the management
 * port's configuration endpoint ({@code /servicesNS/nobody/<app>/configs/conf-macros/<stanza>}: GET reads
 * the macro as Splunk layers it, POST with {@code definition} and {@code description} writes the app's
 * {@code local/macros.conf}), the same macros {@code splunk package --tuning} would build into
 * {@code default/}. Idempotent: a macro that already says what the tuning says is not written. A macro
 * ForgeWatch set from a tuning file (its description says "generated from the tuning file") and that the
 * file no longer tunes goes back to {@code search *}; a macro an admin changed by hand is kept and
 * reported, never overwritten.
 */
public final class FilterMacros {
    /** What the macro descriptions ForgeWatch generates from a tuning file say (SplunkMacros.filter). */
    static final String GENERATED = "generated from the tuning file";
    static final String KEEP_ALL = "search *";

    public enum Outcome {
        SET("set from the tuning file"),
        RESET("reset to search * (no longer in the tuning file)"),
        UNCHANGED("unchanged"),
        KEPT("kept: changed by hand in Splunk; remove that change (local/macros.conf) to let the tuning file set it");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What happened to one macro. */
    public record Change(String macro, Outcome outcome) {
    }

    private final HttpTransport http;
    private final URI management;
    private final SplunkAuth auth;

    public FilterMacros(HttpTransport http, URI management, SplunkAuth auth) {
        this.http = http;
        this.management = management;
        this.auth = auth;
    }

    /**
     * Brings the app's filter macros to {@code wanted}: every {@code <rule>_filter} stanza of the app's
     * macros as the tuning builds them (tuned ones with their conditions, the rest {@code search *}).
     */
    public List<Change> apply(String app, List<Stanza> wanted) throws IOException {
        List<Change> changes = new ArrayList<>();
        for (Stanza macro : wanted) {
            String definition = macro.value("definition").orElseThrow();
            String description = macro.value("description").orElse("");
            JsonNode current = read(app, macro.name());
            String currentDefinition = current.path("definition").asText("").strip();
            boolean ours = current.path("description").asText("").contains(GENERATED);
            boolean tuned = description.contains(GENERATED);
            Outcome outcome;
            if (currentDefinition.equals(definition.strip())) {
                outcome = Outcome.UNCHANGED;
            } else if (!currentDefinition.equals(KEEP_ALL) && !ours) {
                outcome = tuned ? Outcome.KEPT : Outcome.UNCHANGED; // an admin's own filter: theirs
            } else {
                write(app, macro.name(), definition, description);
                outcome = tuned ? Outcome.SET : Outcome.RESET;
            }
            changes.add(new Change(macro.name(), outcome));
        }
        return changes;
    }

    private JsonNode read(String app, String stanza) throws IOException {
        HttpReply response = http.get(uri(app, stanza), Map.of("Authorization", auth.header()));
        JsonNode body = AppInstaller.parse(response);
        if (response.status() != 200) {
            throw failure("reading the macro " + stanza + " of " + app, response, body);
        }
        return body.path("entry").path(0).path("content");
    }

    private void write(String app, String stanza, String definition, String description) throws IOException {
        String form = "definition=" + encode(definition) + "&description=" + encode(description);
        HttpReply response = http.post(uri(app, stanza), Map.of("Authorization", auth.header(),
                "Content-Type", "application/x-www-form-urlencoded"), form.getBytes(StandardCharsets.UTF_8));
        JsonNode body = AppInstaller.parse(response);
        if (response.status() != 200 && response.status() != 201) {
            throw failure("writing the macro " + stanza + " of " + app, response, body);
        }
    }

    private URI uri(String app, String stanza) {
        return management.resolve("/servicesNS/nobody/" + encode(app) + "/configs/conf-macros/" + encode(stanza) + "?output_mode=json");
    }

    private InstallException failure(String what, HttpReply response, JsonNode body) {
        List<String> messages = AppInstaller.messages(body, auth);
        String hint = switch (response.status()) {
            case 401 -> " (the credentials were not accepted)";
            case 403 -> " (the user needs write access to the app's knowledge objects, e.g. admin_all_objects)";
            case 404 -> " (is the app installed, and is it this version of the package?)";
            default -> "";
        };
        return new InstallException(what + ": HTTP " + response.status() + hint
                + (messages.isEmpty() ? "" : ": " + String.join("; ", messages)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
