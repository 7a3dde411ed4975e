package dev.forgewatch.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The shared, configured Jackson mappers. Thread-safe once built. */
public final class Json {
    /** Deepest JSON nesting accepted from input; deeper records are rejected, not recursed into. */
    public static final int MAX_NESTING_DEPTH = 200;
    /** Longest single string value accepted from input. */
    public static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build();

    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Reads one JSON value that must be all of its text: anything after it is an error, not ignored. */
    public static final ObjectReader WHOLE_TREE = MAPPER.readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    /** For files people read: JSON whose text is also inert on a terminal ({@link InertEscapes}). */
    public static final ObjectWriter INERT = MAPPER.writer().with(new InertEscapes());
    public static final ObjectWriter INERT_PRETTY = INERT.withDefaultPrettyPrinter();

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Json() {
    }
}
