package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Objects;

/**
 * One message of a prompt (MCP 2025-11-25, server/prompts: PromptMessage); role is {@code user} or
 * {@code assistant}. Usually text; {@link #of(String, JsonObject)} carries any MCP content block (image,
 * audio, embedded resource), as a bridged agent relays it.
 *
 * @param text    the text of a text message; for other content the text it carries, else empty
 * @param content the MCP content block sent as {@code content}
 */
public record PromptMessage(String role, String text, JsonObject content) {

    public PromptMessage {
        if (!"user".equals(role) && !"assistant".equals(role)) {
            throw new IllegalArgumentException("role is user or assistant: " + role);
        }
        Objects.requireNonNull(text, "text");
        if (content == null) {
            content = Json.createObjectBuilder().add("type", "text").add("text", text).build();
        } else if (!(content.get("type") instanceof JsonString)) {
            throw new IllegalArgumentException("a content block needs a string 'type'");
        }
    }

    /** A text message. */
    public PromptMessage(String role, String text) {
        this(role, text, null);
    }

    /** A message with any MCP content block ({@code {"type": "image", ...}}, ...). */
    public static PromptMessage of(String role, JsonObject content) {
        Objects.requireNonNull(content, "content");
        String text = content.get("text") instanceof JsonString s ? s.getString() : "";
        return new PromptMessage(role, text, content);
    }

    public static PromptMessage user(String text) {
        return new PromptMessage("user", text);
    }

    public static PromptMessage assistant(String text) {
        return new PromptMessage("assistant", text);
    }
}
