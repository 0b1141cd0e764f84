package io.agentmesh.agents;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP prompt (MCP 2025-11-25, server/prompts: the Prompt object), its renderer, and the completers
 * of its arguments.
 *
 * @param more further members of the descriptor, as given (a bridged server's {@code icons},
 *             {@code _meta}); empty for none
 */
public record PromptDefinition(String name, String title, String description, List<Argument> arguments,
        PromptRenderer renderer, Map<String, Completer> completions, JsonObject more) {

    public PromptDefinition(String name, String title, String description, List<Argument> arguments,
                            PromptRenderer renderer, Map<String, Completer> completions) {
        this(name, title, description, arguments, renderer, completions, JsonValue.EMPTY_JSON_OBJECT);
    }

    public PromptDefinition {
        ToolDefinition.requireName(name, "prompt");
        title = Objects.requireNonNullElse(title, "");
        description = Objects.requireNonNullElse(description, "");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(renderer, "renderer");
        completions = Map.copyOf(completions);
        more = Objects.requireNonNullElse(more, JsonValue.EMPTY_JSON_OBJECT);
        var names = new HashSet<String>();
        for (Argument a : arguments) {
            if (!names.add(a.name())) {
                throw new IllegalArgumentException("prompt " + name + " has two arguments named " + a.name());
            }
        }
        for (String arg : completions.keySet()) {
            if (!names.contains(arg)) {
                throw new IllegalArgumentException("prompt " + name + " has no argument " + arg);
            }
        }
    }

    /** A prompt argument (MCP PromptArgument). */
    public record Argument(String name, String description, boolean required) {
        public Argument {
            ToolDefinition.requireName(name, "prompt argument");
            description = Objects.requireNonNullElse(description, "");
        }
    }
}
