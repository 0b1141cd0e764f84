package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import java.io.StringReader;
import java.lang.reflect.Type;

/**
 * Turns a tool method's return value into a {@code CallToolResult} (MCP 2025-11-25, server/tools):
 * String → text; record → structuredContent plus its JSON as text; byte[] → image (image/*) or embedded
 * blob; void or null → no content; anything else → its JSON-B serialisation as text.
 */
final class ResultMapper {

    private final Type type;
    private final String mimeType;
    private final Jsonb jsonb;
    private final String blobUri;

    ResultMapper(Type type, String mimeType, Jsonb jsonb, String toolPath) {
        this.type = type;
        this.mimeType = mimeType;
        this.jsonb = jsonb;
        this.blobUri = "agentmesh:tool-result/" + toolPath;
    }

    JsonObject map(Object value) {
        if (value == null || type == void.class || type == Void.class) {
            return ToolResults.empty();
        }
        if (value instanceof String s) {
            return ToolResults.text(s);
        }
        if (value instanceof byte[] bytes) {
            return mimeType.startsWith("image/") ? ToolResults.image(bytes, mimeType)
                    : ToolResults.blob(blobUri, bytes, mimeType);
        }
        String json = jsonb.toJson(value);
        if (value.getClass().isRecord()) {
            try (var reader = Json.createReader(new StringReader(json))) {
                return ToolResults.structured(reader.readObject());
            }
        }
        return ToolResults.text(json);
    }
}
