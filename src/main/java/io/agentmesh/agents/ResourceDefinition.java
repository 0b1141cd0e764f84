package io.agentmesh.agents;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One fixed MCP resource (MCP 2025-11-25, server/resources: the Resource object) and its reader.
 *
 * @param more further members of the descriptor, as given (a bridged server's {@code icons},
 *             {@code annotations}, {@code size}, {@code _meta}); empty for none
 */
public record ResourceDefinition(String uri, String name, String title, String description, String mimeType,
        ResourceReader reader, JsonObject more) {

    public ResourceDefinition(String uri, String name, String title, String description, String mimeType,
                              ResourceReader reader) {
        this(uri, name, title, description, mimeType, reader, JsonValue.EMPTY_JSON_OBJECT);
    }

    public ResourceDefinition {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a resource needs a uri");
        }
        ToolDefinition.requireName(name, "resource");
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        mimeType = Objects.requireNonNullElse(mimeType, "");
        Objects.requireNonNull(reader, "reader");
        more = Objects.requireNonNullElse(more, JsonValue.EMPTY_JSON_OBJECT);
    }
}
