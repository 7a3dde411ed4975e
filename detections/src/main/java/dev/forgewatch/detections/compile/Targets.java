package dev.forgewatch.detections.compile;

import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.mapping.EcsMapper;
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
        if (field.field().hasCim()) {
            return field.field().cim();
        }
        return field.field().sigma().isEmpty() ? field.canonical() : field.field().sigma().get(0);
    }

    /** The {@code event.dataset} a detection rule is scoped to, or null when it reads every kind. */
    public static String dataset(DetectionRule rule) {
        Set<SourceKind> kinds = rule.logsource().kinds();
        return kinds.size() == 1 ? EcsMapper.dataset(kinds.iterator().next().shortName()) : null;
    }
}
