package dev.forgewatch.cli.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.token.inspect.TokenFinding;
import dev.forgewatch.token.inspect.TokenReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Token reports for {@code keys inspect}: what was kept of each token (never the token) and its findings. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static void table(List<TokenReport> reports, PrintStream out) {
        for (TokenReport report : reports) {
            out.println("token sha256:" + report.fingerprint() + (report.reduced() ? " (exported without signature)" : ""));
            out.println("  header   alg " + text(report.alg()) + "  kid " + text(report.kid()) + "  x5t " + text(report.x5t()));
            out.println("  claims   iss " + text(report.issuer()) + "  tid " + text(report.tenantId()) + "  ver " + text(report.version()));
            out.println("           aud " + text(report.audience()) + "  app " + text(report.appId()));
            out.println("  ids      uti " + text(report.uniqueTokenId()) + "  sid " + text(report.sessionId()));
            out.println("  times    iat " + text(report.issuedAt()) + "  nbf " + text(report.notBefore()) + "  exp " + text(report.expiresAt()));
            out.println("  key      scope " + report.keyScope() + "; signature " + report.signature().description());
            if (report.findings().isEmpty()) {
                out.println("  no findings");
            }
            for (TokenFinding finding : report.findings()) {
                out.printf(Locale.ROOT, "  %-8s %s: %s%n", finding.severity().label().toUpperCase(Locale.ROOT), finding.id(), finding.explanation());
                for (Map.Entry<String, String> evidence : finding.evidence().entrySet()) {
                    out.println("           " + evidence.getKey() + " = " + evidence.getValue());
                }
            }
            out.println();
        }
    }

    static void json(List<TokenReport> reports, PrintStream out) throws java.io.IOException {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (TokenReport report : reports) {
            ObjectNode node = array.addObject();
            node.put("fingerprint", report.fingerprint()).put("reduced", report.reduced());
            put(node, "alg", report.alg());
            put(node, "kid", report.kid());
            put(node, "x5t", report.x5t());
            put(node, "issuer", report.issuer());
            put(node, "tenant_id", report.tenantId());
            put(node, "audience", report.audience());
            put(node, "app_id", report.appId());
            put(node, "version", report.version());
            put(node, "unique_token_id", report.uniqueTokenId());
            put(node, "session_id", report.sessionId());
            put(node, "issued_at", report.issuedAt());
            put(node, "not_before", report.notBefore());
            put(node, "expires_at", report.expiresAt());
            node.put("key_scope", report.keyScope()).put("signature", report.signature().description());
            ArrayNode findings = node.putArray("findings");
            for (TokenFinding finding : report.findings()) {
                ObjectNode entry = findings.addObject().put("id", finding.id()).put("severity", finding.severity().label())
                        .put("explanation", finding.explanation());
                ObjectNode evidence = entry.putObject("evidence");
                finding.evidence().forEach(evidence::put);
            }
        }
        out.println(Json.PRETTY.writeValueAsString(array));
    }

    private static void put(ObjectNode node, String name, Object value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
