package dev.forgewatch.hunt.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.FieldLayout;
import dev.forgewatch.common.event.Fields;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The sort's spill files: canonical events in a compact binary form, written and read by the same
 * run, so nothing but this class ever sees it. Numbers are variable-length (LEB128, signed ones
 * zigzag); field names and origin files are written once per file and referred to by number
 * afterwards; values keep their Java type (text, whole number, flag, instant, list of text).
 *
 * <p>Text values repeat heavily (mailboxes, operations, workloads, app ids, client strings,
 * addresses), so each field has a table of its own: a value seen before in that field is written as
 * its number, and read back as the very same string (no decoding, no copy). Tables are bounded: a
 * value longer than {@value #MAX_SHARED_LENGTH} characters is never entered, a field whose values
 * do not repeat (ids) stops entering new ones once it holds {@value #FIELD_PROBE} of them with fewer
 * reuses than entries, and a file enters at most {@value #MAX_SHARED} in all, so the memory of a
 * reader stays small whatever the input. The raw bag, when there is one, is embedded as JSON.
 *
 * <p>The writer's tables ({@link StringTable}) compare by identity before equality: the normalizer
 * pools repeated values, so a repeat is nearly always the very string entered. The reader builds
 * each event on a {@link FieldLayout} of its field names, one for each shape of event it meets, so
 * the fields are set by place, not looked up by name one after the other.
 */
final class SpillFormat {
    private static final int TEXT = 1;
    private static final int LONG = 2;
    private static final int FLAG = 3;
    private static final int INSTANT = 4;
    private static final int LIST = 5;
    /** String codes: a literal not kept, a literal kept in the field's table, else table entry (code - 2). */
    private static final int LITERAL = 0;
    private static final int LITERAL_KEPT = 1;
    private static final int FIRST_ENTRY = 2;

    static final int MAX_SHARED_LENGTH = 256;
    static final int FIELD_PROBE = 1024;
    static final int MAX_SHARED = 1 << 16;
    /** Field layouts a reader keeps, one for each shape of event it met. */
    static final int MAX_SHAPES = 4096;

    private static final int BUFFER = 1 << 16;
    private static final SourceKind[] KINDS = SourceKind.values();

    private SpillFormat() {
    }

    /** Writes events to one spill file; {@link #close()} flushes and closes the stream. */
    static final class Writer implements AutoCloseable, BiConsumer<String, Object> {
        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER];
        private int position;
        private final StringTable names = new StringTable();
        private final StringTable files = new StringTable();
        private final List<FieldTable> tables = new ArrayList<>();
        /** The field name last seen at each place of an event, and its table. */
        private final String[] recentNames = new String[64];
        private final FieldTable[] recentTables = new FieldTable[64];
        private int shared;
        /** The place in its event of the field {@link #accept} writes next. */
        private int place;

        Writer(OutputStream out) {
            this.out = out;
        }

        /** An event preceded by a number of the caller's (the sort's tie-breaker for stragglers). */
        void write(CanonicalEvent event, long tag) throws IOException {
            unsigned(tag);
            write(event);
        }

        void write(CanonicalEvent event) throws IOException {
            literal(event.id());
            signed(event.timestamp().getEpochSecond());
            unsigned(event.timestamp().getNano());
            unsigned(event.kind().ordinal());
            reference(files, event.origin().file());
            signed(event.origin().line());
            Map<String, Object> fields = event.fields();
            unsigned(fields.size());
            place = 0;
            try {
                fields.forEach(this); // no entry object a field, as an entry set's iterator makes
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            JsonNode raw = event.raw();
            if (raw == null || raw.isEmpty()) {
                unsigned(0);
            } else {
                byte[] json = Json.MAPPER.writeValueAsBytes(raw);
                unsigned(json.length);
                bytes(json, json.length);
            }
        }

        /** One field of the event being written, at {@link #place}: its name's number, then its value. */
        @Override
        public void accept(String key, Object value) {
            try {
                FieldTable table;
                if (place < recentNames.length && recentNames[place] == key) {
                    // events of one shape list the same (interned) names in the same places
                    table = recentTables[place];
                    unsigned(table.number);
                } else {
                    int name = reference(names, key);
                    if (name == tables.size()) {
                        tables.add(new FieldTable(name));
                    }
                    table = tables.get(name);
                    if (place < recentNames.length) {
                        recentNames[place] = key;
                        recentTables[place] = table;
                    }
                }
                value(key, table, value);
                place++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void value(String name, FieldTable table, Object value) throws IOException {
            if (value instanceof String text) {
                unsigned(TEXT);
                shared(table, text);
            } else if (value instanceof Long number) {
                unsigned(LONG);
                signed(number);
            } else if (value instanceof Boolean flag) {
                unsigned(FLAG);
                unsigned(flag ? 1 : 0);
            } else if (value instanceof Instant instant) {
                unsigned(INSTANT);
                signed(instant.getEpochSecond());
                unsigned(instant.getNano());
            } else if (value instanceof List<?> list) {
                unsigned(LIST);
                unsigned(list.size());
                for (Object item : list) {
                    shared(table, item.toString());
                }
            } else {
                throw new IllegalArgumentException("field '" + name + "' has a value of unsupported type "
                        + value.getClass().getSimpleName());
            }
        }

        /** A field's text value: its number in the field's table, or the text (entered when the table takes it). */
        private void shared(FieldTable table, String text) throws IOException {
            if (text == table.lastText) {
                // the same (pooled) string as the field's last shared value: no lookup
                table.reuses++;
                unsigned(FIRST_ENTRY + table.lastEntry);
                return;
            }
            int known = table.entries.find(text);
            if (known >= 0) {
                table.reuses++;
                table.lastText = text;
                table.lastEntry = known;
                unsigned(FIRST_ENTRY + known);
                return;
            }
            if (text.length() <= MAX_SHARED_LENGTH && shared < MAX_SHARED && table.open()) {
                table.lastText = text;
                table.lastEntry = table.entries.add(text);
                shared++;
                unsigned(LITERAL_KEPT);
            } else {
                unsigned(LITERAL);
            }
            literal(text);
        }

        /** A repeated string: its number, and the string itself the first time. Returns the number. */
        private int reference(StringTable table, String value) throws IOException {
            int known = table.find(value);
            if (known >= 0) {
                unsigned(known);
                return known;
            }
            int index = table.add(value);
            unsigned(index);
            literal(value);
            return index;
        }

        private void literal(String value) throws IOException {
            int length = value.length();
            if (length <= BUFFER / 4) {
                // ASCII text is its own UTF-8: copy the chars, and fall back to the encoder on the first other one
                if (buffer.length - position < length + 10) {
                    flush();
                }
                int start = position;
                unsigned(length);
                int at = position;
                for (int i = 0; i < length; i++) {
                    char c = value.charAt(i);
                    if (c >= 0x80) {
                        at = -1;
                        break;
                    }
                    buffer[at++] = (byte) c;
                }
                if (at >= 0) {
                    position = at;
                    return;
                }
                position = start;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            unsigned(bytes.length);
            bytes(bytes, bytes.length);
        }

        private void bytes(byte[] bytes, int length) throws IOException {
            if (length > buffer.length - position) {
                flush();
                if (length > buffer.length) {
                    out.write(bytes, 0, length);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, position, length);
            position += length;
        }

        private void signed(long value) throws IOException {
            unsigned((value << 1) ^ (value >> 63));
        }

        private void unsigned(long value) throws IOException {
            if (buffer.length - position < 10) {
                flush();
            }
            while ((value & ~0x7FL) != 0) {
                buffer[position++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[position++] = (byte) value;
        }

        private void flush() throws IOException {
            out.write(buffer, 0, position);
            position = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                out.close();
            }
        }
    }

    /**
     * Strings numbered in the order they were added: an open-addressing table of the strings, their
     * hash codes and numbers. Repeated values are mostly the very same (pooled) string, so a slot is
     * compared by identity first, and by its hash code and text only when that fails. Half full at most.
     */
    static final class StringTable {
        private String[] keys = new String[64];
        private int[] hashes = new int[64];
        private int[] numbers = new int[64];
        private int size;

        /** The number of a string added before, or -1. */
        int find(String text) {
            int hash = text.hashCode();
            int mask = keys.length - 1;
            for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
                String key = keys[slot];
                if (key == text) {
                    return numbers[slot];
                }
                if (key == null) {
                    return -1;
                }
                if (hashes[slot] == hash && key.equals(text)) {
                    return numbers[slot];
                }
            }
        }

        /** Adds a string not in the table; returns its number (how many were added before it). */
        int add(String text) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int number = size++;
            place(text, text.hashCode(), number);
            return number;
        }

        int size() {
            return size;
        }

        private void place(String text, int hash, int number) {
            int mask = keys.length - 1;
            int slot = spread(hash) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = text;
            hashes[slot] = hash;
            numbers[slot] = number;
        }

        private void grow() {
            String[] oldKeys = keys;
            int[] oldHashes = hashes;
            int[] oldNumbers = numbers;
            keys = new String[oldKeys.length * 2];
            hashes = new int[keys.length];
            numbers = new int[keys.length];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    place(oldKeys[i], oldHashes[i], oldNumbers[i]);
                }
            }
        }

        private static int spread(int hash) {
            int mixed = hash * 0x9E3779B9;
            return mixed ^ (mixed >>> 16);
        }
    }

    /** One field's shared values, on the writing side, and the one it wrote last. */
    private static final class FieldTable {
        final int number;
        final StringTable entries = new StringTable();
        int reuses;
        String lastText;
        int lastEntry;

        FieldTable(int number) {
            this.number = number;
        }

        /** Takes new values until it is clear that this field's values do not repeat. */
        boolean open() {
            return entries.size() < FIELD_PROBE || reuses >= entries.size();
        }
    }

    /** Reads back what one {@link Writer} wrote; {@link #close()} closes the stream. */
    static final class Reader implements AutoCloseable, Function<String, Object> {
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int position;
        private int limit;
        private final List<String> names = new ArrayList<>();
        private final List<String> files = new ArrayList<>();
        private final List<List<String>> tables = new ArrayList<>();
        /** The event being read: its fields' name numbers and values, in order. */
        private int[] fieldNumbers = new int[32];
        private Object[] fieldValues = new Object[32];
        private int fieldCount;
        private final Shapes shapes = new Shapes();
        /** The id and time of the event a test looks at. */
        private String viewId;
        private Instant viewTime;

        Reader(InputStream in) {
            this.in = in;
        }

        private long tag;

        /** The next event written with its {@link Writer#write(CanonicalEvent, long) tag}, or null at the end of the file. */
        CanonicalEvent readTagged() throws IOException {
            return readTagged(null);
        }

        /** As {@link #readTagged()}, of the events {@code wanted} accepts (see {@link #read(Predicate)}). */
        CanonicalEvent readTagged(Predicate<Function<String, Object>> wanted) throws IOException {
            while (true) {
                if (position == limit && !fill()) {
                    return null;
                }
                tag = unsigned();
                CanonicalEvent event = next(wanted);
                if (event != null) {
                    return event;
                }
            }
        }

        /** The tag of the event {@link #readTagged()} read last. */
        long tag() {
            return tag;
        }

        /** The next event, or null at the end of the file. */
        CanonicalEvent read() throws IOException {
            return read(null);
        }

        /**
         * The next event {@code wanted} accepts, or null at the end of the file: the test sees each
         * event's fields by name (as {@link CanonicalEvent#get}) before the event is built, and the
         * events it turns down are read past without being built. Null accepts every event.
         */
        CanonicalEvent read(Predicate<Function<String, Object>> wanted) throws IOException {
            while (true) {
                if (position == limit && !fill()) {
                    return null;
                }
                CanonicalEvent event = next(wanted);
                if (event != null) {
                    return event;
                }
            }
        }

        /** The event at the position, when {@code wanted} (null: any) accepts it; else null. */
        private CanonicalEvent next(Predicate<Function<String, Object>> wanted) throws IOException {
            String id = literal();
            long seconds = signed();
            Instant timestamp = Instant.ofEpochSecond(seconds, unsigned());
            int kind = (int) unsigned();
            if (kind >= KINDS.length) {
                throw new IOException("corrupt sort spill file: unknown kind " + kind);
            }
            String file = reference(files, false);
            SourceRef origin = new SourceRef(file, signed());
            int count = count();
            if (count > fieldNumbers.length) {
                fieldNumbers = new int[Math.max(count, 2 * fieldNumbers.length)];
                fieldValues = new Object[fieldNumbers.length];
            }
            for (int i = 0; i < count; i++) {
                reference(names, true);
                int index = lastReference;
                if (index == tables.size()) {
                    tables.add(new ArrayList<>());
                }
                fieldNumbers[i] = index;
                fieldValues[i] = value(tables.get(index));
            }
            fieldCount = count;
            if (wanted != null) {
                viewId = id;
                viewTime = timestamp;
                boolean accepted = wanted.test(this);
                viewId = null;
                viewTime = null;
                if (!accepted) {
                    Arrays.fill(fieldValues, 0, count, null);
                    skip(count());
                    return null;
                }
            }
            // the event's field names, in order, as a layout shared with the other events of its shape: set by place, not looked up
            FieldLayout layout = shapes.layout(fieldNumbers, count, names);
            CanonicalEvent.Builder builder = layout != null ? CanonicalEvent.builder(layout) : CanonicalEvent.builder();
            builder.id(id).timestamp(timestamp).kind(KINDS[kind]).origin(origin);
            for (int i = 0; i < count; i++) {
                if (layout != null) {
                    builder.field(i, fieldValues[i]);
                } else {
                    builder.field(names.get(fieldNumbers[i]), fieldValues[i]);
                }
                fieldValues[i] = null;
            }
            int rawLength = count();
            if (rawLength > 0) {
                byte[] json = new byte[rawLength];
                readFully(json, rawLength);
                builder.raw((ObjectNode) Json.MAPPER.readTree(json));
            }
            return builder.build();
        }

        /** The view of an event's fields a {@link #read(Predicate) test} is given: a field of the event being read, by name. */
        @Override
        public Object apply(String name) {
            if (Fields.TIMESTAMP.equals(name)) {
                return viewTime;
            }
            if (Fields.EVENT_ID.equals(name)) {
                return viewId;
            }
            for (int i = 0; i < fieldCount; i++) {
                if (names.get(fieldNumbers[i]) == name) {
                    return fieldValues[i];
                }
            }
            for (int i = 0; i < fieldCount; i++) {
                if (names.get(fieldNumbers[i]).equals(name)) {
                    return fieldValues[i];
                }
            }
            return null;
        }

        private Object value(List<String> table) throws IOException {
            int tag = (int) unsigned();
            switch (tag) {
                case TEXT:
                    return shared(table);
                case LONG:
                    return signed();
                case FLAG:
                    return unsigned() != 0;
                case INSTANT: {
                    long seconds = signed();
                    return Instant.ofEpochSecond(seconds, unsigned());
                }
                case LIST: {
                    int size = count();
                    String[] items = new String[size];
                    for (int i = 0; i < size; i++) {
                        items[i] = shared(table);
                    }
                    return List.of(items); // immutable already: the builder keeps it as it is
                }
                default:
                    throw new IOException("corrupt sort spill file: unknown value tag " + tag);
            }
        }

        private String shared(List<String> table) throws IOException {
            long code = unsigned();
            if (code == LITERAL) {
                return literal();
            }
            if (code == LITERAL_KEPT) {
                String text = literal();
                table.add(text);
                return text;
            }
            long entry = code - FIRST_ENTRY;
            if (entry >= table.size()) {
                throw new IOException("corrupt sort spill file: value reference " + entry + " of " + table.size());
            }
            return table.get((int) entry);
        }

        private int lastReference;

        /**
         * A repeated string. Field names are interned like the catalog's, so that events read back
         * find their fields by identity, as freshly normalized ones do.
         */
        private String reference(List<String> table, boolean intern) throws IOException {
            long index = unsigned();
            if (index == table.size()) {
                table.add(intern ? literal().intern() : literal());
            } else if (index > table.size()) {
                throw new IOException("corrupt sort spill file: string reference " + index + " of " + table.size());
            }
            lastReference = (int) index;
            return table.get((int) index);
        }

        private String literal() throws IOException {
            int length = count();
            if (limit - position >= length) {
                String text = new String(buffer, position, length, StandardCharsets.UTF_8);
                position += length;
                return text;
            }
            byte[] bytes = new byte[length];
            readFully(bytes, length);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private int count() throws IOException {
            long value = unsigned();
            if (value > Integer.MAX_VALUE) {
                throw new IOException("corrupt sort spill file: length " + value);
            }
            return (int) value;
        }

        private long signed() throws IOException {
            long value = unsigned();
            return (value >>> 1) ^ -(value & 1);
        }

        private long unsigned() throws IOException {
            if (limit - position >= 10) {
                // the longest number is in the buffer: no end check a byte
                byte b = buffer[position++];
                if (b >= 0) {
                    return b;
                }
                long value = b & 0x7F;
                for (int shift = 7; shift < 64; shift += 7) {
                    b = buffer[position++];
                    value |= (long) (b & 0x7F) << shift;
                    if (b >= 0) {
                        return value;
                    }
                }
                throw new IOException("corrupt sort spill file: number too long");
            }
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position == limit && !fill()) {
                    throw new EOFException("corrupt sort spill file: ends inside an event");
                }
                byte b = buffer[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IOException("corrupt sort spill file: number too long");
        }

        /** Reads past so many bytes. */
        private void skip(int length) throws IOException {
            int left = length;
            while (left > 0) {
                if (position == limit && !fill()) {
                    throw new EOFException("corrupt sort spill file: ends inside an event");
                }
                int n = Math.min(left, limit - position);
                position += n;
                left -= n;
            }
        }

        private void readFully(byte[] target, int length) throws IOException {
            int done = 0;
            while (done < length) {
                if (position == limit && !fill()) {
                    throw new EOFException("corrupt sort spill file: ends inside an event");
                }
                int n = Math.min(length - done, limit - position);
                System.arraycopy(buffer, position, target, done, n);
                position += n;
                done += n;
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                position = limit = 0;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The field layouts of the events a reader has read, one a shape (the numbers of an event's field
     * names, in order): events read back share their names as freshly normalized ones share their
     * kind's, and their fields are set by place instead of looked up by name. At most
     * {@value #MAX_SHAPES}; an event of a shape beyond them is built by name.
     */
    private static final class Shapes {
        private final Map<Shape, Shape> known = new HashMap<>();
        private final Shape probe = new Shape(null, 0, null);
        private Shape last;

        FieldLayout layout(int[] numbers, int count, List<String> names) throws IOException {
            if (last != null && last.holds(numbers, count)) {
                return last.layout; // the usual case: the shape of the event before
            }
            probe.numbers = numbers;
            probe.count = count;
            probe.hash = Shape.hash(numbers, count);
            Shape shape = known.get(probe);
            if (shape == null) {
                if (known.size() >= MAX_SHAPES) {
                    return null;
                }
                String[] fieldNames = new String[count];
                for (int i = 0; i < count; i++) {
                    fieldNames[i] = names.get(numbers[i]);
                }
                FieldLayout layout;
                try {
                    layout = new FieldLayout(Arrays.asList(fieldNames));
                } catch (IllegalArgumentException e) {
                    throw new IOException("corrupt sort spill file: " + e.getMessage(), e);
                }
                shape = new Shape(Arrays.copyOf(numbers, count), count, layout);
                known.put(shape, shape);
            }
            last = shape;
            return shape.layout;
        }
    }

    /** The numbers of an event's field names, in order, and the layout of them. */
    private static final class Shape {
        int[] numbers;
        int count;
        int hash;
        final FieldLayout layout;

        Shape(int[] numbers, int count, FieldLayout layout) {
            this.numbers = numbers;
            this.count = count;
            this.hash = numbers == null ? 0 : hash(numbers, count);
            this.layout = layout;
        }

        static int hash(int[] numbers, int count) {
            int hash = count;
            for (int i = 0; i < count; i++) {
                hash = 31 * hash + numbers[i];
            }
            return hash;
        }

        boolean holds(int[] other, int otherCount) {
            return count == otherCount && Arrays.equals(numbers, 0, count, other, 0, otherCount);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Shape shape && shape.holds(numbers, count);
        }
    }
}
