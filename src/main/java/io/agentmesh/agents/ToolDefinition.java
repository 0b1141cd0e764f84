package io.agentmesh.agents;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One MCP tool (MCP 2025-11-25, server/tools: the Tool object) and its handler.
 *
 * @param inputSchema  JSON Schema 2020-12 of the arguments ({@code type: object})
 * @param outputSchema JSON Schema of {@code structuredContent}, or null
 * @param annotations  the MCP tool annotations (hints), or null
 * @param nonBlocking  the handler never blocks ({@link io.agentmesh.agents.annotations.NonBlocking}): the
 *                     node may run it on the thread that read the request
 * @param roles        what the tool method's Jakarta security annotations ask of the end user;
 *                     {@link RoleConstraint#NONE} to follow the agent's
 * @param more         further members of the descriptor, as given (a bridged server's {@code icons},
 *                     {@code execution}, {@code _meta}: {@link Descriptors}); empty for none
 */
public record ToolDefinition(String name, String title, String description, JsonObject inputSchema,
        JsonObject outputSchema, JsonObject annotations, ToolHandler handler, boolean nonBlocking,
        RoleConstraint roles, JsonObject more) {

    /** A tool described by the members above alone. */
    public ToolDefinition(String name, String title, String description, JsonObject inputSchema,
                          JsonObject outputSchema, JsonObject annotations, ToolHandler handler, boolean nonBlocking,
                          RoleConstraint roles) {
        this(name, title, description, inputSchema, outputSchema, annotations, handler, nonBlocking, roles,
                JsonValue.EMPTY_JSON_OBJECT);
    }

    /** A tool without security annotations of its own. */
    public ToolDefinition(String name, String title, String description, JsonObject inputSchema,
                          JsonObject outputSchema, JsonObject annotations, ToolHandler handler, boolean nonBlocking) {
        this(name, title, description, inputSchema, outputSchema, annotations, handler, nonBlocking, RoleConstraint.NONE);
    }

    /** A tool whose handler may block (it runs on a worker). */
    public ToolDefinition(String name, String title, String description, JsonObject inputSchema,
                          JsonObject outputSchema, JsonObject annotations, ToolHandler handler) {
        this(name, title, description, inputSchema, outputSchema, annotations, handler, false);
    }

    public ToolDefinition {
        requireName(name, "tool");
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(handler, "handler");
        roles = Objects.requireNonNullElse(roles, RoleConstraint.NONE);
        more = Objects.requireNonNullElse(more, JsonValue.EMPTY_JSON_OBJECT);
    }

    static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + what + " needs a name");
        }
    }
}
