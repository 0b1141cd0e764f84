package io.agentmesh.agents;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP resource template (MCP 2025-11-25, server/resources: ResourceTemplate), its reader, and the
 * completers of its variables (completion/complete with {@code ref/resource}).
 *
 * @param more further members of the descriptor, as given (a bridged server's {@code icons},
 *             {@code annotations}, {@code _meta}); empty for none
 */
public record ResourceTemplateDefinition(UriTemplate uriTemplate, String name, String title, String description,
        String mimeType, ResourceReader reader, Map<String, Completer> completions, JsonObject more) {

    public ResourceTemplateDefinition(UriTemplate uriTemplate, String name, String title, String description,
                                      String mimeType, ResourceReader reader, Map<String, Completer> completions) {
        this(uriTemplate, name, title, description, mimeType, reader, completions, JsonValue.EMPTY_JSON_OBJECT);
    }

    public ResourceTemplateDefinition {
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        ToolDefinition.requireName(name, "resource template");
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        mimeType = Objects.requireNonNullElse(mimeType, "");
        Objects.requireNonNull(reader, "reader");
        completions = Map.copyOf(completions);
        more = Objects.requireNonNullElse(more, JsonValue.EMPTY_JSON_OBJECT);
        for (String variable : completions.keySet()) {
            if (!uriTemplate.variables().contains(variable)) {
                throw new IllegalArgumentException("template " + uriTemplate.text() + " has no variable " + variable);
            }
        }
    }
}
