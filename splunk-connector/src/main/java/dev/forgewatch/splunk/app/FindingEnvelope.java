package dev.forgewatch.splunk.app;

import dev.forgewatch.splunk.app.SearchTimeMapping.Mapping;
import java.util.List;

/**
 * The fixed members of a ForgeWatch finding document ({@code FindingJson}: {@code rule.*},
 * {@code message}, {@code threat.technique.id}) and the CIM Alerts fields they become. The evidence
 * members are mapped from the field catalog like any ECS document.
 */
public final class FindingEnvelope {
    /** A CIM Alerts field of the {@code forgewatch:finding} sourcetype and how it is made. */
    public record Field(String cim, Mapping mapping) {
    }

    public static final List<Field> FIELDS = List.of(
            new Field("signature", new Mapping.Alias("rule.name")),
            new Field("signature_id", new Mapping.Alias("rule.id")),
            new Field("severity", new Mapping.Alias("rule.severity")),
            new Field("description", new Mapping.Alias("message")),
            new Field("mitre_technique_id", new Mapping.Eval("'threat.technique.id{}'")),
            new Field("id", new Mapping.Alias(HecFields.EVENT_ID)),
            new Field("type", new Mapping.Eval("\"alert\"")),
            new Field("vendor_product", new Mapping.Eval("\"ForgeWatch\"")));

    private FindingEnvelope() {
    }
}
