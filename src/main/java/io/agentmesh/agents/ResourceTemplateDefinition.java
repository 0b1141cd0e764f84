package io.agentmesh.agents;

import java.util.Map;
import java.util.Objects;

/**
 * One MCP resource template (MCP 2025-11-25, server/resources: ResourceTemplate), its reader, and the
 * completers of its variables (completion/complete with {@code ref/resource}).
 */
public record ResourceTemplateDefinition(UriTemplate uriTemplate, String name, String title, String description,
        String mimeType, ResourceReader reader, Map<String, Completer> completions) {

    public ResourceTemplateDefinition {
        Objects.requireNonNull(uriTemplate, "uriTemplate");
        ToolDefinition.requireName(name, "resource template");
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        mimeType = Objects.requireNonNullElse(mimeType, "");
        Objects.requireNonNull(reader, "reader");
        completions = Map.copyOf(completions);
        for (String variable : completions.keySet()) {
            if (!uriTemplate.variables().contains(variable)) {
                throw new IllegalArgumentException("template " + uriTemplate.text() + " has no variable " + variable);
            }
        }
    }
}
