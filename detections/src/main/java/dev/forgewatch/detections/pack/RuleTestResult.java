package dev.forgewatch.detections.pack;

import dev.forgewatch.detections.Finding;
import java.util.List;

/** What a test case produced: the rule's own findings (other rules' findings are ignored). */
public record RuleTestResult(RuleTestCase testCase, List<Finding> findings) {
    public RuleTestResult {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.size() == testCase.expectedFindings();
    }
}
