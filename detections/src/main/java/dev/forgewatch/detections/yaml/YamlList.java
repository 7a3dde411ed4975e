package dev.forgewatch.detections.yaml;

import java.util.List;

public record YamlList(List<YamlNode> items, int line) implements YamlNode {
    public YamlList {
        items = List.copyOf(items);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
