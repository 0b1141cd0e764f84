package io.agentmesh.registry;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Objects;

/** One tool of an advertised agent: its name and its MCP annotations (docs/registry.md §2.2). */
public record AdvertisedTool(String name, ToolAnnotations annotations) {

    /** Longest tool name accepted. */
    public static final int MAX_NAME_LENGTH = 128;

    public AdvertisedTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(annotations, "annotations");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a tool name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }

    public AdvertisedTool(String name) {
        this(name, ToolAnnotations.NONE);
    }

    /** {@code {"name": ..., "annotations": {...}}}, annotations only when some hint is stated. */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder().add("name", name);
        if (!annotations.isEmpty()) {
            b.add("annotations", annotations.toJson());
        }
        return b.build();
    }

    public static AdvertisedTool fromJson(JsonObject json) {
        return new AdvertisedTool(Jsons.string(json, "name"),
                ToolAnnotations.fromJson(Jsons.optionalObject(json, "annotations")));
    }
}
