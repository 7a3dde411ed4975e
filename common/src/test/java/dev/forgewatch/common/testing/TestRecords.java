package dev.forgewatch.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.event.CanonicalEvent;
import dev.forgewatch.common.event.SourceRef;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.common.mapping.FieldCatalog;
import dev.forgewatch.common.normalize.Normalization;
import dev.forgewatch.common.normalize.Normalizer;
import dev.forgewatch.common.normalize.TokenObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Loads the realistic record fixtures under {@code records/} and normalizes them. */
public final class TestRecords {
    private TestRecords() {
    }

    public static JsonNode json(String name) {
        try (InputStream in = TestRecords.class.getResourceAsStream("/records/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test record " + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single event a fixture normalizes to; fails the test if it is rejected. */
    public static CanonicalEvent event(JsonNode record) {
        Normalization result = new Normalizer(FieldCatalog.standard(), TokenObserver.NONE)
                .normalize(record, new SourceRef("test", 1));
        if (result instanceof Normalization.Rejected rejected) {
            throw new AssertionError("record rejected: " + rejected.reason());
        }
        List<CanonicalEvent> events = ((Normalization.Accepted) result).events();
        if (events.size() != 1) {
            throw new AssertionError("expected one event, got " + events.size());
        }
        return events.get(0);
    }

    public static CanonicalEvent event(String name) {
        return event(json(name));
    }
}
