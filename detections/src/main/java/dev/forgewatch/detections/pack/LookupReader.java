package dev.forgewatch.detections.pack;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.forgewatch.detections.rule.Lookup;
import dev.forgewatch.detections.rule.RuleException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code lookups/<name>.csv}: a header row, the key in the first column, no empty keys. */
final class LookupReader {
    private static final CsvMapper CSV = new CsvMapper();

    private LookupReader() {
    }

    static Lookup read(String path, String text) throws RuleException {
        String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".csv".length());
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> columns;
        try (MappingIterator<Map<String, String>> reader = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            while (reader.hasNextValue()) {
                rows.add(reader.nextValue());
            }
            columns = new ArrayList<>();
            ((CsvSchema) reader.getParserSchema()).forEach(column -> columns.add(column.getName()));
        } catch (IOException | RuntimeException e) {
            throw new RuleException(path, 0, "not a readable CSV lookup: " + e.getMessage());
        }
        if (columns.isEmpty()) {
            throw new RuleException(path, 1, "lookup has no header row");
        }
        for (int i = 0; i < rows.size(); i++) {
            String key = rows.get(i).get(columns.get(0));
            if (key == null || key.isBlank()) {
                throw new RuleException(path, i + 2, "row has no " + columns.get(0));
            }
        }
        return new Lookup(name, columns, rows);
    }
}
