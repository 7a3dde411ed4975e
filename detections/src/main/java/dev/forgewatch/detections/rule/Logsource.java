package dev.forgewatch.detections.rule;

import dev.forgewatch.common.event.SourceKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Sigma {@code logsource}: {@code product: m365} and an optional {@code service} naming the
 * canonical event kind ({@code audit}, {@code signin}, {@code token}, {@code app}); without a
 * service the rule sees every kind.
 */
public record Logsource(String product, String service, String category) {
    public static final String PRODUCT = "m365";

    public Set<SourceKind> kinds() {
        return service == null ? EnumSet.allOf(SourceKind.class) : EnumSet.of(SourceKind.fromShortName(service));
    }
}
