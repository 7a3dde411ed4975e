package dev.forgewatch.elastic.rules;

/** Kibana detection rule types ForgeWatch compiles to, with the name Kibana's rule schema uses. */
public enum RuleType {
    QUERY("query"), EQL("eql"), THRESHOLD("threshold"), NEW_TERMS("new_terms"), ESQL("esql");

    private final String kibanaName;

    RuleType(String kibanaName) {
        this.kibanaName = kibanaName;
    }

    public String kibanaName() {
        return kibanaName;
    }

    /** Whether the OSS 7.10 test node can run the rule's query (no EQL or ES|QL there). */
    public boolean runsOnTestNode() {
        return this != EQL && this != ESQL;
    }
}
