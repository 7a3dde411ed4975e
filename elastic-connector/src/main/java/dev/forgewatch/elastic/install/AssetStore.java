package dev.forgewatch.elastic.install;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forgewatch.elastic.assets.AssetKind;
import java.io.IOException;
import java.util.Optional;

/** Reads and writes assets in a cluster, as JSON. */
public interface AssetStore {
    /** The asset as the cluster renders it now, or empty when it does not exist. */
    Optional<ObjectNode> get(AssetKind kind, String name) throws IOException;

    void put(AssetKind kind, String name, ObjectNode body) throws IOException;
}
