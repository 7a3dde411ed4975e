package dev.forgewatch.samples.out;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.samples.sim.Activity;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Function;

/** One JSON record a line. */
public final class NdjsonWriter implements RecordWriter {
    private final Writer out;
    private final Function<Activity, JsonNode> render;

    public NdjsonWriter(Writer out, Function<Activity, JsonNode> render) {
        this.out = out;
        this.render = render;
    }

    @Override
    public void write(Activity activity) throws IOException {
        out.write(Json.MAPPER.writeValueAsString(render.apply(activity)));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
