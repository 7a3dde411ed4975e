package dev.forgewatch.detections.compile;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.mapping.EcsMapper;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.detections.condition.FieldRef;
import dev.forgewatch.detections.rule.DetectionRule;
import java.util.Set;

/**
 * Field and source names in the SIEMs, all derived from the field catalog: Elasticsearch uses each
 * field's ECS name; Splunk uses its CIM name where CIM has one, else the vendor's own name (the
 * first Sigma name), which is what the add-on's props.conf extracts or aliases.
 */
public final class Targets {
    /** Index pattern of ForgeWatch data streams ({@code logs-forgewatch.audit-default}, ...). */
    public static final String INDEX_PATTERN = "logs-forgewatch.*";

    private Targets() {
    }

    public static String ecs(FieldRef field) {
        return field.field().ecs();
    }

    public static String splunk(FieldRef field) {
        return splunk(field.field());
    }

    /** A catalog field's Splunk name: its CIM name, else its first Sigma name, else its canonical name. */
    public static String splunk(FieldDefinition field) {
        if (field.hasCim()) {
            return field.cim();
        }
        return field.sigma().isEmpty() ? field.name() : field.sigma().get(0);
    }

    /** The Splunk name of a catalog field by its canonical name. */
    public static String splunk(String canonical) {
        return splunk(FieldCatalog.standard().field(canonical));
    }

    /** The {@code event.dataset} a detection rule is scoped to, or null when it reads every kind. */
    public static String dataset(DetectionRule rule) {
        Set<SourceKind> kinds = rule.logsource().kinds();
        return kinds.size() == 1 ? EcsMapper.dataset(kinds.iterator().next().shortName()) : null;
    }
}
