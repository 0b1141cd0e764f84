package io.agentmesh.agents.http;

import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small directory with one agent, {@code echo}, for the transport's tests: initialize (negotiating
 * 2025-06-18 / 2025-11-25), ping, tools/call of {@code echo} (answered at once), {@code progress}
 * (sends two progress notifications, then waits for {@link #release}), {@code wait} (runs until
 * released, or cancelled: then −32800, as an agent host answers) and {@code fail} (throws).
 * Notifications it receives are recorded.
 */
final class TestAgents implements AgentDirectory {

    record Received(String agent, String method, JsonObject params, CallContext context) {
    }

    final List<Received> notifications = new CopyOnWriteArrayList<>();
    final List<CallContext> contexts = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<JsonValue> pending = new CompletableFuture<>();

    @Override
    public List<String> agentIds() {
        return List.of("echo");
    }

    @Override
    public boolean hosts(String agentId) {
        return agentId.equals("echo");
    }

    @Override
    public Optional<String> defaultAgent() {
        return Optional.of("echo");
    }

    @Override
    public List<JsonObject> describe() {
        return List.of();
    }

    /** Completes the running {@code progress}/{@code wait} call with this text. */
    void release(String text) {
        pending.complete(text(text));
    }

    @Override
    public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext ctx) {
        contexts.add(ctx);
        switch (method) {
            case "initialize": {
                String asked = params.getString("protocolVersion", "");
                String version = asked.equals("2025-06-18") ? asked : "2025-11-25";
                return CompletableFuture.completedFuture(Json.createObjectBuilder()
                        .add("protocolVersion", version)
                        .add("capabilities", Json.createObjectBuilder().add("tools", JsonValue.EMPTY_JSON_OBJECT))
                        .add("serverInfo", Json.createObjectBuilder().add("name", agentId).add("version", "1"))
                        .build());
            }
            case "ping":
                return CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT);
            case "tools/call":
                return call(params, ctx);
            default:
                return CompletableFuture.failedFuture(new JsonRpcException(JsonRpc.METHOD_NOT_FOUND,
                        "method not found: " + method));
        }
    }

    private CompletionStage<JsonValue> call(JsonObject params, CallContext ctx) {
        String name = params.getString("name", "");
        switch (name) {
            case "echo":
                return CompletableFuture.completedFuture(text(params.getJsonObject("arguments").getString("text")));
            case "progress": {
                pending = new CompletableFuture<>();
                for (int i = 1; i <= 2; i++) {
                    ctx.sendNotification("notifications/progress", Json.createObjectBuilder()
                            .add("progressToken", "t").add("progress", i).add("total", 2).build());
                }
                return pending;
            }
            case "wait": {
                CompletableFuture<JsonValue> f = new CompletableFuture<>();
                pending = f;
                ctx.onCancel(() -> f.completeExceptionally(new JsonRpcException(JsonRpc.REQUEST_CANCELLED,
                        "request cancelled")));
                return f;
            }
            case "fail":
                throw new IllegalStateException("boom");
            default:
                return CompletableFuture.failedFuture(new JsonRpcException(JsonRpc.INVALID_PARAMS,
                        "unknown tool: " + name));
        }
    }

    @Override
    public void notify(String agentId, String method, JsonObject params, CallContext context) {
        notifications.add(new Received(agentId, method, params, context));
    }

    static JsonObject text(String text) {
        return Json.createObjectBuilder().add("content", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "text").add("text", text))).build();
    }
}
