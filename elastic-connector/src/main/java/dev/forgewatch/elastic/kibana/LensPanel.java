package dev.forgewatch.elastic.kibana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;
import java.util.List;

/**
 * A Lens visualization, embedded by value in a dashboard panel: a table or a stacked bar chart over the
 * ForgeWatch data view.
 *
 * @param query KQL narrowing the whole panel ({@code ""} for all events)
 */
public record LensPanel(String id, String title, Kind kind, String query, List<LensColumn> columns) {
    public enum Kind {
        TABLE("lnsDatatable"), BARS("lnsXY");

        private final String visualizationType;

        Kind(String visualizationType) {
            this.visualizationType = visualizationType;
        }

        public String visualizationType() {
            return visualizationType;
        }
    }

    static final String LAYER = "layer1";

    public LensPanel {
        columns = List.copyOf(columns);
    }

    /** The first metric column: what terms columns are ordered by. */
    private String firstMetric() {
        return columns.stream().filter(column -> !column.bucketed()).findFirst().orElseThrow().id();
    }

    /** The data view reference a Lens layer carries, by Lens's naming. */
    static String layerReference() {
        return "indexpattern-datasource-layer-" + LAYER;
    }

    /**
     * The visualization as the {@code attributes} of a by-value dashboard panel (package-spec 3.0.0
     * forbids by-reference panels in integration dashboards), reading the data view {@code dataViewId}.
     */
    ObjectNode attributes(String dataViewId) {
        ObjectNode attributes = Json.MAPPER.createObjectNode();
        attributes.put("title", title);
        attributes.put("description", "");
        attributes.put("visualizationType", kind.visualizationType());
        attributes.put("type", "lens");
        attributes.putArray("references").addObject().put("type", "index-pattern").put("id", dataViewId)
                .put("name", layerReference());
        ObjectNode state = attributes.putObject("state");
        ObjectNode layer = state.putObject("datasourceStates").putObject("formBased").putObject("layers").putObject(LAYER);
        ArrayNode order = layer.putArray("columnOrder");
        ObjectNode columnMap = layer.putObject("columns");
        for (LensColumn column : columns) {
            order.add(column.id());
            columnMap.set(column.id(), column.toJson(firstMetric()));
        }
        layer.putArray("incompleteColumns");
        state.set("visualization", visualization());
        state.putObject("query").put("query", query).put("language", "kuery");
        state.putArray("filters");
        state.putObject("adHocDataViews");
        return attributes;
    }

    private ObjectNode visualization() {
        ObjectNode visualization = Json.MAPPER.createObjectNode();
        if (kind == Kind.TABLE) {
            visualization.put("layerId", LAYER);
            visualization.put("layerType", "data");
            ArrayNode columnStates = visualization.putArray("columns");
            columns.forEach(column -> columnStates.addObject().put("columnId", column.id()));
            return visualization;
        }
        visualization.putObject("legend").put("isVisible", true).put("position", "right");
        visualization.put("preferredSeriesType", "bar_stacked");
        ObjectNode layer = visualization.putArray("layers").addObject();
        layer.put("layerId", LAYER);
        layer.put("layerType", "data");
        layer.put("seriesType", "bar_stacked");
        layer.put("xAccessor", columns.get(0).id());
        ArrayNode accessors = layer.putArray("accessors");
        columns.stream().filter(column -> !column.bucketed()).forEach(column -> accessors.add(column.id()));
        columns.stream().skip(1).filter(LensColumn::bucketed).findFirst().ifPresent(split -> layer.put("splitAccessor", split.id()));
        return visualization;
    }
}
