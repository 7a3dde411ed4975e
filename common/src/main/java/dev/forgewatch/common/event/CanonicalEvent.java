package dev.forgewatch.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized event, whatever its source. Canonical fields are keyed by the names defined in
 * {@code fields.yaml}; their values are {@link String}, {@link Long}, {@link Boolean},
 * {@link Instant} or {@code List<String>}. {@code raw} keeps the source record's remaining
 * top-level fields (already redacted of tokens) so no information is lost; it is a Jackson node
 * for speed and must be treated as read-only.
 */
public final class CanonicalEvent {
    private final String id;
    private final Instant timestamp;
    private final SourceKind kind;
    private final Map<String, Object> fields;
    private final ObjectNode raw;
    private final SourceRef origin;
    /** The raw bag of events built without one (read-only, as every event's bag). */
    private static final ObjectNode EMPTY_RAW = JsonNodeFactory.instance.objectNode();

    private CanonicalEvent(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        this.timestamp = Objects.requireNonNull(builder.timestamp, "timestamp");
        this.kind = Objects.requireNonNull(builder.kind, "kind");
        this.origin = Objects.requireNonNull(builder.origin, "origin");
        this.fields = builder.fieldMap();
        this.raw = builder.raw != null ? builder.raw : EMPTY_RAW;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder whose fields are set by position in a layout (see {@link Builder#field(int, Object)}). */
    public static Builder builder(FieldLayout layout) {
        return new Builder(Objects.requireNonNull(layout, "layout"));
    }

    /** A builder pre-filled with this event, for deriving a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder().id(id).timestamp(timestamp).kind(kind).origin(origin);
        fields.forEach(builder::field);
        builder.raw = raw == EMPTY_RAW ? null : raw.deepCopy();
        return builder;
    }

    public String id() {
        return id;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public SourceKind kind() {
        return kind;
    }

    public SourceRef origin() {
        return origin;
    }

    /** Canonical fields in a stable order. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** Remaining raw fields of the source record (read-only by contract). */
    public JsonNode raw() {
        return raw;
    }

    /** The value of a canonical field; {@code timestamp} and {@code event_id} are always present. */
    public Object get(String field) {
        switch (field) {
            case Fields.TIMESTAMP:
                return timestamp;
            case Fields.EVENT_ID:
                return id;
            default:
                return fields.get(field);
        }
    }

    public String text(String field) {
        Object value = get(field);
        return value == null ? null : value.toString();
    }

    public Long number(String field) {
        Object value = get(field);
        return value instanceof Long ? (Long) value : null;
    }

    public boolean flag(String field) {
        return Boolean.TRUE.equals(get(field));
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String field) {
        Object value = get(field);
        if (value instanceof List) {
            return (List<String>) value;
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    public String operation() {
        return text(Fields.OPERATION);
    }

    public String userId() {
        return text(Fields.USER_ID);
    }

    public String clientIp() {
        return text(Fields.CLIENT_IP);
    }

    /** The mailbox concerned: the mailbox owner where known, else the acting user. */
    public String mailbox() {
        String owner = text(Fields.MAILBOX_OWNER_UPN);
        return owner != null ? owner : userId();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CanonicalEvent)) {
            return false;
        }
        CanonicalEvent that = (CanonicalEvent) other;
        return id.equals(that.id) && timestamp.equals(that.timestamp) && kind == that.kind
                && fields.equals(that.fields) && raw.equals(that.raw) && origin.equals(that.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp, kind, fields);
    }

    @Override
    public String toString() {
        return "CanonicalEvent{" + kind.shortName() + " " + id + " @" + timestamp + " " + fields + "}";
    }

    public static final class Builder {
        private static final int COMPACT_CAPACITY = 32;

        private String id;
        private Instant timestamp;
        private SourceKind kind;
        private SourceRef origin;
        /**
         * Built on a layout: the values at the layout's positions, nulls for absent fields, and how many are
         * present; null once the builder holds its fields compactly instead.
         */
        private FieldLayout layout;
        // Compact: parallel arrays in insertion order; a few dozen fields make a linear scan cheaper than hashing.
        private String[] keys;
        private Object[] values;
        private int size;
        /** The values array went to an event built from this builder: copy it before changing it. */
        private boolean valuesShared;
        /** Null until set: an event without one gets the shared empty bag. */
        private ObjectNode raw;

        private Builder() {
            this.keys = new String[COMPACT_CAPACITY];
            this.values = new Object[COMPACT_CAPACITY];
        }

        private Builder(FieldLayout layout) {
            this.layout = layout;
            this.values = new Object[layout.size()];
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder kind(SourceKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder origin(SourceRef origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Sets the field at a position of the builder's layout ({@link CanonicalEvent#builder(FieldLayout)}):
         * the same as {@code field(layout.name(position), value)}, without looking the name up.
         */
        public Builder field(int position, Object value) {
            if (layout == null) {
                throw new IllegalStateException("not a builder of a field layout");
            }
            setAt(position, value);
            return this;
        }

        /** Sets a canonical field; a null value removes it. Lists are copied. */
        public Builder field(String name, Object value) {
            if (layout != null) {
                int position = layout.position(name);
                if (position >= 0) {
                    setAt(position, value);
                    return this;
                }
                if (value == null) {
                    return this;
                }
                compact(); // a field the layout does not have
            }
            if (valuesShared) {
                keys = keys.clone();
                values = values.clone();
                valuesShared = false;
            }
            int index = FieldMap.indexOf(keys, size, name);
            if (value == null) {
                if (index >= 0) {
                    System.arraycopy(keys, index + 1, keys, index, size - index - 1);
                    System.arraycopy(values, index + 1, values, index, size - index - 1);
                    size--;
                    values[size] = null;
                }
                return this;
            }
            Object stored = value instanceof List ? List.copyOf((List<?>) value) : value;
            if (index >= 0) {
                values[index] = stored;
            } else {
                if (size == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, size * 2);
                    values = java.util.Arrays.copyOf(values, size * 2);
                }
                keys[size] = name;
                values[size] = stored;
                size++;
            }
            return this;
        }

        private void setAt(int position, Object value) {
            if (valuesShared) {
                values = values.clone();
                valuesShared = false;
            }
            Object previous = values[position];
            Object stored = value instanceof List ? List.copyOf((List<?>) value) : value;
            values[position] = stored;
            size += (stored != null ? 1 : 0) - (previous != null ? 1 : 0);
        }

        /** From a layout's places to the compact arrays, in the same order. */
        private void compact() {
            String[] names = layout.names();
            String[] compactKeys = new String[Math.max(COMPACT_CAPACITY, names.length + 1)];
            Object[] compactValues = new Object[compactKeys.length];
            int count = 0;
            for (int i = 0; i < names.length; i++) {
                if (values[i] != null) {
                    compactKeys[count] = names[i];
                    compactValues[count] = values[i];
                    count++;
                }
            }
            layout = null;
            keys = compactKeys;
            values = compactValues;
            size = count;
            valuesShared = false;
        }

        public Builder raw(String name, JsonNode value) {
            if (raw == null) {
                raw = JsonNodeFactory.instance.objectNode();
            }
            raw.set(name, value);
            return this;
        }

        /** Replaces the raw bag; the node is owned by the event from now on. */
        public Builder raw(ObjectNode values) {
            this.raw = Objects.requireNonNull(values, "raw");
            return this;
        }

        public CanonicalEvent build() {
            return new CanonicalEvent(this);
        }

        /** The fields for an event: a layout's values array is handed over (and copied if changed later). */
        private FieldMap fieldMap() {
            if (layout == null) {
                return new FieldMap(keys, values, size);
            }
            valuesShared = true;
            return new FieldMap(layout, values, size);
        }
    }
}
