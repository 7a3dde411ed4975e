package dev.forgewatch.samples.out;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.sim.Activity;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;

/**
 * A JSON document holding one array of records, one record a line: a bare array (Management
 * Activity API content blob) or an envelope around it (Graph {@code value}, Azure Monitor
 * {@code records}).
 */
public final class JsonArrayWriter implements RecordWriter {
    public static final String CONTENT_BLOB_HEAD = "[\n";
    public static final String CONTENT_BLOB_TAIL = "\n]\n";
    public static final String GRAPH_SIGNINS_HEAD =
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\",\"value\":[\n";
    public static final String MONITOR_HEAD = "{\"records\":[\n";
    public static final String ENVELOPE_TAIL = "\n]}\n";

    private final Writer out;
    private final String tail;
    private final Function<Activity, JsonNode> render;
    private boolean first = true;

    public JsonArrayWriter(Writer out, String head, String tail, Function<Activity, JsonNode> render) throws IOException {
        this.out = out;
        this.tail = tail;
        this.render = render;
        out.write(head);
    }

    @Override
    public void write(Activity activity) throws IOException {
        if (!first) {
            out.write(",\n");
        }
        first = false;
        out.write(Json.MAPPER.writeValueAsString(render.apply(activity)));
    }

    @Override
    public void close() throws IOException {
        out.write(tail);
        out.close();
    }
}
