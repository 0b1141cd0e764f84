package io.agentmesh.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of an MCP {@code tools/call}: its content blocks, its structured content when the tool
 * declares an output schema, and whether the tool reported an error. A tool's error is a result, not a
 * {@link MeshCallException}: the call reached the tool, and the tool said what went wrong.
 *
 * @param content           the content blocks ({@code {"type": "text", "text": ...}}, images, resources, ...)
 * @param structuredContent the structured result, or null
 * @param isError           true when the tool reported an error
 * @param raw               the whole result object as received
 */
public record ToolResult(List<JsonObject> content, JsonObject structuredContent, boolean isError, JsonObject raw) {

    public ToolResult {
        content = List.copyOf(content);
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * Reads a {@code tools/call} result.
     *
     * @throws IllegalArgumentException when it is not an object with a {@code content} array of objects
     */
    public static ToolResult from(JsonValue result) {
        if (!(result instanceof JsonObject object) || !(object.get("content") instanceof JsonArray array)) {
            throw new IllegalArgumentException("not a tools/call result: expected an object with a content array");
        }
        List<JsonObject> blocks = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonObject block)) {
                throw new IllegalArgumentException("not a tools/call result: a content block is not an object");
            }
            blocks.add(block);
        }
        JsonObject structured = object.get("structuredContent") instanceof JsonObject s ? s : null;
        boolean error = object.get("isError") == JsonValue.TRUE;
        return new ToolResult(blocks, structured, error, object);
    }

    /** The text of the text blocks, joined by newlines; empty when there are none. */
    public String text() {
        List<String> texts = new ArrayList<>();
        for (JsonObject block : content) {
            if ("text".equals(block.getString("type", null)) && block.get("text") instanceof JsonString s) {
                texts.add(s.getString());
            }
        }
        return String.join("\n", texts);
    }
}
