package dev.forgewatch.detections.yaml;

/**
 * A YAML node that remembers the 1-based line it started on, so a bad rule can be reported as
 * {@code file:line: reason}. Only what Sigma rules use: mappings, sequences and scalars.
 */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {
    int line();

    /** What the node is, for error messages ("a list", "a mapping", "text"). */
    String describe();
}
