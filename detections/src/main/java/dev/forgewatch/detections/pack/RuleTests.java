package dev.forgewatch.detections.pack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.CanonicalEventCodec;
import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.engine.DetectionEngine;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleException;
import dev.forgewatch.detections.rule.RuleSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rule test fixtures ({@code <rule>.tests.json} next to the rule): a list of cases, each canonical
 * events in the {@link CanonicalEventCodec} form and the number of findings the rule must raise.
 * <pre>{"cases": [{"name": "...", "findings": 1, "events": [{"timestamp", "kind", "fields": {...}}]}]}</pre>
 * A case runs through an engine holding the whole pack, as the hunt does, and counts only the
 * rule's own findings.
 */
public final class RuleTests {
    private RuleTests() {
    }

    static List<RuleTestCase> parse(String file, String text, Rule rule, CanonicalEventCodec codec) throws RuleException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new RuleException(file, 0, "not valid JSON: " + e.getMessage());
        }
        JsonNode cases = root.path("cases");
        if (!cases.isArray() || cases.isEmpty()) {
            throw new RuleException(file, 0, "expected {\"cases\": [...]} with at least one case");
        }
        List<RuleTestCase> out = new ArrayList<>();
        for (JsonNode node : cases) {
            String name = node.path("name").asText("");
            if (name.isEmpty() || !node.path("findings").canConvertToInt() || !node.path("events").isArray()) {
                throw new RuleException(file, 0, "case " + (out.size() + 1) + " needs \"name\", \"findings\" (a number) and \"events\"");
            }
            List<CanonicalEvent> events = new ArrayList<>();
            int index = 0;
            for (JsonNode event : node.path("events")) {
                index++;
                try {
                    events.add(codec.decode(event, new SourceRef(file, index)));
                } catch (IllegalArgumentException e) {
                    throw new RuleException(file, 0, "case '" + name + "', event " + index + ": " + e.getMessage());
                }
            }
            out.add(new RuleTestCase(file, rule, name, node.path("findings").asInt(), events));
        }
        return out;
    }

    /** Runs a case through a fresh engine over the rule set; events are fed in time order, as the hunt sorts them. */
    public static RuleTestResult run(RuleSet rules, RuleTestCase testCase) {
        DetectionEngine engine = new DetectionEngine(rules);
        List<Finding> own = new ArrayList<>();
        String ruleId = testCase.rule().info().id();
        List<CanonicalEvent> events = new ArrayList<>(testCase.events());
        events.sort(Comparator.comparing(CanonicalEvent::timestamp));
        for (CanonicalEvent event : events) {
            engine.accept(event, finding -> keep(finding, ruleId, own));
        }
        engine.finish(finding -> keep(finding, ruleId, own));
        return new RuleTestResult(testCase, own);
    }

    /** The rule's findings, its coverage-gap findings ({@code <id>:coverage-gap}) included. */
    private static void keep(Finding finding, String ruleId, List<Finding> own) {
        if (finding.ruleId().equals(ruleId) || finding.ruleId().startsWith(ruleId + ":")) {
            own.add(finding);
        }
    }
}
