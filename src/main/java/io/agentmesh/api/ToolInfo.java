package io.agentmesh.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One tool of an agent, as {@code tools/list} describes it (MCP).
 *
 * @param name         the tool's name, as {@code tools/call} takes it
 * @param title        a display name, or null
 * @param description  what it does, or null
 * @param inputSchema  JSON Schema of its arguments
 * @param outputSchema JSON Schema of its structured result, or null
 * @param annotations  hints such as {@code readOnlyHint}, or an empty object
 */
public record ToolInfo(String name, String title, String description, JsonObject inputSchema,
                       JsonObject outputSchema, JsonObject annotations) {

    public ToolInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputSchema, "inputSchema");
        annotations = annotations == null ? JsonValue.EMPTY_JSON_OBJECT : annotations;
    }

    /**
     * Reads one entry of {@code tools/list}.
     *
     * @throws IllegalArgumentException when it has no name or no input schema
     */
    public static ToolInfo from(JsonValue tool) {
        if (!(tool instanceof JsonObject t) || !(t.get("name") instanceof JsonString name)
                || !(t.get("inputSchema") instanceof JsonObject input)) {
            throw new IllegalArgumentException("not a tool: expected an object with name and inputSchema");
        }
        return new ToolInfo(name.getString(), string(t, "title"), string(t, "description"), input,
                t.get("outputSchema") instanceof JsonObject o ? o : null,
                t.get("annotations") instanceof JsonObject a ? a : null);
    }

    private static String string(JsonObject o, String key) {
        return o.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
