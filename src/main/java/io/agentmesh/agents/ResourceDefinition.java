package io.agentmesh.agents;

import java.util.Objects;

/** One fixed MCP resource (MCP 2025-11-25, server/resources: the Resource object) and its reader. */
public record ResourceDefinition(String uri, String name, String title, String description, String mimeType,
        ResourceReader reader) {

    public ResourceDefinition {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a resource needs a uri");
        }
        ToolDefinition.requireName(name, "resource");
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        mimeType = Objects.requireNonNullElse(mimeType, "");
        Objects.requireNonNull(reader, "reader");
    }
}
