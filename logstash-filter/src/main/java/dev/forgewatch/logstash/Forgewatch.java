package dev.forgewatch.logstash;

import co.elastic.logstash.api.Configuration;
import co.elastic.logstash.api.Context;
import co.elastic.logstash.api.Event;
import co.elastic.logstash.api.Filter;
import co.elastic.logstash.api.FilterMatchListener;
import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import dev.forgewatch.elastic.logstash.FilterLogic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code filter { forgewatch { source => "message" namespace => "default" } }}: replaces each event with
 * the ECS document(s) ForgeWatch makes of the raw record in {@code source}, and sets
 * {@code [@metadata][_id]} and {@code [@metadata][data_stream]} for the elasticsearch output. All logic
 * is in {@link FilterLogic}; this class only moves maps between Logstash events and it.
 */
@LogstashPlugin(name = "forgewatch")
public final class Forgewatch implements Filter {
    public static final PluginConfigSpec<String> SOURCE = PluginConfigSpec.stringSetting("source", "message");
    public static final PluginConfigSpec<String> NAMESPACE = PluginConfigSpec.stringSetting("namespace", "default");

    private final String id;
    private final String source;
    private final FilterLogic logic;

    public Forgewatch(String id, Configuration config, Context context) {
        this.id = id;
        this.source = config.get(SOURCE);
        this.logic = FilterLogic.standard(config.get(NAMESPACE));
    }

    @Override
    public Collection<Event> filter(Collection<Event> events, FilterMatchListener matchListener) {
        List<Event> out = new ArrayList<>(events.size());
        for (Event event : events) {
            List<FilterLogic.Output> outputs = logic.apply(event.getField(source), "logstash filter " + id);
            for (FilterLogic.Output output : outputs) {
                Event emitted = event.clone();
                for (String field : new ArrayList<>(emitted.getData().keySet())) {
                    if (!field.equals("@timestamp")) {
                        emitted.remove(field);
                    }
                }
                for (Map.Entry<String, Object> entry : output.document().entrySet()) {
                    emitted.setField(entry.getKey(), entry.getValue());
                }
                if (output.id() != null) {
                    emitted.setField("[@metadata][_id]", output.id());
                }
                emitted.setField("[@metadata][data_stream]", output.dataStream());
                if (!output.error()) {
                    matchListener.filterMatched(emitted);
                }
                out.add(emitted);
            }
        }
        return out;
    }

    @Override
    public Collection<PluginConfigSpec<?>> configSchema() {
        return List.of(SOURCE, NAMESPACE);
    }

    @Override
    public String getId() {
        return id;
    }
}
