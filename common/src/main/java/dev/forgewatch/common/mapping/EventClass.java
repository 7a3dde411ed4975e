package dev.forgewatch.common.mapping;

import java.util.List;
import java.util.Set;

/**
 * A family of events ({@code event-classes.yaml}): which ECS category/type they get and which CIM
 * tags their Splunk eventtype carries. An empty {@code operations} set matches every operation.
 */
public record EventClass(
        String id,
        String kind,
        Set<String> operations,
        String description,
        List<String> ecsCategory,
        List<String> ecsType,
        List<String> cimTags) {

    public EventClass {
        operations = Set.copyOf(operations);
        ecsCategory = List.copyOf(ecsCategory);
        ecsType = List.copyOf(ecsType);
        cimTags = List.copyOf(cimTags);
    }

    public boolean matches(String eventKind, String operation) {
        return kind.equals(eventKind) && (operations.isEmpty() || (operation != null && operations.contains(operation)));
    }

    public boolean isCatchAll() {
        return operations.isEmpty();
    }
}
