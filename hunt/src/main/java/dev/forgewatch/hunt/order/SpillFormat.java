package dev.forgewatch.hunt.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceKind;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sort's spill files: canonical events in a compact binary form, written and read by the same
 * run, so nothing but this class ever sees it. Field names and origin files are written once per
 * file and referred to by number afterwards; values keep their Java type (text, whole number,
 * flag, instant, list of text); the raw bag, when there is one, is embedded as JSON.
 */
final class SpillFormat {
    private static final byte TEXT = 1;
    private static final byte LONG = 2;
    private static final byte FLAG = 3;
    private static final byte INSTANT = 4;
    private static final byte LIST = 5;
    private static final SourceKind[] KINDS = SourceKind.values();

    private SpillFormat() {
    }

    /** Writes events to one spill file. */
    static final class Writer {
        private final DataOutputStream out;
        private final Map<String, Integer> names = new HashMap<>();
        private final Map<String, Integer> files = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void write(CanonicalEvent event) throws IOException {
            text(event.id());
            out.writeLong(event.timestamp().getEpochSecond());
            out.writeInt(event.timestamp().getNano());
            out.writeByte(event.kind().ordinal());
            reference(files, event.origin().file());
            out.writeLong(event.origin().line());
            Map<String, Object> fields = event.fields();
            out.writeShort(fields.size());
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                reference(names, field.getKey());
                value(field.getKey(), field.getValue());
            }
            JsonNode raw = event.raw();
            if (raw == null || raw.isEmpty()) {
                out.writeInt(0);
            } else {
                byte[] json = Json.MAPPER.writeValueAsBytes(raw);
                out.writeInt(json.length);
                out.write(json);
            }
        }

        private void value(String name, Object value) throws IOException {
            if (value instanceof String text) {
                out.writeByte(TEXT);
                text(text);
            } else if (value instanceof Long number) {
                out.writeByte(LONG);
                out.writeLong(number);
            } else if (value instanceof Boolean flag) {
                out.writeByte(FLAG);
                out.writeBoolean(flag);
            } else if (value instanceof Instant instant) {
                out.writeByte(INSTANT);
                out.writeLong(instant.getEpochSecond());
                out.writeInt(instant.getNano());
            } else if (value instanceof List<?> list) {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object item : list) {
                    text(item.toString());
                }
            } else {
                throw new IllegalArgumentException("field '" + name + "' has a value of unsupported type "
                        + value.getClass().getSimpleName());
            }
        }

        /** A repeated string: its number, and the string itself the first time. */
        private void reference(Map<String, Integer> table, String value) throws IOException {
            Integer known = table.get(value);
            if (known != null) {
                out.writeInt(known);
                return;
            }
            out.writeInt(table.size());
            table.put(value, table.size());
            text(value);
        }

        private void text(String value) throws IOException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    /** Reads back what one {@link Writer} wrote. */
    static final class Reader {
        private final DataInputStream in;
        private final List<String> names = new ArrayList<>();
        private final List<String> files = new ArrayList<>();

        Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next event, or null at the end of the file. */
        CanonicalEvent read() throws IOException {
            String id;
            try {
                id = text();
            } catch (EOFException end) {
                return null;
            }
            CanonicalEvent.Builder builder = CanonicalEvent.builder().id(id)
                    .timestamp(Instant.ofEpochSecond(in.readLong(), in.readInt()))
                    .kind(KINDS[in.readUnsignedByte()]);
            String file = reference(files, false);
            builder.origin(new SourceRef(file, in.readLong()));
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                String name = reference(names, true);
                builder.field(name, value());
            }
            int rawLength = in.readInt();
            if (rawLength > 0) {
                byte[] json = new byte[rawLength];
                in.readFully(json);
                builder.raw((ObjectNode) Json.MAPPER.readTree(json));
            }
            return builder.build();
        }

        private Object value() throws IOException {
            byte tag = in.readByte();
            switch (tag) {
                case TEXT:
                    return text();
                case LONG:
                    return in.readLong();
                case FLAG:
                    return in.readBoolean();
                case INSTANT:
                    return Instant.ofEpochSecond(in.readLong(), in.readInt());
                case LIST: {
                    int size = in.readInt();
                    List<String> items = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        items.add(text());
                    }
                    return items;
                }
                default:
                    throw new IOException("corrupt sort spill file: unknown value tag " + tag);
            }
        }

        /**
         * A repeated string. Field names are interned like the catalog's, so that events read back
         * find their fields by identity, as freshly normalized ones do.
         */
        private String reference(List<String> table, boolean intern) throws IOException {
            int index = in.readInt();
            if (index == table.size()) {
                table.add(intern ? text().intern() : text());
            } else if (index < 0 || index > table.size()) {
                throw new IOException("corrupt sort spill file: string reference " + index + " of " + table.size());
            }
            return table.get(index);
        }

        private String text() throws IOException {
            int length = in.readInt();
            if (length < 0) {
                throw new IOException("corrupt sort spill file: negative length");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
