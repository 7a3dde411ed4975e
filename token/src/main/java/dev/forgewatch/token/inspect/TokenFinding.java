package dev.forgewatch.token.inspect;

import dev.forgewatch.common.event.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing wrong with a token: its stable id, severity, a one-sentence explanation and the
 * evidence (claim and ledger values, already redacted) that supports it.
 */
public record TokenFinding(String id, Severity severity, String explanation, Map<String, String> evidence) {
    public TokenFinding {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
