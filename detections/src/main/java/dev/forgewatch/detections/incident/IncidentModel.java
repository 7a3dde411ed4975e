package dev.forgewatch.detections.incident;

import dev.forgewatch.detections.Finding;
import dev.forgewatch.detections.rule.Rule;
import dev.forgewatch.detections.rule.RuleSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns findings into incidents (docs/incidents.md). Each finding is attributed to its entities; per
 * mailbox, the findings that accuse it accumulate risk within the policy's window, each rule once; an
 * incident opens when a window reaches the policy's score, spans its tactics, holds a critical finding
 * or a coverage finding, and takes the mailbox's later findings until a window passes without one.
 * Findings without a mailbox join the incidents they share a token, session, IOC address or suspect app
 * with; incidents sharing those link into campaigns. Deterministic: the same findings give the same
 * incidents with the same ids, whatever order they come in.
 */
public final class IncidentModel {
    /** Findings in time order; ties broken by rule, user and message so the order never depends on input order. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::timestamp).thenComparing(Finding::ruleId)
            .thenComparing(f -> f.user() == null ? "" : f.user()).thenComparing(Finding::message)
            .thenComparing(f -> String.join(",", f.eventIds()));

    private final IncidentPolicy policy;
    private final Map<String, RiskProfile> profiles = new HashMap<>();

    public IncidentModel(IncidentPolicy policy, RuleSet rules) {
        this.policy = policy;
        for (Rule rule : rules.alerting()) {
            profiles.put(rule.info().id(), policy.profile(rule));
        }
    }

    public IncidentPolicy policy() {
        return policy;
    }

    /** The profile of a finding's rule; a rule outside the pack counts by its level, with no tactic. */
    public RiskProfile profile(Finding finding) {
        RiskProfile known = profiles.get(finding.ruleId());
        if (known != null && known.contributes() && !finding.severity().atLeast(policy.contributesFrom())) {
            // a finding its rule's baseline capped (learning, recurring) is context, like any finding at its level
            return new RiskProfile(known.ruleId(), known.name(), known.title(), finding.severity(), known.score(), known.tactics(),
                    false, known.coverage(), known.ioc(), known.linksApps(), known.countsMailboxes());
        }
        if (known != null) {
            return known;
        }
        return new RiskProfile(finding.ruleId(), finding.ruleName(), finding.ruleName(), finding.severity(),
                policy.levelScores().get(finding.severity()), List.of(), finding.severity().atLeast(policy.contributesFrom()),
                false, false, false, false);
    }

    /** Incidents without the mail pass (their mail is {@link MailTouched#NONE}). */
    public Incidents incidents(List<Finding> findings) {
        Draft draft = build(findings);
        return draft.complete(draft.mailPass());
    }

    /**
     * A finding with what the model knows of it; in a mailbox's incident it either accuses the mailbox,
     * or counted it (an app-level finding), or only shares a token, session, IOC address or app with it.
     */
    private record Entry(Finding finding, Entities entities, RiskProfile profile, boolean accuses) {
        Instant time() {
            return finding.timestamp();
        }

        /** Names the mailbox (accuses or counted it), as opposed to context that only shares an entity. */
        boolean names() {
            return accuses || profile.countsMailboxes();
        }
    }

    /** First step: the incidents are known, their mail not yet. */
    public Draft build(List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(ORDER);
        Map<String, List<Entry>> streams = new TreeMap<>();
        List<Entry> unattributed = new ArrayList<>();
        for (Finding finding : sorted) {
            RiskProfile profile = profile(finding);
            Entities entities = Entities.of(finding, profile);
            for (String mailbox : entities.mailboxes()) {
                streams.computeIfAbsent(mailbox, m -> new ArrayList<>()).add(new Entry(finding, entities, profile, true));
            }
            for (String mailbox : entities.touched()) {
                streams.computeIfAbsent(mailbox, m -> new ArrayList<>()).add(new Entry(finding, entities, profile, false));
            }
            if (entities.mailboxes().isEmpty() && entities.touched().isEmpty()) {
                unattributed.add(new Entry(finding, entities, profile, false));
            }
        }
        List<Opened> opened = new ArrayList<>();
        streams.forEach((mailbox, entries) -> opened.addAll(accumulate(mailbox, entries)));
        opened.forEach(Opened::collectLinks);
        Duration window = policy.window().duration();
        for (Entry entry : unattributed) {
            for (Opened incident : opened) {
                if (incident.shares(entry.entities()) && !entry.time().isBefore(incident.first().minus(window))
                        && !entry.time().isAfter(incident.last().plus(window))) {
                    incident.entries.add(entry);
                }
            }
        }
        opened.forEach(Opened::seal);
        return new Draft(opened);
    }

    /** One mailbox's findings in time order → its incidents. */
    private List<Opened> accumulate(String mailbox, List<Entry> entries) {
        Duration window = policy.window().duration();
        List<Opened> out = new ArrayList<>();
        ArrayDeque<Entry> recent = new ArrayDeque<>();
        Opened open = null;
        for (Entry entry : entries) {
            if (open != null && entry.time().isAfter(open.last().plus(window))) {
                out.add(open);
                open = null;
            }
            recent.addLast(entry);
            while (recent.peekFirst().time().isBefore(entry.time().minus(window))) {
                recent.removeFirst();
            }
            WindowRisk risk = WindowRisk.of(recent, policy);
            Verdict verdict = risk.verdict(policy);
            if (open == null && verdict == Verdict.COVERAGE_GAP && !out.isEmpty() && out.get(out.size() - 1).verdict == verdict) {
                // a logging gap is a state of the mailbox, not an event: one coverage-gap incident however often it is seen
                open = out.remove(out.size() - 1);
                open.entries.add(entry);
            } else if (open == null && verdict != null) {
                open = new Opened(mailbox);
                open.entries.addAll(recent);
            } else if (open != null) {
                open.entries.add(entry);
            }
            if (open != null && verdict != null) {
                open.raise(verdict, risk.score());
            }
        }
        if (open != null) {
            out.add(open);
        }
        return out;
    }

    /** The risk of one window of a mailbox's findings: each rule that adds risk counted once. */
    private record WindowRisk(int score, Set<String> tactics, int rules, boolean critical, boolean coverage) {
        static WindowRisk of(Iterable<Entry> entries, IncidentPolicy policy) {
            Map<String, Integer> scores = new HashMap<>();
            Set<String> tactics = new TreeSet<>();
            boolean critical = false;
            boolean coverage = false;
            for (Entry entry : entries) {
                if (!entry.accuses()) {
                    continue;
                }
                RiskProfile profile = entry.profile();
                coverage |= profile.coverage();
                if (profile.contributes()) {
                    scores.put(profile.ruleId(), profile.score());
                    tactics.addAll(profile.tactics());
                    critical |= profile.critical();
                }
            }
            int score = scores.values().stream().mapToInt(Integer::intValue).sum();
            return new WindowRisk(score, tactics, scores.size(), critical, coverage);
        }

        /** The verdict this window gives, or null when it opens no incident. */
        Verdict verdict(IncidentPolicy policy) {
            IncidentPolicy.Open open = policy.open();
            IncidentPolicy.Compromised compromised = policy.compromised();
            boolean opens = (open.critical() && critical) || score >= open.score()
                    || (tactics.size() >= open.tactics() && rules >= open.rules());
            if (opens) {
                boolean worst = (compromised.critical() && critical)
                        || (score >= compromised.score() && tactics.size() >= compromised.tactics());
                return worst ? Verdict.COMPROMISED : Verdict.SUSPICIOUS;
            }
            return coverage ? Verdict.COVERAGE_GAP : null;
        }
    }

    /** An incident being built. */
    private final class Opened {
        final String mailbox;
        final List<Entry> entries = new ArrayList<>();
        Verdict verdict;
        int score;
        String id;
        final Set<String> linkTokens = new LinkedHashSet<>();
        final Set<String> linkSessions = new LinkedHashSet<>();
        final Set<String> iocAddresses = new LinkedHashSet<>();
        final Set<String> linkApps = new LinkedHashSet<>();

        Opened(String mailbox) {
            this.mailbox = mailbox;
        }

        void raise(Verdict candidate, int windowScore) {
            verdict = verdict == null || candidate.compareTo(verdict) > 0 ? candidate : verdict;
            score = Math.max(score, windowScore);
        }

        Instant first() {
            return entries.get(0).time();
        }

        Instant last() {
            return entries.stream().map(Entry::time).max(Comparator.naturalOrder()).orElseThrow();
        }

        /** Link keys come from the findings that accuse the mailbox (and IOC/app rules' findings that touched it). */
        void collectLinks() {
            for (Entry entry : entries) {
                if (!entry.names()) {
                    continue;
                }
                Entities entities = entry.entities();
                linkTokens.addAll(entities.tokens());
                linkSessions.addAll(entities.sessions());
                if (entry.profile().ioc()) {
                    iocAddresses.addAll(entities.addresses());
                }
                if (entry.profile().linksApps()) {
                    linkApps.addAll(entities.apps());
                }
            }
        }

        boolean shares(Entities entities) {
            return entities.tokens().stream().anyMatch(linkTokens::contains)
                    || entities.sessions().stream().anyMatch(linkSessions::contains)
                    || entities.addresses().stream().anyMatch(iocAddresses::contains)
                    || entities.apps().stream().anyMatch(linkApps::contains);
        }

        /** Orders the findings and fixes the id. */
        void seal() {
            entries.sort(Comparator.comparing(Entry::finding, ORDER));
            Finding first = entries.stream().filter(Entry::accuses).findFirst().orElse(entries.get(0)).finding();
            id = "fwi-" + hash(mailbox + "\n" + first.timestamp() + "\n" + first.ruleId() + "\n" + String.join(",", first.eventIds()));
        }

        List<String> linkKeys() {
            List<String> keys = new ArrayList<>();
            linkTokens.forEach(token -> keys.add("token " + token));
            linkSessions.forEach(session -> keys.add("session " + session));
            iocAddresses.forEach(address -> keys.add("IOC address " + address));
            linkApps.forEach(app -> keys.add("app " + app));
            return keys;
        }
    }

    /** The incidents, before and after the mail pass. */
    public final class Draft {
        private final List<Opened> opened;

        private Draft(List<Opened> opened) {
            this.opened = List.copyOf(opened);
        }

        /** A pass over the events that tallies each incident's mail; idle when there is no incident. */
        public MailPass mailPass() {
            Duration window = policy.window().duration();
            List<MailPass.Scope> scopes = new ArrayList<>();
            for (Opened incident : opened) {
                Instant from = incident.entries.stream().filter(Entry::accuses).map(Entry::time).min(Comparator.naturalOrder())
                        .orElse(incident.first());
                Set<String> addresses = new LinkedHashSet<>();
                Set<String> sessions = new LinkedHashSet<>(incident.linkSessions);
                Set<String> tokens = new LinkedHashSet<>(incident.linkTokens);
                for (Entry entry : incident.entries) {
                    if (entry.accuses() && entry.profile().contributes()) {
                        addresses.addAll(entry.entities().addresses());
                    }
                }
                addresses.addAll(incident.iocAddresses);
                scopes.add(new MailPass.Scope(incident.id, incident.mailbox, from, incident.last().plus(window), addresses, sessions,
                        tokens, Set.copyOf(incident.linkApps)));
            }
            return new MailPass(scopes);
        }

        /** The incidents with the mail the pass found (an unused pass: none), campaigns and next steps. */
        public Incidents complete(MailPass pass) {
            Map<String, String> campaignOf = new HashMap<>();
            List<Campaign> campaigns = campaigns(campaignOf);
            List<Incident> incidents = new ArrayList<>();
            Map<Finding, List<String>> byFinding = new IdentityHashMap<>();
            for (Opened draft : opened) {
                MailPass.Tally tally = pass.tally(draft.id);
                Incident incident = incident(draft, tally, campaignOf.get(draft.id));
                incidents.add(incident);
                for (Entry entry : draft.entries) {
                    byFinding.computeIfAbsent(entry.finding(), f -> new ArrayList<>()).add(draft.id);
                }
            }
            Comparator<Incident> worstFirst = Comparator.comparing(Incident::verdict).reversed()
                    .thenComparing(Comparator.comparingInt(Incident::score).reversed())
                    .thenComparing(Incident::firstActivity).thenComparing(Incident::mailbox).thenComparing(Incident::id);
            incidents.sort(worstFirst);
            List<String> order = incidents.stream().map(Incident::id).toList();
            List<Campaign> ordered = campaigns.stream()
                    .map(c -> new Campaign(c.id(), c.incidentIds().stream().sorted(Comparator.comparingInt(order::indexOf)).toList(), c.shared()))
                    .sorted(Comparator.comparingInt(c -> order.indexOf(c.incidentIds().get(0))))
                    .toList();
            byFinding.replaceAll((finding, ids) -> ids.stream().sorted(Comparator.comparingInt(order::indexOf)).toList());
            return new Incidents(incidents, ordered, byFinding);
        }

        private Incident incident(Opened draft, MailPass.Tally tally, String campaignId) {
            MailTouched mail = tally == null ? MailTouched.NONE : tally.touched();
            Set<String> apps = new LinkedHashSet<>();
            Set<String> addresses = new LinkedHashSet<>();
            Set<String> userAgents = new LinkedHashSet<>();
            Set<String> tokens = new LinkedHashSet<>();
            Set<String> sessions = new LinkedHashSet<>();
            Set<String> tactics = new TreeSet<>();
            Instant first = null;
            Instant last = null;
            for (Entry entry : draft.entries) {
                if (!entry.names()) {
                    continue; // context that only shares a token, session, IOC address or app: listed, not merged
                }
                first = first == null || entry.time().isBefore(first) ? entry.time() : first;
                last = last == null || entry.time().isAfter(last) ? entry.time() : last;
                Entities entities = entry.entities();
                apps.addAll(entities.apps());
                addresses.addAll(entities.addresses());
                userAgents.addAll(entities.userAgents());
                tokens.addAll(entities.tokens());
                sessions.addAll(entities.sessions());
                if (entry.accuses() && entry.profile().contributes()) {
                    tactics.addAll(entry.profile().tactics());
                }
            }
            if (tally != null) {
                apps.addAll(tally.apps);
                addresses.addAll(tally.addresses);
                userAgents.addAll(tally.userAgents);
                sessions.addAll(tally.sessions);
            }
            if (mail.first() != null && mail.first().isBefore(first)) {
                first = mail.first();
            }
            if (mail.last() != null && mail.last().isAfter(last)) {
                last = mail.last();
            }
            List<Finding> findings = draft.entries.stream().map(Entry::finding).toList();
            List<Finding> coverage = draft.entries.stream().filter(e -> e.profile().coverage()).map(Entry::finding).toList();
            boolean forged = draft.entries.stream().anyMatch(e -> e.accuses() && e.profile().contributes() && !e.entities().tokens().isEmpty());
            NextSteps.Facts facts = new NextSteps.Facts(draft.verdict, draft.mailbox, first, last, List.copyOf(draft.linkApps),
                    List.copyOf(addresses), List.copyOf(draft.iocAddresses), forged ? List.copyOf(draft.linkTokens) : List.of(),
                    List.copyOf(sessions), mail, coverage, policy.window());
            return new Incident(draft.id, draft.verdict, draft.mailbox, draft.score, new ArrayList<>(tactics), first, last,
                    new ArrayList<>(apps), new ArrayList<>(addresses), new ArrayList<>(userAgents), new ArrayList<>(tokens),
                    new ArrayList<>(sessions), mail, findings, campaignId, NextSteps.of(facts));
        }

        /** Groups incidents that share a link key (union-find); a campaign needs two incidents. */
        private List<Campaign> campaigns(Map<String, String> campaignOf) {
            Map<String, String> parent = new HashMap<>();
            opened.forEach(incident -> parent.put(incident.id, incident.id));
            Map<String, List<String>> holders = new LinkedHashMap<>();
            for (Opened incident : opened) {
                for (String key : incident.linkKeys()) {
                    holders.computeIfAbsent(key, k -> new ArrayList<>()).add(incident.id);
                }
            }
            for (List<String> ids : holders.values()) {
                for (int i = 1; i < ids.size(); i++) {
                    parent.put(root(parent, ids.get(i)), root(parent, ids.get(0)));
                }
            }
            Map<String, List<String>> groups = new TreeMap<>();
            for (Opened incident : opened) {
                groups.computeIfAbsent(root(parent, incident.id), r -> new ArrayList<>()).add(incident.id);
            }
            List<Campaign> campaigns = new ArrayList<>();
            for (List<String> members : groups.values()) {
                if (members.size() < 2) {
                    continue;
                }
                List<String> sorted = members.stream().sorted().toList();
                String id = "fwc-" + hash(String.join("\n", sorted));
                List<String> shared = holders.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1 && members.contains(e.getValue().get(0)))
                        .map(Map.Entry::getKey).toList();
                campaigns.add(new Campaign(id, sorted, shared));
                sorted.forEach(member -> campaignOf.put(member, id));
            }
            return campaigns;
        }

        private String root(Map<String, String> parent, String id) {
            String root = id;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            parent.put(id, root);
            return root;
        }
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
