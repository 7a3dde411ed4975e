package dev.forgewatch.detections.incident;

import dev.forgewatch.common.event.Fields;
import dev.forgewatch.detections.Finding;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The entities a finding is about, read from its user, source address and evidence.
 *
 * @param mailboxes the mailboxes it accuses (its subject: the mailbox of its event, lower-cased); its
 *                  risk goes to each
 * @param touched   mailboxes it names without accusing them: those an app-level finding counted
 * @param tokens    token ids: the unique token id where logged, else the token's fingerprint
 * @param sessions  session ids: the Entra session of the token where logged, and the workload's session
 */
public record Entities(Set<String> mailboxes, Set<String> touched, Set<String> apps, Set<String> tokens, Set<String> sessions,
        Set<String> addresses, Set<String> userAgents) {

    /** Canonical fields of the linkable identifiers (docs/provenance.md), read when a finding carries them. */
    static final String TOKEN_UNIQUE_ID = "token_unique_id";
    static final String TOKEN_SESSION_ID = "token_session_id";

    public Entities {
        mailboxes = ordered(mailboxes);
        touched = ordered(touched);
        apps = ordered(apps);
        tokens = ordered(tokens);
        sessions = ordered(sessions);
        addresses = ordered(addresses);
        userAgents = ordered(userAgents);
    }

    /**
     * An unmodifiable copy in the given order: incidents list their apps, addresses, ... in the order
     * the findings named them. Set.copyOf iterates in an order that changes from one JVM to the next,
     * which made the same hunt print an incident's apps in either order.
     */
    private static Set<String> ordered(Set<String> values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.copyOf(values)));
    }

    public static Entities of(Finding finding, RiskProfile profile) {
        Set<String> mailboxes = new LinkedHashSet<>();
        Set<String> touched = new LinkedHashSet<>();
        if (finding.user() != null) {
            mailboxes.add(mailbox(finding.user()));
        }
        for (String owner : values(finding.evidence().get(Fields.MAILBOX_OWNER_UPN))) {
            (profile.countsMailboxes() ? touched : mailboxes).add(mailbox(owner));
        }
        touched.removeAll(mailboxes);
        Set<String> apps = values(finding, Fields.APP_ID, Fields.CLIENT_APP_ID, Fields.TOKEN_APP_ID);
        Set<String> tokens = values(finding, TOKEN_UNIQUE_ID, Fields.TOKEN_FINGERPRINT);
        Set<String> sessions = values(finding, TOKEN_SESSION_ID, Fields.SESSION_ID);
        Set<String> addresses = new LinkedHashSet<>();
        if (finding.sourceIp() != null) {
            addresses.add(finding.sourceIp());
        }
        addresses.addAll(values(finding, Fields.CLIENT_IP));
        return new Entities(mailboxes, touched, apps, tokens, sessions, addresses, values(finding, Fields.USER_AGENT));
    }

    /** Mailbox names compare without case (a UPN is case-insensitive). */
    public static String mailbox(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static Set<String> values(Finding finding, String... fields) {
        Set<String> out = new LinkedHashSet<>();
        for (String field : fields) {
            out.addAll(values(finding.evidence().get(field)));
        }
        return out;
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().filter(item -> item != null && !item.toString().isBlank()).map(Object::toString).toList();
        }
        String text = value.toString();
        return text.isBlank() ? List.of() : List.of(text);
    }
}
