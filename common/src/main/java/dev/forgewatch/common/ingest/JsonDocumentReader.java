package dev.forgewatch.common.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.secret.Redactor;
import java.io.IOException;
import java.io.Reader;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Streams records out of JSON documents without loading them whole: a top-level array of records
 * (Management Activity API content blobs), an envelope whose {@code value} (Microsoft Graph) or
 * {@code records} (Azure Monitor export) array holds them, a single record object, or several
 * such documents one after another. A syntax error ends the file: the parser cannot find the next
 * record boundary reliably, so the rest is reported as one quarantine record.
 */
final class JsonDocumentReader implements RecordReader {
    private static final Set<String> ENVELOPE_ARRAYS = Set.of("value", "records");

    private final Reader reader;
    private final JsonParser parser;
    private final String file;
    private final LongSupplier bytesRead;
    private boolean inArray;
    private boolean finished;

    JsonDocumentReader(Reader reader, String file, LongSupplier bytesRead) throws IOException {
        this.reader = reader;
        this.parser = Json.MAPPER.createParser(reader);
        this.file = file;
        this.bytesRead = bytesRead;
    }

    @Override
    public RawRecord next() throws IOException {
        while (!finished) {
            long line = parser.currentLocation().getLineNr();
            try {
                RawRecord record = advance();
                if (record != null) {
                    return record;
                }
            } catch (StreamConstraintsException e) {
                finished = true;
                return new RawRecord.Malformed("JSON exceeds a safety limit (" + Redactor.redact(e.getOriginalMessage())
                        + "); the rest of the file is not read", new SourceRef(file, line), "");
            } catch (JsonProcessingException e) {
                finished = true;
                long at = e.getLocation() != null ? e.getLocation().getLineNr() : line;
                return new RawRecord.Malformed("malformed JSON: " + Redactor.redact(e.getOriginalMessage())
                        + "; the rest of the file after this point is not read", new SourceRef(file, Math.max(at, 1)), "");
            }
        }
        return null;
    }

    /** One step: a record, or null when the step consumed structure only. */
    private RawRecord advance() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            if (inArray) {
                throw new EndOfInput(parser);
            }
            finished = true;
            return null;
        }
        if (inArray) {
            if (token == JsonToken.END_ARRAY) {
                inArray = false;
                return null;
            }
            return element(token);
        }
        switch (token) {
            case START_ARRAY:
                inArray = true;
                return null;
            case START_OBJECT:
                return rootObject();
            case END_OBJECT:
                return null; // the end of an envelope whose array we streamed
            case FIELD_NAME:
                return skipEnvelopeMember();
            default:
                return new RawRecord.Malformed("expected JSON records, found a top-level " + token.asString(),
                        new SourceRef(file, parser.currentTokenLocation().getLineNr()), "");
        }
    }

    private RawRecord element(JsonToken token) throws IOException {
        long line = parser.currentTokenLocation().getLineNr();
        JsonNode node = Json.MAPPER.readTree(parser);
        if (token != JsonToken.START_OBJECT) {
            return new RawRecord.Malformed("array element is not a JSON object", new SourceRef(file, line),
                    Excerpts.of(node.toString()));
        }
        return new RawRecord.Json(node, new SourceRef(file, line));
    }

    /**
     * A top-level object is either a record, read whole, or an envelope, whose record array is then
     * streamed. Members before the array are kept in {@code pending}; if no record array turns up,
     * the object was a record.
     */
    private RawRecord rootObject() throws IOException {
        long line = parser.currentTokenLocation().getLineNr();
        ObjectNode pending = JsonNodeFactory.instance.objectNode();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if (ENVELOPE_ARRAYS.contains(name) && valueToken == JsonToken.START_ARRAY) {
                inArray = true;
                return null;
            }
            pending.set(name, Json.MAPPER.readTree(parser));
        }
        if (token == null) {
            throw new EndOfInput(parser);
        }
        return new RawRecord.Json(pending, new SourceRef(file, line));
    }

    /** Members after an envelope's record array (e.g. {@code @odata.nextLink}) are skipped. */
    private RawRecord skipEnvelopeMember() throws IOException {
        parser.nextToken();
        parser.skipChildren();
        return null;
    }

    @Override
    public long bytesRead() {
        return bytesRead.getAsLong();
    }

    @Override
    public void close() throws IOException {
        parser.close();
        reader.close();
    }

    /** The file ended inside a JSON value: it was truncated. */
    private static final class EndOfInput extends JsonProcessingException {
        EndOfInput(JsonParser parser) {
            super("unexpected end of file inside a JSON value (truncated file?)", parser.currentLocation());
        }
    }
}
