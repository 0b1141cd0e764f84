package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Base64;

/** Builders of MCP {@code CallToolResult} objects (MCP 2025-11-25, server/tools: tool result). */
public final class ToolResults {

    private ToolResults() {
    }

    /** A successful result with one text content. */
    public static JsonObject text(String text) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(textContent(text)))
                .add("isError", false).build();
    }

    /** A successful result with no content. */
    public static JsonObject empty() {
        return Json.createObjectBuilder().add("content", JsonValue.EMPTY_JSON_ARRAY).add("isError", false).build();
    }

    /** A successful result with {@code structuredContent} and its serialised JSON as text content. */
    public static JsonObject structured(JsonObject value) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(textContent(value.toString())))
                .add("structuredContent", value)
                .add("isError", false).build();
    }

    /** An image content result ({@code mimeType} image/*). */
    public static JsonObject image(byte[] data, String mimeType) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("type", "image")
                        .add("data", Base64.getEncoder().encodeToString(data))
                        .add("mimeType", mimeType)))
                .add("isError", false).build();
    }

    /** An embedded resource with a base64 blob. */
    public static JsonObject blob(String uri, byte[] data, String mimeType) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("type", "resource")
                        .add("resource", Json.createObjectBuilder()
                                .add("uri", uri)
                                .add("mimeType", mimeType)
                                .add("blob", Base64.getEncoder().encodeToString(data)))))
                .add("isError", false).build();
    }

    /** A tool error: a normal result with {@code isError: true} and the failure's message. */
    public static JsonObject error(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        return error(message);
    }

    public static JsonObject error(String message) {
        return Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(textContent(message)))
                .add("isError", true).build();
    }

    private static JsonObject textContent(String text) {
        return Json.createObjectBuilder().add("type", "text").add("text", text).build();
    }
}
