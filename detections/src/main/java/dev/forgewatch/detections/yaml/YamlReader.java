package dev.forgewatch.detections.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s with line numbers, one node per document ({@code ---}
 * separated). Built on Jackson's streaming YAML parser because its tree model forgets where
 * values came from. Duplicate keys are an error, not "last one wins": in a rule they are a bug.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlReader() {
    }

    public static List<YamlNode> readDocuments(String text) throws YamlException {
        List<YamlNode> documents = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                documents.add(node(parser, token));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new YamlException(line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new YamlException(0, "cannot read YAML: " + e.getMessage());
        }
        return documents;
    }

    private static YamlNode node(JsonParser parser, JsonToken token) throws IOException, YamlException {
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT: {
                Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    YamlNode value = node(parser, parser.nextToken());
                    if (entries.put(key, new YamlMap.Entry(key, keyLine, value)) != null) {
                        throw new YamlException(keyLine, "duplicate key '" + key + "'");
                    }
                }
                expect(next, JsonToken.END_OBJECT, line);
                return new YamlMap(entries, line);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new YamlException(line, "list is not closed");
                    }
                    items.add(node(parser, next));
                }
                return new YamlList(items, line);
            }
            case VALUE_STRING:
                return new YamlScalar(parser.getText(), YamlScalar.Type.STRING, line);
            case VALUE_NUMBER_INT:
                return new YamlScalar(parser.getText(), YamlScalar.Type.INTEGER, line);
            case VALUE_NUMBER_FLOAT:
                return new YamlScalar(parser.getText(), YamlScalar.Type.FLOAT, line);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlScalar(parser.getText(), YamlScalar.Type.BOOLEAN, line);
            case VALUE_NULL:
                return new YamlScalar("", YamlScalar.Type.NULL, line);
            default:
                throw new YamlException(line, "unsupported YAML content (" + token + ")");
        }
    }

    private static void expect(JsonToken actual, JsonToken wanted, int line) throws YamlException {
        if (actual != wanted) {
            throw new YamlException(line, "mapping is not closed");
        }
    }
}
