package io.agentmesh.agents.bridge;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.PromptDefinition;
import io.agentmesh.agents.PromptMessage;
import io.agentmesh.agents.ResourceDefinition;
import io.agentmesh.agents.ResourceTemplateDefinition;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.agents.UriTemplate;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent that the test server hosts behind a bridge: every kind of MCP item, built by hand as a
 * bridged agent is. Tools: {@code echo}, {@code progress} (two reports), {@code slow} (runs until
 * cancelled, recording why), {@code strict} (a JSON-RPC error), {@code broken} (a tool failure) and
 * {@code t1}..{@code t3} (to need several pages); a resource, a template, a prompt with an image, and
 * completions.
 */
final class RemoteAgent {

    static final String ID = "remote";
    static final JsonObject SCHEMA = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder().add("text", Json.createObjectBuilder().add("type", "string")))
            .build();

    final List<String> cancellations = new CopyOnWriteArrayList<>();

    AgentDefinition definition() {
        AgentDefinition agent = AgentDefinition.of(ID, "Remote things", "Things on another server")
                .withVersion("2.5.0")
                .withTool(tool("echo", (args, inv) -> done(text(args.getString("text", "")))))
                .withTool(tool("progress", (args, inv) -> {
                    inv.progress().report(1, 2, "half");
                    inv.progress().report(2, 2);
                    return done(text("finished"));
                }))
                .withTool(tool("slow", (args, inv) -> {
                    CompletableFuture<JsonObject> never = new CompletableFuture<>();
                    inv.cancellation().onCancel(() -> {
                        cancellations.add(inv.cancellation().reason());
                        never.completeExceptionally(new CancellationException());
                    });
                    return never;
                }))
                .withTool(tool("strict", (args, inv) -> {
                    throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "strict wants 'text'");
                }))
                .withTool(tool("broken", (args, inv) -> {
                    throw new IllegalStateException("kaput");
                }))
                .withResource(new ResourceDefinition("doc://readme", "readme", "Read me", "The readme", "text/plain",
                        (uri, vars, inv) -> CompletableFuture.completedFuture(Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("uri", uri).add("mimeType", "text/plain").add("text", "hello"))
                                .build())))
                .withTemplate(new ResourceTemplateDefinition(UriTemplate.parse("notes://{id}"), "note", "A note", "", "text/plain",
                        (uri, vars, inv) -> CompletableFuture.completedFuture(Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("uri", uri).add("text", "note " + vars.get("id")))
                                .build()),
                        Map.of("id", (value, context) -> List.of("1", "12", "7").stream().filter(v -> v.startsWith(value)).toList())))
                .withPrompt(new PromptDefinition("greet", "Greeting", "Greets someone",
                        List.of(new PromptDefinition.Argument("name", "who", true)),
                        (args, inv) -> CompletableFuture.completedFuture(List.of(
                                PromptMessage.user("Hello " + args.get("name")),
                                PromptMessage.of("assistant", Json.createObjectBuilder().add("type", "image")
                                        .add("data", "aGk=").add("mimeType", "image/png").build()))),
                        Map.of("name", (value, context) -> List.of("alice", "albert", "bob").stream()
                                .filter(v -> v.startsWith(value)).toList())));
        for (int i = 1; i <= 3; i++) {
            String name = "t" + i;
            agent = agent.withTool(tool(name, (args, inv) -> done(text(name))));
        }
        return agent;
    }

    static ToolDefinition tool(String name, io.agentmesh.agents.ToolHandler handler) {
        return new ToolDefinition(name, name.toUpperCase(), "the " + name + " tool", SCHEMA, null,
                Json.createObjectBuilder().add("readOnlyHint", true).build(), handler);
    }

    static JsonObject text(String text) {
        return Json.createObjectBuilder().add("content", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "text").add("text", text))).build();
    }

    private static CompletableFuture<JsonObject> done(JsonObject value) {
        return CompletableFuture.completedFuture(value);
    }
}
