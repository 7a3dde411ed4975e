package dev.forgewatch.common.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.FieldLayout;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.ingest.MemberTree;
import dev.forgewatch.common.ingest.MemberValues;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.mapping.FieldDefinition;
import dev.forgewatch.common.mapping.SourceEntry;
import dev.forgewatch.common.mapping.SourcePath;
import dev.forgewatch.common.mapping.SourceRule;
import dev.forgewatch.common.secret.Fingerprints;
import dev.forgewatch.common.secret.Redactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raw record to canonical event(s), by the catalog's source paths. Audit and sign-in records with a
 * value of the wrong type are rejected; app records are lenient (a path whose value does not fit
 * is skipped). Raw members consumed whole by a mapping are removed from the raw bag; the rest is
 * kept, with secrets redacted. A lean normalizer keeps no raw bag at all: the hunt needs only
 * canonical fields, and holding raw records while sorting would multiply its memory.
 */
public final class Normalizer {
    private static final int POOL_CAPACITY = 200_000;

    private final FieldCatalog catalog;
    private final TokenObserver tokenObserver;
    private final boolean keepRaw;
    private final FieldDefinition timestampField;
    private final FieldDefinition idField;
    /** Per source kind, the fields it can fill with their rules, looked up once here rather than per record. */
    private final Map<SourceKind, Plan> plans = new EnumMap<>(SourceKind.class);
    private final ValuePool pool = new ValuePool(POOL_CAPACITY);
    /** The members the lean normalizer reads (null when it keeps the raw bag, which needs every member). */
    private final MemberTree members;
    /** Lean: where the slot reading of {@link #members} holds each member {@link RecordShapes} looks at. */
    private final Map<String, MemberTree.Locator> shapeMembers = new HashMap<>();
    /**
     * Lean: whether Azure Monitor records read into slots are unwrapped there ({@link UnwrappedView}); not
     * when a path into arrays starts at a member unwrapping fills (none in the catalog today).
     */
    private final boolean unwrapsInSlots;

    /**
     * A kind's timestamp, id and other fields, and the layout of its events: the other fields in the
     * catalog's order, each at the position of its {@link Mapped} in {@code fields}.
     */
    private record Plan(Mapped timestamp, Mapped id, Mapped[] fields, FieldLayout layout) {
    }

    /**
     * A field and how the source kind at hand fills it; lean, also where a record read into slots holds
     * each entry's path ({@code slots}, parallel to the rule's entries; null otherwise). {@code entries}
     * holds the rule's entries, and {@code recent} per entry the values last made of the same raw
     * strings where the value depends on the text alone (null otherwise: see {@link Recent}).
     */
    private record Mapped(FieldDefinition field, SourceRule rule, SlotPath[] slots, SourceEntry[] entries, Recent[] recent) {
    }

    /**
     * The values a field's entry made of the raw strings it met last, by the identity of the raw string:
     * the parser shares the strings of repeated values (its cache), so a value met again is the same
     * string, and its value (translated, redacted, checked as an IP, shared through the pool) is taken
     * from here without any of that work or a look-up in the pool. A small direct-mapped table: a string
     * whose place is taken by another is made again, as before. Only for keyword, text and IP fields, whose
     * value depends on the text alone (a number or a flag also on the JSON type of the raw value).
     *
     * <p>Also judges whether the entry's values repeat at all: the values of some fields are new in
     * nearly every record (request and correlation ids, message ids, object ids), so remembering them
     * (hashing each raw string) and sharing them (a look-up in the pool, which they would fill) is work for
     * nothing. A window of {@link #WINDOW} values with fewer than one repeat in {@link #RARE} (met here or
     * in the pool) makes the next {@link #SKIP} values be made without either, then the entry is judged
     * again. Only which equal string an event holds depends on this, never a value.
     */
    private static final class Recent {
        private static final int SIZE = 64;
        /** What a raw string that makes no value (empty, not an IP, no entry in a value table) gives. */
        static final Object NOTHING = new Object();
        /** How many values a judgement looks at. */
        static final int WINDOW = SHARING_WINDOW;
        /** Fewer repeats than one in this many values of a window: the values are unique (ids). */
        static final int RARE = 16;
        /** How many values an entry judged unique makes without remembering or sharing before it is judged again. */
        static final int SKIP = SHARING_SKIP;

        private final String[] raws = new String[SIZE];
        private final Object[] values = new Object[SIZE];
        private int judged;
        private int repeats;
        private int skipping;

        /** The value made of this very string, NOTHING, or null when it is not here. */
        Object get(String raw) {
            int place = raw.hashCode() & (SIZE - 1);
            return raws[place] == raw ? values[place] : null;
        }

        /** Keeps the value (or NOTHING) made of this string. */
        void put(String raw, Object value) {
            if (raw.length() <= MAX_RECENT_LENGTH) {
                int place = raw.hashCode() & (SIZE - 1);
                raws[place] = raw;
                values[place] = value;
            }
        }

        /** True when the next value is to be made without remembering or sharing it (the entry's values are unique of late). */
        boolean skip() {
            if (skipping == 0) {
                return false;
            }
            skipping--;
            return true;
        }

        /** Counts a value made while judging: a repeat when it was here or in the pool already. */
        void judge(boolean repeat) {
            judged++;
            if (repeat) {
                repeats++;
            }
            if (judged == WINDOW) {
                if (repeats * RARE < WINDOW) {
                    skipping = SKIP;
                }
                judged = 0;
                repeats = 0;
            }
        }

        /** Whether the entry's values are made without remembering or sharing them now (for tests). */
        boolean skipping() {
            return skipping > 0;
        }
    }

    /** How many values of a field entry {@link Recent} judges at a time. */
    static final int SHARING_WINDOW = 1024;
    /** How many values of an entry judged unique are made without remembering or sharing them before the next judgement. */
    static final int SHARING_SKIP = 16 * SHARING_WINDOW;

    /** Longer raw strings are not kept by {@link Recent} (nor shared by the pool). */
    private static final int MAX_RECENT_LENGTH = 512;

    /**
     * The lists a record's values are gathered in: the lean normalizer (the hunt's, used by one thread)
     * keeps one pair for every record; the full one, which a Logstash filter may call from several
     * threads, takes a pair a record (and keeps no {@link Recent} values).
     */
    private record Work(List<JsonNode> nodes, List<String> texts) {
        Work() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    /** The lean normalizer's lists ({@link Work}). */
    private final Work work = new Work();

    /** A normalizer that keeps the raw bag (for shipping to SIEMs and for fixtures). */
    public Normalizer(FieldCatalog catalog, TokenObserver tokenObserver) {
        this(catalog, tokenObserver, true);
    }

    private Normalizer(FieldCatalog catalog, TokenObserver tokenObserver, boolean keepRaw) {
        this.catalog = catalog;
        this.tokenObserver = tokenObserver;
        this.keepRaw = keepRaw;
        this.timestampField = catalog.field(Fields.TIMESTAMP);
        this.idField = catalog.field(Fields.EVENT_ID);
        this.members = keepRaw ? null : membersRead(catalog);
        if (members != null) {
            members.slots();
            for (String member : RecordShapes.MEMBERS_READ) {
                shapeMembers.put(member, members.locate(List.of(member)));
            }
        }
        boolean unwraps = true;
        for (FieldDefinition field : catalog.fields()) {
            for (SourceRule rule : field.sources().values()) {
                for (SourcePath path : rule.paths()) {
                    if (path.memberNames() == null && path.constant() == null && !path.steps().isEmpty()
                            && path.steps().get(0) instanceof SourcePath.Member first
                            && AzureMonitorRecords.FILLED.contains(first.name())) {
                        unwraps = false;
                    }
                }
            }
        }
        this.unwrapsInSlots = unwraps;
        // Per source kind, only the fields it can fill: most fields have no rule for a given kind.
        for (SourceKind kind : List.of(SourceKind.AUDIT, SourceKind.SIGNIN, SourceKind.APP, SourceKind.GRAPH_ACTIVITY)) {
            List<Mapped> plan = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (FieldDefinition field : catalog.fields()) {
                SourceRule rule = field.source(kind.shortName());
                if (field != timestampField && field != idField && rule != null) {
                    plan.add(mapped(field, rule));
                    names.add(field.name());
                }
            }
            plans.put(kind, new Plan(mapped(timestampField, timestampField.source(kind.shortName())),
                    mapped(idField, idField.source(kind.shortName())), plan.toArray(Mapped[]::new), new FieldLayout(names)));
        }
    }

    private Mapped mapped(FieldDefinition field, SourceRule rule) {
        if (rule == null) {
            return new Mapped(field, null, null, new SourceEntry[0], null);
        }
        SourceEntry[] entries = rule.entries().toArray(SourceEntry[]::new);
        Recent[] recent = null;
        if (!keepRaw && field != idField && (field.multi() || ValueConverter.textOnly(field.type()))) {
            recent = new Recent[entries.length];
            for (int i = 0; i < entries.length; i++) {
                recent[i] = new Recent();
            }
        }
        if (members == null) {
            return new Mapped(field, rule, null, entries, recent);
        }
        SlotPath[] slots = new SlotPath[entries.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = SlotPath.of(entries[i].path(), members);
        }
        return new Mapped(field, rule, slots, entries, recent);
    }

    /**
     * Whether the values of every source entry of a field for a kind are remembered and shared now (false
     * while those of one are judged unique: see {@link Recent}); false for a field without remembered values.
     */
    boolean sharesValues(SourceKind kind, String field) {
        for (Mapped mapped : plans.get(kind).fields()) {
            if (mapped.field().name().equals(field)) {
                if (mapped.recent() == null) {
                    return false;
                }
                for (Recent recent : mapped.recent()) {
                    if (recent.skipping()) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The layout of the events of a source kind (its fields besides timestamp and id, in the catalog's order). */
    FieldLayout layout(SourceKind kind) {
        return plans.get(kind).layout();
    }

    /**
     * What of a record the lean normalizer reads, from the catalog's paths for every source kind (the
     * one source of truth): the members that tell the kind of a record, the Azure Monitor envelope,
     * and each path's members (arrays whole where a path ends at them, else element by element).
     * Anything more is never looked at unless the whole record is asked for (see {@link #normalize(JsonNode, SourceRef, boolean)}).
     */
    private static MemberTree membersRead(FieldCatalog catalog) {
        MemberTree root = new MemberTree();
        // an Azure Monitor envelope's inner record and the envelope kept beside it are records of their own
        root.link(AzureMonitorRecords.PROPERTIES, root);
        root.link(AzureMonitorRecords.ENVELOPE, root);
        for (String member : RecordShapes.MEMBERS_READ) {
            if (!member.equals(AzureMonitorRecords.PROPERTIES)) { // linked above, not to be kept whole
                root.add(member).keepWhole();
            }
        }
        for (String member : AzureMonitorRecords.MEMBERS_READ) {
            root.add(member).keepWhole();
        }
        for (FieldDefinition field : catalog.fields()) {
            for (SourceRule rule : field.sources().values()) {
                for (SourceEntry entry : rule.entries()) {
                    addPath(root, entry.path());
                }
            }
        }
        return root;
    }

    private static void addPath(MemberTree root, SourcePath path) {
        if (path.constant() != null) {
            return;
        }
        List<SourcePath.Step> steps = path.steps();
        boolean throughArrays = path.memberNames() == null;
        if (path.literalKey() != null) {
            // the literal "a.b" key some shippers write (SourcePath reads it first)
            root.add(path.literalKey()).keepWhole();
            if (throughArrays) {
                root.readAsTree(path.literalKey());
            }
        }
        if (throughArrays && steps.get(0) instanceof SourcePath.Member first) {
            // a path into arrays is evaluated on a tree of its top-level member (see SlotPath)
            root.readAsTree(first.name());
        }
        MemberTree node = root;
        for (SourcePath.Step step : steps) {
            if (step instanceof SourcePath.Member member) {
                node = node.add(member.name());
            } else if (step instanceof SourcePath.Select select) {
                node.add(select.key()).keepWhole();
            }
            // an Each step: the array's elements take the same node
        }
        switch (path.transform()) {
            case PAIRS:
                node.add("Name").keepWhole();
                node.add("Value").keepWhole();
                node.add("NewValue").keepWhole();
                break;
            case COUNT:
                break; // the elements are kept (pruned), so they are counted
            default:
                node.keepWhole();
        }
    }

    /** What a reader should keep of each record for {@link #normalize(JsonNode, SourceRef, boolean)}; null: everything. */
    public MemberTree membersRead() {
        return members;
    }

    /** A normalizer whose events carry canonical fields only, no raw bag. */
    public static Normalizer lean(FieldCatalog catalog, TokenObserver tokenObserver) {
        return new Normalizer(catalog, tokenObserver, false);
    }

    /** Normalizes one record; the record node is owned by the normalizer from now on. */
    public Normalization normalize(JsonNode input, SourceRef origin) {
        return normalize(input, origin, false);
    }

    /**
     * Normalizes one record, which may hold only the members of {@link #membersRead()} ({@code partial});
     * returns null when the answer needs the whole record: an app record (its tokens may be anywhere),
     * a record without an id (its id is a hash of all of it), or one to reject (the quarantine shows it).
     * The record node is owned by the normalizer from now on.
     */
    public Normalization normalize(JsonNode input, SourceRef origin, boolean partial) {
        if (!input.isObject()) {
            return partial ? null : new Normalization.Rejected("expected a JSON object, got " + describe(input));
        }
        ObjectNode record = (ObjectNode) input;
        SourceKind kind = RecordShapes.kindOf(record);
        if (partial && (kind == SourceKind.APP || members == null)) {
            return null;
        }
        // Azure Monitor diagnostic records keep the sign-in or the Graph request in properties
        String monitorTime = AzureMonitorRecords.timeMember(kind, record);
        boolean monitor = monitorTime != null;
        String contentId = monitor && !partial ? contentId(kind, record) : null;
        ObjectNode view = monitor ? AzureMonitorRecords.unwrap(record, monitorTime) : record;
        String rulesKey = kind.shortName(); // kindOf never answers TOKEN
        boolean strict = kind != SourceKind.APP;
        // Which raw members a mapping consumed whole, to drop them from the raw bag (lean: no bag).
        Set<String> consumed = keepRaw ? new HashSet<>() : null;

        Plan plan = plans.get(kind);
        Instant timestamp;
        String id;
        CanonicalEvent.Builder builder = CanonicalEvent.builder(plan.layout()).kind(kind).origin(origin);
        try {
            Filled filled = fill(plan, new TreeView(view), strict, consumed, builder, keepRaw ? new Work() : work);
            if (filled == null) {
                if (partial) {
                    return null;
                }
                return new Normalization.Rejected(kind == SourceKind.APP
                        ? "unrecognized record: not an audit record, sign-in or Graph activity log, and no timestamp field ("
                                + pathsOf(timestampField, "app") + ")"
                        : kind.shortName() + " record has no timestamp (" + pathsOf(timestampField, rulesKey) + ")");
            }
            if (filled.sourceId() == null && partial) {
                return null;
            }
            timestamp = filled.timestamp();
            id = filled.sourceId() != null ? filled.sourceId().toString() : contentId != null ? contentId : contentId(kind, record);
        } catch (FieldError e) {
            return partial ? null : new Normalization.Rejected(e.getMessage());
        }
        builder.id(id).timestamp(timestamp);

        List<Map<String, Object>> tokens = kind == SourceKind.APP ? tokenObserver.observe(record, timestamp) : List.of();
        if (keepRaw) {
            view.remove(consumed);
            SecretScrubber.scrub(view);
            builder.raw(view);
        }
        if (tokens.isEmpty()) {
            return new Normalization.Accepted(List.of(builder.build()));
        }
        CanonicalEvent base = builder.build();
        List<CanonicalEvent> events = new ArrayList<>(tokens.size());
        for (Map<String, Object> token : tokens) {
            CanonicalEvent.Builder tokenEvent = base.toBuilder().kind(SourceKind.TOKEN);
            token.forEach(tokenEvent::field);
            Object fingerprint = token.get(Fields.TOKEN_FINGERPRINT);
            tokenEvent.id(tokens.size() == 1 ? id : id + ":" + fingerprint);
            events.add(tokenEvent.build());
        }
        return new Normalization.Accepted(events);
    }

    /**
     * Normalizes a record read into slots ({@link MemberTree.SlotReader} of {@link #membersRead()}): the
     * same events as {@link #normalize(JsonNode, SourceRef, boolean)} gives for its partial tree (an
     * Azure Monitor record unwrapped the same way), or null when the answer needs the whole record (as
     * there: an app record, a record without a timestamp or an id, a value of the wrong type).
     */
    public Normalization normalize(MemberValues values, SourceRef origin) {
        if (members == null) {
            return null;
        }
        // A wrapper's record (an Azure Monitor record's properties) counts as an object member for the shape tests.
        boolean wrapped = AzureMonitorRecords.PROPERTIES.equals(values.wrapper());
        RecordShapes.Members shape = name -> {
            if (wrapped && name.equals(AzureMonitorRecords.PROPERTIES)) {
                return WRAPPED;
            }
            MemberTree.Locator at = shapeMembers.get(name);
            return at == null ? null : at.find(values);
        };
        SourceKind kind = RecordShapes.kindOf(shape);
        if (kind == SourceKind.APP || (values.wrapper() != null && !wrapped)) {
            return null;
        }
        String monitorTime = AzureMonitorRecords.timeMember(kind, shape);
        if (wrapped && (monitorTime == null || !unwrapsInSlots)) {
            return null; // properties kept as a member, not unwrapped: the slots do not hold it
        }
        Plan plan = plans.get(kind);
        CanonicalEvent.Builder builder = CanonicalEvent.builder(plan.layout()).kind(kind).origin(origin);
        View view = monitorTime == null ? new SlotView(values) : new UnwrappedView(values.inner(), values, monitorTime);
        Filled filled;
        try {
            filled = fill(plan, view, true, null, builder, work);
        } catch (FieldError e) {
            return null;
        }
        if (filled == null || filled.sourceId() == null) {
            return null;
        }
        return new Normalization.Accepted(List.of(builder.id(filled.sourceId().toString()).timestamp(filled.timestamp()).build()));
    }

    /** What {@link #fill} read besides the fields. */
    private record Filled(Instant timestamp, Object sourceId) {
    }

    /** Reads a record's timestamp, id and fields (into {@code builder}); null when it has no timestamp. */
    private Filled fill(Plan plan, View view, boolean strict, Set<String> consumed, CanonicalEvent.Builder builder, Work work)
            throws FieldError {
        Instant timestamp = (Instant) extract(plan.timestamp(), view, true, consumed, work);
        if (timestamp == null) {
            return null;
        }
        Object sourceId = extract(plan.id(), view, strict, consumed, work);
        Mapped[] fields = plan.fields();
        for (int position = 0; position < fields.length; position++) {
            Object value = extract(fields[position], view, strict, consumed, work);
            if (value != null) {
                builder.field(position, value);
            }
        }
        return new Filled(timestamp, sourceId);
    }

    /** Where a record's values are: its tree, or the slots of a record read without one. */
    private interface View {
        /** The first value the entry's path finds ({@link SourcePath#first}), or null; {@code scratch} is left empty. */
        JsonNode first(Mapped mapped, int entry, List<JsonNode> scratch);

        /** Appends every value the entry's path finds ({@link SourcePath#evaluate}) to {@code out}. */
        void evaluate(Mapped mapped, int entry, List<JsonNode> out);
    }

    private record TreeView(JsonNode record) implements View {
        @Override
        public JsonNode first(Mapped mapped, int entry, List<JsonNode> scratch) {
            return mapped.entries()[entry].path().first(record, scratch);
        }

        @Override
        public void evaluate(Mapped mapped, int entry, List<JsonNode> out) {
            mapped.entries()[entry].path().evaluateInto(record, out);
        }
    }

    private record SlotView(MemberValues values) implements View {
        @Override
        public JsonNode first(Mapped mapped, int entry, List<JsonNode> scratch) {
            return mapped.slots()[entry].first(values, scratch);
        }

        @Override
        public void evaluate(Mapped mapped, int entry, List<JsonNode> out) {
            mapped.slots()[entry].evaluate(values, out);
        }
    }

    /** What the shape tests see for a wrapper's record read into slots: an object. */
    private static final JsonNode WRAPPED = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    /**
     * An Azure Monitor record read into slots, seen as {@link AzureMonitorRecords#unwrap} makes it: the
     * inner record, its tenant and time member taken from the envelope when it has none, and the rest
     * of the envelope under {@code azureMonitor}.
     */
    private record UnwrappedView(MemberValues inner, MemberValues envelope, String timeMember) implements View {
        @Override
        public JsonNode first(Mapped mapped, int entry, List<JsonNode> scratch) {
            return mapped.slots()[entry].first(inner, envelope, timeMember, scratch);
        }

        @Override
        public void evaluate(Mapped mapped, int entry, List<JsonNode> out) {
            SlotPath slot = mapped.slots()[entry];
            if (slot.at == null) {
                slot.evaluate(inner, out);
                return;
            }
            JsonNode node = slot.first(inner, envelope, timeMember, out);
            if (node != null) {
                out.add(node);
            }
        }
    }

    /**
     * Where a record read into slots holds the values of one of the catalog's paths: a path of members
     * in a slot (its literal dotted key first, as {@link SourcePath#first} reads it); a path into arrays
     * or a constant evaluated by the path itself on the members read as a tree.
     */
    private static final class SlotPath {
        private final SourcePath path;
        private final MemberTree.Locator literal;
        private final MemberTree.Locator at;

        /** A path of members: its first member, where the envelope of an unwrapped record holds its value, and the place of the member whose absence sends it there. */
        private final String firstMember;
        private final MemberTree.Locator inEnvelope;
        private final int lackedPlace;

        private SlotPath(SourcePath path, MemberTree.Locator literal, MemberTree.Locator at, MemberTree members) {
            this.path = path;
            this.literal = literal;
            this.at = at;
            List<String> names = path.memberNames();
            this.firstMember = names == null ? null : names.get(0);
            if (names == null) {
                inEnvelope = null;
                lackedPlace = -1;
            } else if (firstMember.equals(AzureMonitorRecords.ENVELOPE)) {
                inEnvelope = members.locate(names.subList(1, names.size()));
                lackedPlace = -1;
            } else {
                List<String> outer = new ArrayList<>(names);
                if (!firstMember.equals(AzureMonitorRecords.TENANT)) {
                    outer.set(0, AzureMonitorRecords.TIME); // used only where the first member is the kind's time member
                }
                inEnvelope = members.locate(outer);
                lackedPlace = members.place(firstMember);
            }
        }

        static SlotPath of(SourcePath path, MemberTree members) {
            List<String> names = path.memberNames();
            if (names == null) {
                return new SlotPath(path, null, null, members);
            }
            MemberTree.Locator literal = path.literalKey() == null ? null : members.locate(List.of(path.literalKey()));
            return new SlotPath(path, literal, members.locate(names), members);
        }

        JsonNode first(MemberValues values, List<JsonNode> scratch) {
            if (at == null) {
                return path.first(values.tree(), scratch);
            }
            if (literal != null) {
                JsonNode node = literal.find(values);
                if (node != null && !node.isNull()) {
                    return node;
                }
            }
            JsonNode node = at.find(values);
            return node == null || node.isNull() ? null : node;
        }

        /**
         * The first value in an unwrapped record ({@link UnwrappedView}); a path into arrays cannot start at
         * the members unwrapping fills (see the constructor of the normalizer).
         */
        JsonNode first(MemberValues inner, MemberValues envelope, String timeMember, List<JsonNode> scratch) {
            if (at == null || !(firstMember.equals(AzureMonitorRecords.ENVELOPE) || firstMember.equals(AzureMonitorRecords.TENANT)
                    || firstMember.equals(timeMember))) {
                return first(inner, scratch);
            }
            if (literal != null) {
                JsonNode node = literal.find(inner);
                if (node != null && !node.isNull()) {
                    return node;
                }
            }
            // the inner record holds no azureMonitor member (a linked member inside it sends it to the tree reading)
            boolean fromEnvelope = firstMember.equals(AzureMonitorRecords.ENVELOPE) || !inner.has(lackedPlace);
            JsonNode node = fromEnvelope ? inEnvelope.find(envelope) : at.find(inner);
            return node == null || node.isNull() ? null : node;
        }

        void evaluate(MemberValues values, List<JsonNode> out) {
            if (at == null) {
                path.evaluateInto(values.tree(), out);
                return;
            }
            JsonNode node = first(values, out);
            if (node != null) {
                out.add(node);
            }
        }
    }

    private Object extract(Mapped mapped, View view, boolean strict, Set<String> consumed, Work work) throws FieldError {
        FieldDefinition field = mapped.field();
        SourceEntry[] entries = mapped.entries();
        if (field.multi()) {
            return extractMulti(mapped, view, consumed, work);
        }
        List<JsonNode> scratch = work.nodes();
        Recent[] recent = mapped.recent();
        for (int index = 0; index < entries.length; index++) {
            SourceEntry entry = entries[index];
            JsonNode node = view.first(mapped, index, scratch);
            if (node == null) {
                continue;
            }
            String raw = ValueConverter.text(node);
            Object value;
            if (recent != null) {
                // keyword, text, ip: the value depends on the raw text alone (and converting it cannot fail)
                Recent known = recent[index];
                if (known.skip()) {
                    value = textValue(field, entry, raw, false);
                } else {
                    value = known.get(raw);
                    if (value == null) {
                        long pooled = pool.hits();
                        value = textValue(field, entry, raw, true);
                        known.put(raw, value);
                        known.judge(value == Recent.NOTHING || pool.hits() != pooled);
                    } else {
                        known.judge(true);
                    }
                }
                if (value == Recent.NOTHING) {
                    continue;
                }
            } else {
                String text = entry.translate(raw);
                if (text == null) {
                    continue;
                }
                try {
                    value = ValueConverter.convert(field.type(), text, entry.hasValueTable() ? null : node);
                } catch (ValueConverter.BadValue e) {
                    if (strict) {
                        throw new FieldError("field " + entry.path().text() + " (" + field.name() + "): " + e.getMessage());
                    }
                    continue;
                }
                if (value == null) {
                    continue;
                }
                // ids are unique: sharing them would only fill the pool
                if (value instanceof String string && field != idField) {
                    value = pool.share(string);
                }
            }
            markConsumed(entry.path(), false, consumed);
            return value;
        }
        return null;
    }

    /** A keyword, text or ip field's value of a raw text, shared through the pool if asked; {@link Recent#NOTHING} for none. */
    private Object textValue(FieldDefinition field, SourceEntry entry, String raw, boolean share) {
        String text = entry.translate(raw);
        if (text == null) {
            return Recent.NOTHING;
        }
        Object value;
        try {
            value = ValueConverter.convert(field.type(), text, null);
        } catch (ValueConverter.BadValue e) {
            throw new IllegalStateException("a " + field.type() + " value cannot be wrong", e);
        }
        return value == null ? Recent.NOTHING : share && value instanceof String string ? pool.share(string) : value;
    }

    /** The distinct values of a multi-valued field, in the order found, as an immutable list; null for none. */
    private Object extractMulti(Mapped mapped, View view, Set<String> consumed, Work work) {
        SourceEntry[] entries = mapped.entries();
        Recent[] recent = mapped.recent();
        List<JsonNode> scratch = work.nodes();
        List<String> values = work.texts();
        values.clear();
        Set<String> seen = null; // past a handful of values, a set tells the ones already found
        for (int index = 0; index < entries.length; index++) {
            SourceEntry entry = entries[index];
            int before = values.size();
            scratch.clear();
            view.evaluate(mapped, index, scratch);
            Recent known = recent == null ? null : recent[index];
            for (int i = 0, found = scratch.size(); i < found; i++) {
                String raw = ValueConverter.text(scratch.get(i));
                Object value;
                if (known != null && known.skip()) {
                    String text = entry.translate(raw);
                    value = text == null || text.isEmpty() ? Recent.NOTHING : Redactor.redact(text);
                } else {
                    value = known == null ? null : known.get(raw);
                    if (value == null) {
                        long pooled = pool.hits();
                        String text = entry.translate(raw);
                        value = text == null || text.isEmpty() ? Recent.NOTHING : pool.share(Redactor.redact(text));
                        if (known != null) {
                            known.put(raw, value);
                            known.judge(value == Recent.NOTHING || pool.hits() != pooled);
                        }
                    } else {
                        known.judge(true);
                    }
                }
                if (value == Recent.NOTHING) {
                    continue;
                }
                String text = (String) value;
                if (seen == null && values.size() >= MANY_VALUES) {
                    seen = new HashSet<>(values);
                }
                if (seen != null ? seen.add(text) : !contains(values, text)) {
                    values.add(text);
                }
            }
            scratch.clear();
            markConsumed(entry.path(), values.size() == before, consumed);
        }
        if (values.isEmpty()) {
            return null;
        }
        List<String> list = List.copyOf(values);
        values.clear();
        return list;
    }

    /** Past this many values of a multi-valued field, a set finds the ones already gathered. */
    private static final int MANY_VALUES = 16;

    /** Whether the (few) values gathered hold this one: a scan, cheaper than a set for a handful. */
    private static boolean contains(List<String> values, String value) {
        for (int i = 0, size = values.size(); i < size; i++) {
            String held = values.get(i);
            if (held == value || held.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void markConsumed(SourcePath path, boolean nothingFound, Set<String> consumed) {
        if (consumed != null && !nothingFound && path.isPlainMember()) {
            consumed.add(path.rootMember());
        }
    }

    private static String pathsOf(FieldDefinition field, String rulesKey) {
        SourceRule rule = field.source(rulesKey);
        return rule == null ? "none" : rule.paths().toString();
    }

    /** Content hash id for records without an id of their own: stable across re-reads. */
    static String contentId(SourceKind kind, JsonNode record) {
        return kind.shortName() + "-" + Fingerprints.sha256Hex(record.toString()).substring(0, 40);
    }

    private static String describe(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        return node.isTextual() ? "a string" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** A value of the wrong type in a strict record. */
    private static final class FieldError extends Exception {
        FieldError(String message) {
            super(message, null, false, false);
        }
    }
}
