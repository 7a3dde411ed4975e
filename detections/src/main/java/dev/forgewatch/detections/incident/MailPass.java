package dev.forgewatch.detections.incident;

import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.Fields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A second look at the events once the incidents are known: tallies, per incident, the mailbox's
 * MailItemsAccessed records that share an address, a session, a token or a suspect app with the
 * incident's findings, from the incident's first finding until a window after its last. Events may
 * come in any order. State is bounded by the incidents: a few counters, at most
 * {@link #MAX_FOLDERS} folders and {@link #MAX_MESSAGE_IDS} message ids each.
 */
public final class MailPass {
    static final String MAIL_ITEMS_ACCESSED = "MailItemsAccessed";
    public static final int MAX_FOLDERS = 200;
    public static final int MAX_MESSAGE_IDS = 100_000;

    /** Where one incident's intruder may have read mail. */
    record Scope(String incidentId, String mailbox, Instant from, Instant to, Set<String> addresses, Set<String> sessions,
            Set<String> tokens, Set<String> apps) {

        boolean covers(CanonicalEvent event) {
            Instant time = event.timestamp();
            if (time.isBefore(from) || time.isAfter(to)) {
                return false;
            }
            return contains(addresses, event.clientIp()) || contains(sessions, event.text(Fields.SESSION_ID))
                    || contains(sessions, event.text(Entities.TOKEN_SESSION_ID))
                    || contains(tokens, event.text(Entities.TOKEN_UNIQUE_ID))
                    || contains(tokens, event.text(Fields.TOKEN_FINGERPRINT)) || contains(apps, event.text(Fields.APP_ID));
        }

        private static boolean contains(Set<String> set, String value) {
            return value != null && set.contains(value);
        }
    }

    /** One incident's running tally, and the entities its records add. */
    static final class Tally {
        long records;
        long bind;
        long sync;
        final Set<String> folders = new TreeSet<>();
        final Set<String> messageIds = new HashSet<>();
        boolean messagesCapped;
        Instant first;
        Instant last;
        final Set<String> apps = new LinkedHashSet<>();
        final Set<String> addresses = new LinkedHashSet<>();
        final Set<String> userAgents = new LinkedHashSet<>();
        final Set<String> sessions = new LinkedHashSet<>();

        void add(CanonicalEvent event) {
            records++;
            String type = event.text(Fields.MAIL_ACCESS_TYPE);
            if ("Bind".equalsIgnoreCase(type)) {
                bind++;
            } else if ("Sync".equalsIgnoreCase(type)) {
                sync++;
            }
            for (String folder : texts(event.get(Fields.FOLDER_PATHS))) {
                if (folders.size() < MAX_FOLDERS || folders.contains(folder)) {
                    folders.add(folder);
                }
            }
            for (String id : texts(event.get(Fields.INTERNET_MESSAGE_IDS))) {
                if (messageIds.size() < MAX_MESSAGE_IDS) {
                    messageIds.add(id);
                } else if (!messageIds.contains(id)) {
                    messagesCapped = true;
                }
            }
            Instant time = event.timestamp();
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
            addText(apps, event.text(Fields.APP_ID));
            addText(addresses, event.clientIp());
            addText(userAgents, event.text(Fields.USER_AGENT));
            addText(sessions, event.text(Fields.SESSION_ID));
        }

        MailTouched touched() {
            return new MailTouched(records, bind, sync, new ArrayList<>(folders), messageIds.size(), messagesCapped, first, last);
        }

        private static void addText(Set<String> set, String value) {
            if (value != null && !value.isBlank()) {
                set.add(value);
            }
        }

        private static List<String> texts(Object value) {
            if (value == null) {
                return List.of();
            }
            if (value instanceof Collection<?> collection) {
                return collection.stream().map(String::valueOf).toList();
            }
            return List.of(value.toString());
        }
    }

    private final Map<String, List<Scope>> byMailbox = new HashMap<>();
    private final Map<String, Tally> tallies = new HashMap<>();

    MailPass(List<Scope> scopes) {
        for (Scope scope : scopes) {
            byMailbox.computeIfAbsent(scope.mailbox(), m -> new ArrayList<>()).add(scope);
            tallies.put(scope.incidentId(), new Tally());
        }
    }

    /** True when there is nothing to look for (no incident accuses a mailbox): the pass can be skipped. */
    public boolean idle() {
        return byMailbox.isEmpty();
    }

    /**
     * Whether an event of these fields (by name, as {@link CanonicalEvent#get}) can count: a
     * MailItemsAccessed record of a mailbox an incident accuses. {@link #accept} passes over every
     * other event, so a reader may leave those unbuilt.
     */
    public boolean mayCount(Function<String, Object> fields) {
        return scopes(fields.apply(Fields.OPERATION), fields.apply(Fields.MAILBOX_OWNER_UPN)) != null;
    }

    public void accept(CanonicalEvent event) {
        List<Scope> scopes = scopes(event.get(Fields.OPERATION), event.get(Fields.MAILBOX_OWNER_UPN));
        if (scopes == null) {
            return;
        }
        for (Scope scope : scopes) {
            if (scope.covers(event)) {
                tallies.get(scope.incidentId()).add(event);
            }
        }
    }

    /** The scopes of the mailbox of a MailItemsAccessed record, or null for any other event. */
    private List<Scope> scopes(Object operation, Object owner) {
        if (operation == null || owner == null || !MAIL_ITEMS_ACCESSED.equals(operation.toString())) {
            return null;
        }
        return byMailbox.get(Entities.mailbox(owner.toString()));
    }

    Tally tally(String incidentId) {
        return tallies.get(incidentId);
    }
}
