package dev.forgewatch.detections.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ATT&CK techniques and tactics rules may tag, read from {@code attack.yaml}: the names and
 * tactic ids the Kibana threat mapping and the Splunk annotations need.
 */
public final class AttackCatalog {
    private static final String RESOURCE = "/dev/forgewatch/detections/attack.yaml";

    public record Tactic(String id, String shortName, String name) {
        public String reference() {
            return "https://attack.mitre.org/tactics/" + id + "/";
        }
    }

    /** A technique or sub-technique; {@code tactics} in ATT&CK's order. */
    public record Technique(String id, String name, List<Tactic> tactics) {
        public Technique {
            tactics = List.copyOf(tactics);
        }

        public boolean isSubtechnique() {
            return id.indexOf('.') > 0;
        }

        public String parentId() {
            return isSubtechnique() ? id.substring(0, id.indexOf('.')) : id;
        }

        public String reference() {
            return "https://attack.mitre.org/techniques/" + id.replace('.', '/') + "/";
        }
    }

    private static volatile AttackCatalog standard;

    private final Map<String, Tactic> tactics;
    private final Map<String, Technique> techniques;

    private AttackCatalog(Map<String, Tactic> tactics, Map<String, Technique> techniques) {
        this.tactics = tactics;
        this.techniques = techniques;
    }

    public static AttackCatalog standard() {
        AttackCatalog catalog = standard;
        if (catalog == null) {
            try (InputStream in = AttackCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                catalog = parse(Json.YAML.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            standard = catalog;
        }
        return catalog;
    }

    static AttackCatalog parse(JsonNode doc) {
        Map<String, Tactic> tactics = new LinkedHashMap<>();
        for (JsonNode node : doc.path("tactics")) {
            Tactic tactic = new Tactic(node.path("id").asText(), node.path("short").asText(), node.path("name").asText());
            tactics.put(tactic.shortName(), tactic);
        }
        Map<String, Technique> techniques = new LinkedHashMap<>();
        for (JsonNode node : doc.path("techniques")) {
            List<Tactic> of = new ArrayList<>();
            for (JsonNode shortName : node.path("tactics")) {
                Tactic tactic = tactics.get(shortName.asText());
                if (tactic == null) {
                    throw new IllegalStateException(RESOURCE + ": technique " + node.path("id").asText()
                            + " names unknown tactic '" + shortName.asText() + "'");
                }
                of.add(tactic);
            }
            Technique technique = new Technique(node.path("id").asText(), node.path("name").asText(), of);
            techniques.put(technique.id(), technique);
        }
        return new AttackCatalog(tactics, techniques);
    }

    /** The technique of a tag such as {@code attack.t1550.001}, or null when unknown. */
    public Technique techniqueOfTag(String tag) {
        return techniques.get(tag.substring("attack.".length()).toUpperCase(Locale.ROOT));
    }

    /** The tactic of a tag such as {@code attack.collection}, or null when unknown. */
    public Tactic tacticOfTag(String tag) {
        return tactics.get(tag.substring("attack.".length()).replace('_', '-'));
    }

    public Technique technique(String id) {
        return techniques.get(id);
    }
}
