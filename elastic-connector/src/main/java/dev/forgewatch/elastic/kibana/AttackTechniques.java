package dev.forgewatch.elastic.kibana;

import java.util.Map;

/** The ATT&CK techniques ForgeWatch's rules map to, with their tactic, for Kibana's threat mapping. */
final class AttackTechniques {
    record Technique(String name, String tacticId, String tacticName) {
    }

    private static final Technique UNKNOWN = new Technique("Unknown technique", "TA0000", "Unknown");
    private static final Map<String, Technique> KNOWN = Map.of(
            "T1550", new Technique("Use Alternate Authentication Material", "TA0008", "Lateral Movement"),
            "T1606", new Technique("Forge Web Credentials", "TA0006", "Credential Access"),
            "T1114", new Technique("Email Collection", "TA0009", "Collection"),
            "T1078", new Technique("Valid Accounts", "TA0001", "Initial Access"),
            "T1562", new Technique("Impair Defenses", "TA0005", "Defense Evasion"),
            "T1098", new Technique("Account Manipulation", "TA0003", "Persistence"),
            "T1528", new Technique("Steal Application Access Token", "TA0006", "Credential Access"));

    private AttackTechniques() {
    }

    static Technique of(String techniqueId) {
        return KNOWN.getOrDefault(techniqueId, UNKNOWN);
    }
}
