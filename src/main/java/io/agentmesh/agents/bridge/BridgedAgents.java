package io.agentmesh.agents.bridge;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.AgentGate;
import io.agentmesh.agents.Completer;
import io.agentmesh.agents.PromptDefinition;
import io.agentmesh.agents.PromptMessage;
import io.agentmesh.agents.ResourceDefinition;
import io.agentmesh.agents.ResourceTemplateDefinition;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.agents.UriTemplate;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link AgentDefinition} of a bridged agent from its server's {@link RemoteCatalog}: each
 * tool, resource, template and prompt as the server describes it, with handlers that relay
 * {@code tools/call}, {@code resources/read}, {@code prompts/get} and {@code completion/complete} to the
 * server (MCP 2025-11-25, server/*). What this host cannot serve is left out with a warning: a second
 * item of the same name or URI, a template beyond RFC 6570 level 1, an item missing a required member.
 * Resources that share a name are told apart by their URI. The members of the 2025-11-25 schema this host
 * does not model are passed through as the server gave them ({@link #PASSED}): a tool's {@code icons},
 * {@code execution} and {@code _meta}; a resource's {@code icons}, {@code annotations}, {@code size} and
 * {@code _meta}; and so on (schema.ts: Tool, Resource, ResourceTemplate, Prompt).
 */
final class BridgedAgents {

    private static final JsonObject ANY_OBJECT = Json.createObjectBuilder().add("type", "object").build();

    /** The members of each kind of item passed through unchanged. */
    private static final Map<String, List<String>> PASSED = Map.of(
            "tool", List.of("icons", "execution", "_meta"),
            "resource", List.of("icons", "annotations", "size", "_meta"),
            "template", List.of("icons", "annotations", "_meta"),
            "prompt", List.of("icons", "_meta"));

    private BridgedAgents() {
    }

    /** The definition and what had to be left out. */
    record Built(AgentDefinition definition, List<String> warnings) {
    }

    /** The agent before its server was ever reached: no tools, resources or prompts. */
    static AgentDefinition placeholder(String id, String target, AgentGate gate) {
        return AgentDefinition.of(id, id, "MCP server at " + target + " (not connected yet)").withGate(gate);
    }

    static Built build(String id, String target, RemoteCatalog catalog, RemoteCalls calls, AgentGate gate) {
        RemoteServer server = catalog.server();
        List<String> warnings = new ArrayList<>();
        String title = !server.title().isEmpty() ? server.title() : !server.name().isEmpty() ? server.name() : id;
        String description = !server.instructions().isEmpty() ? server.instructions()
                : "MCP server " + (server.name().isEmpty() ? "" : server.name() + " ") + "at " + target;
        var tools = new ArrayList<ToolDefinition>();
        var toolNames = new HashSet<String>();
        for (JsonObject t : catalog.tools()) {
            add(warnings, "tool", t, () -> {
                ToolDefinition tool = tool(t, calls);
                requireNew(toolNames, tool.name(), "tool name");
                tools.add(tool);
            });
        }
        var resources = new ArrayList<ResourceDefinition>();
        var uris = new HashSet<String>();
        var names = new HashSet<String>();
        for (JsonObject r : catalog.resources()) {
            add(warnings, "resource", r, () -> {
                ResourceDefinition resource = resource(r, calls, names);
                requireNew(uris, resource.uri(), "resource uri");
                requireNew(names, resource.name(), "resource name");
                resources.add(resource);
            });
        }
        var templates = new ArrayList<ResourceTemplateDefinition>();
        var templateTexts = new HashSet<String>();
        for (JsonObject t : catalog.templates()) {
            add(warnings, "resource template", t, () -> {
                ResourceTemplateDefinition template = template(t, calls, server.hasCompletions());
                requireNew(templateTexts, template.uriTemplate().text(), "resource template");
                templates.add(template);
            });
        }
        var prompts = new ArrayList<PromptDefinition>();
        var promptNames = new HashSet<String>();
        for (JsonObject p : catalog.prompts()) {
            add(warnings, "prompt", p, () -> {
                PromptDefinition prompt = prompt(p, calls, server.hasCompletions());
                requireNew(promptNames, prompt.name(), "prompt name");
                prompts.add(prompt);
            });
        }
        return new Built(new AgentDefinition(id, title, description, server.version(), tools, resources, templates,
                prompts, gate), List.copyOf(warnings));
    }

    // ---- the parts

    private static ToolDefinition tool(JsonObject t, RemoteCalls calls) {
        String name = requireString(t, "name");
        JsonObject input = t.get("inputSchema") instanceof JsonObject s ? s : ANY_OBJECT;
        return new ToolDefinition(name, string(t, "title"), string(t, "description"), input,
                t.get("outputSchema") instanceof JsonObject o ? o : null,
                t.get("annotations") instanceof JsonObject a ? a : null,
                (arguments, invocation) -> calls.call("tools/call", Json.createObjectBuilder()
                        .add("name", name).add("arguments", arguments).build(), invocation, true),
                false, null, passed(t, "tool"));
    }

    private static ResourceDefinition resource(JsonObject r, RemoteCalls calls, Set<String> namesTaken) {
        String uri = requireString(r, "uri");
        String name = requireString(r, "name");
        if (namesTaken.contains(name)) {
            name = name + " (" + uri + ")";
        }
        return new ResourceDefinition(uri, name, string(r, "title"), string(r, "description"), string(r, "mimeType"),
                (asked, variables, invocation) -> read(calls, asked, invocation), passed(r, "resource"));
    }

    private static ResourceTemplateDefinition template(JsonObject t, RemoteCalls calls, boolean completions) {
        String text = requireString(t, "uriTemplate");
        UriTemplate uriTemplate = UriTemplate.parse(text);
        Map<String, Completer> completers = new LinkedHashMap<>();
        if (completions) {
            JsonObject ref = Json.createObjectBuilder().add("type", "ref/resource").add("uri", text).build();
            for (String variable : uriTemplate.variables()) {
                completers.put(variable, (value, context) -> calls.complete(ref, variable, value, context));
            }
        }
        return new ResourceTemplateDefinition(uriTemplate, requireString(t, "name"), string(t, "title"),
                string(t, "description"), string(t, "mimeType"),
                (asked, variables, invocation) -> read(calls, asked, invocation), completers, passed(t, "template"));
    }

    private static PromptDefinition prompt(JsonObject p, RemoteCalls calls, boolean completions) {
        String name = requireString(p, "name");
        var arguments = new ArrayList<PromptDefinition.Argument>();
        if (p.get("arguments") instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonObject a) {
                    arguments.add(new PromptDefinition.Argument(requireString(a, "name"), string(a, "description"),
                            a.getBoolean("required", false)));
                }
            }
        }
        Map<String, Completer> completers = new LinkedHashMap<>();
        if (completions) {
            JsonObject ref = Json.createObjectBuilder().add("type", "ref/prompt").add("name", name).build();
            for (PromptDefinition.Argument a : arguments) {
                completers.put(a.name(), (value, context) -> calls.complete(ref, a.name(), value, context));
            }
        }
        return new PromptDefinition(name, string(p, "title"), string(p, "description"), arguments,
                (given, invocation) -> {
                    var args = Json.createObjectBuilder();
                    given.forEach(args::add);
                    return calls.call("prompts/get", Json.createObjectBuilder().add("name", name).add("arguments", args)
                            .build(), invocation, false).thenApply(result -> messages(name, result));
                }, completers, passed(p, "prompt"));
    }

    private static java.util.concurrent.CompletionStage<JsonArray> read(RemoteCalls calls, String uri,
            io.agentmesh.agents.Invocation invocation) {
        return calls.call("resources/read", Json.createObjectBuilder().add("uri", uri).build(), invocation, false)
                .thenApply(result -> {
                    if (result.get("contents") instanceof JsonArray contents) {
                        return contents;
                    }
                    throw new IllegalStateException("the server answered resources/read of " + uri + " without contents");
                });
    }

    private static List<PromptMessage> messages(String prompt, JsonObject result) {
        if (!(result.get("messages") instanceof JsonArray array)) {
            throw new IllegalStateException("the server answered prompts/get of " + prompt + " without messages");
        }
        var messages = new ArrayList<PromptMessage>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonObject m) || !(m.get("role") instanceof JsonString role)
                    || !(m.get("content") instanceof JsonObject content)) {
                throw new IllegalStateException("the server answered prompts/get of " + prompt + " with a malformed message");
            }
            messages.add(PromptMessage.of(role.getString(), content));
        }
        return messages;
    }

    // ---- helpers

    private static void add(List<String> warnings, String what, JsonObject item, Runnable adder) {
        try {
            adder.run();
        } catch (IllegalArgumentException e) {
            String label = item.get("name") instanceof JsonString n ? n.getString()
                    : item.get("uri") instanceof JsonString u ? u.getString() : abbreviate(item.toString());
            warnings.add(what + " " + label + " left out: " + e.getMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static void requireNew(Set<String> seen, String value, String what) {
        if (!seen.add(value)) {
            throw new IllegalArgumentException("a second " + what + " " + value);
        }
    }

    private static String requireString(JsonObject o, String member) {
        if (o.get(member) instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        throw new IllegalArgumentException("no '" + member + "'");
    }

    /** The members of {@code item} that {@link #PASSED} names for its kind, as they are. */
    private static JsonObject passed(JsonObject item, String kind) {
        var b = Json.createObjectBuilder();
        for (String member : PASSED.get(kind)) {
            JsonValue value = item.get(member);
            if (value != null && value != JsonValue.NULL) {
                b.add(member, value);
            }
        }
        return b.build();
    }

    private static String string(JsonObject o, String member) {
        return o.get(member) instanceof JsonString s ? s.getString() : "";
    }
}
