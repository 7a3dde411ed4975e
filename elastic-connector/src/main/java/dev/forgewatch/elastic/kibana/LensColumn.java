package dev.forgewatch.elastic.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.common.json.Json;

/**
 * One column of a Lens layer (Kibana's "form based" data source): a bucket (terms, date histogram)
 * or a metric (count, unique count, min, max), optionally narrowed by a KQL filter.
 */
public record LensColumn(String id, String label, String operation, String field, String dataType, boolean bucketed,
                         String filterKql, Integer size) {

    public static LensColumn terms(String id, String label, String field, String dataType, int size) {
        return new LensColumn(id, label, "terms", field, dataType, true, null, size);
    }

    public static LensColumn dateHistogram(String id, String field) {
        return new LensColumn(id, "@timestamp", "date_histogram", field, "date", true, null, null);
    }

    public static LensColumn count(String id, String label, String filterKql) {
        return new LensColumn(id, label, "count", "___records___", "number", false, filterKql, null);
    }

    public static LensColumn uniqueCount(String id, String label, String field) {
        return new LensColumn(id, label, "unique_count", field, "number", false, null, null);
    }

    public static LensColumn min(String id, String label, String field) {
        return new LensColumn(id, label, "min", field, "date", false, null, null);
    }

    public static LensColumn max(String id, String label, String field) {
        return new LensColumn(id, label, "max", field, "date", false, null, null);
    }

    /** The column as Lens persists it; terms columns order by {@code orderBy} (a metric column id). */
    ObjectNode toJson(String orderBy) {
        ObjectNode column = Json.MAPPER.createObjectNode();
        column.put("label", label);
        column.put("customLabel", true);
        column.put("dataType", dataType);
        column.put("operationType", operation);
        column.put("isBucketed", bucketed);
        column.put("scale", bucketed && operation.equals("date_histogram") ? "interval" : bucketed ? "ordinal" : "ratio");
        column.put("sourceField", field);
        if (filterKql != null) {
            column.putObject("filter").put("query", filterKql).put("language", "kuery");
        }
        ObjectNode params = column.putObject("params");
        if (operation.equals("terms")) {
            params.put("size", size);
            params.putObject("orderBy").put("type", "column").put("columnId", orderBy);
            params.put("orderDirection", "desc");
            params.put("otherBucket", false);
            params.put("missingBucket", false);
        } else if (operation.equals("date_histogram")) {
            params.put("interval", "auto");
            params.put("includeEmptyRows", true);
        } else if (operation.equals("count")) {
            params.put("emptyAsNull", false);
        }
        return column;
    }
}
