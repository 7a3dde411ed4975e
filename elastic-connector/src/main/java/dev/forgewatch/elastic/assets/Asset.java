package dev.forgewatch.elastic.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** One asset to install: its kind, name and request body (without ForgeWatch's ownership marker). */
public record Asset(AssetKind kind, String name, ObjectNode body) {
    public Asset {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        body = body.deepCopy();
    }

    @Override
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** Hash of the body ForgeWatch wants installed. */
    public String sourceHash() {
        return Hashes.canonical(body);
    }

    public String describe() {
        return kind.label() + " " + name;
    }
}
