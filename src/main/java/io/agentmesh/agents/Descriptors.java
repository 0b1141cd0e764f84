package io.agentmesh.agents;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The JSON objects that describe an agent's parts in the list methods (MCP 2025-11-25 schema). A part's
 * further members ({@code more}: what a bridged server gave beyond the modelled ones, such as
 * {@code icons}, {@code execution} and {@code _meta}) follow, never replacing a modelled member.
 */
final class Descriptors {

    private Descriptors() {
    }

    static JsonObject tool(ToolDefinition t) {
        var b = Json.createObjectBuilder().add("name", t.name());
        optional(b, "title", t.title());
        optional(b, "description", t.description());
        b.add("inputSchema", t.inputSchema());
        if (t.outputSchema() != null) {
            b.add("outputSchema", t.outputSchema());
        }
        if (t.annotations() != null) {
            b.add("annotations", t.annotations());
        }
        return more(b, t.more());
    }

    static JsonObject resource(ResourceDefinition r) {
        var b = Json.createObjectBuilder().add("uri", r.uri()).add("name", r.name());
        optional(b, "title", r.title());
        optional(b, "description", r.description());
        optional(b, "mimeType", r.mimeType());
        return more(b, r.more());
    }

    static JsonObject template(ResourceTemplateDefinition t) {
        var b = Json.createObjectBuilder().add("uriTemplate", t.uriTemplate().text()).add("name", t.name());
        optional(b, "title", t.title());
        optional(b, "description", t.description());
        optional(b, "mimeType", t.mimeType());
        return more(b, t.more());
    }

    static JsonObject prompt(PromptDefinition p) {
        var b = Json.createObjectBuilder().add("name", p.name());
        optional(b, "title", p.title());
        optional(b, "description", p.description());
        var args = Json.createArrayBuilder();
        for (PromptDefinition.Argument a : p.arguments()) {
            var arg = Json.createObjectBuilder().add("name", a.name());
            optional(arg, "description", a.description());
            args.add(arg.add("required", a.required()));
        }
        return more(b.add("arguments", args), p.more());
    }

    static JsonObject capabilities() {
        return Json.createObjectBuilder()
                .add("tools", Json.createObjectBuilder().add("listChanged", true))
                .add("resources", Json.createObjectBuilder().add("subscribe", true).add("listChanged", true))
                .add("prompts", Json.createObjectBuilder().add("listChanged", true))
                .add("completions", Json.createObjectBuilder())
                .add("logging", Json.createObjectBuilder())
                .build();
    }

    static JsonObject serverInfo(AgentDefinition a) {
        var b = Json.createObjectBuilder().add("name", a.id());
        optional(b, "title", a.title());
        return b.add("version", a.version()).build();
    }

    /** {@code node/list_agents} entry (wire-v1 §5.4). Resources count fixed resources and templates. */
    static JsonObject describe(AgentDefinition a) {
        var tools = Json.createArrayBuilder();
        a.tools().forEach(t -> tools.add(t.name()));
        return Json.createObjectBuilder()
                .add("id", a.id())
                .add("title", a.title())
                .add("description", a.description())
                .add("tools", tools)
                .add("resources", a.resources().size() + a.templates().size())
                .add("prompts", a.prompts().size())
                .build();
    }

    private static JsonObject more(JsonObjectBuilder b, JsonObject more) {
        JsonObject modelled = b.build();
        if (more.isEmpty()) {
            return modelled;
        }
        JsonObjectBuilder all = Json.createObjectBuilder(modelled);
        more.forEach((name, value) -> {
            if (!modelled.containsKey(name)) {
                all.add(name, value);
            }
        });
        return all.build();
    }

    private static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.add(name, value);
        }
    }
}
