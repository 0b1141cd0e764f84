package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open {@code subscriptions/listen} requests of one host (MCP 2026-07-28, basic/patterns/subscriptions).
 * Each is acknowledged first ({@code notifications/subscriptions/acknowledged} with the filter the agent
 * honours: the list changes it asks for, and those of its resource URIs the agent has, fixed or by a
 * template), then gets only the notification types it opted into, each with
 * {@code _meta["io.modelcontextprotocol/subscriptionId"]}, the listen request's id. Its notifications go
 * back along the request's way ({@link CallContext#sendNotification}), like progress. It ends when its
 * requester cancels it (no response then), or gracefully when its agent is unregistered: the response
 * {@code {resultType: "complete"}} ("Graceful Closure").
 */
final class Listens {

    private static final Logger LOG = Logger.getLogger(Listens.class.getName());

    static final String METHOD = "subscriptions/listen";
    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    /** agent id → open listens. */
    private final Map<String, Set<Listen>> byAgent = new ConcurrentHashMap<>();

    /** What one listen opted into, as the agent honours it ("Notification Filter"). */
    record Filter(boolean tools, boolean prompts, boolean resources, Set<String> uris) {

        static Filter honoured(JsonObject notifications, Predicate<String> hasResource) throws JsonRpcException {
            var uris = new LinkedHashSet<String>();
            JsonValue asked = notifications.get("resourceSubscriptions");
            if (asked instanceof JsonArray array) {
                for (JsonValue v : array) {
                    if (!(v instanceof JsonString s)) {
                        throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "resourceSubscriptions must be strings");
                    }
                    if (hasResource.test(s.getString())) {
                        uris.add(s.getString());
                    }
                }
            } else if (asked != null && asked != JsonValue.NULL) {
                throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "resourceSubscriptions must be an array");
            }
            return new Filter(flag(notifications, "toolsListChanged"), flag(notifications, "promptsListChanged"),
                    flag(notifications, "resourcesListChanged"), java.util.Collections.unmodifiableSet(uris));
        }

        private static boolean flag(JsonObject o, String name) throws JsonRpcException {
            JsonValue v = o.get(name);
            if (v == null || v == JsonValue.NULL || v == JsonValue.FALSE) {
                return false;
            }
            if (v == JsonValue.TRUE) {
                return true;
            }
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS, name + " must be a boolean");
        }

        JsonObject toJson() {
            var b = Json.createObjectBuilder();
            if (tools) {
                b.add("toolsListChanged", true);
            }
            if (prompts) {
                b.add("promptsListChanged", true);
            }
            if (resources) {
                b.add("resourcesListChanged", true);
            }
            if (!uris.isEmpty()) {
                var array = Json.createArrayBuilder();
                uris.forEach(array::add);
                b.add("resourceSubscriptions", array);
            }
            return b.build();
        }
    }

    private static final class Listen {
        private final CallContext context;
        private final Filter filter;
        private final CompletableFuture<JsonValue> result = new CompletableFuture<>();

        Listen(CallContext context, Filter filter) {
            this.context = context;
            this.filter = filter;
        }

        /** Sends one notification of this listen, tagged with its id; none after it ended. */
        synchronized void send(String method, JsonObject params) {
            if (result.isDone()) {
                return;
            }
            JsonObject meta = params.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
            context.sendNotification(method, Json.createObjectBuilder(params).add("_meta",
                    Json.createObjectBuilder(meta).add(McpMeta.SUBSCRIPTION_ID, context.requestId())).build());
        }

        synchronized void complete() {
            result.complete(Json.createObjectBuilder().add("resultType", "complete").add("_meta",
                    Json.createObjectBuilder().add(McpMeta.SUBSCRIPTION_ID, context.requestId())).build());
        }
    }

    /**
     * Opens a listen of {@code agent}: acknowledged before this returns; the stage completes when it ends
     * gracefully, or fails with {@code -32800} when cancelled.
     *
     * @throws JsonRpcException {@code -32601} for a legacy request (the method is 2026-07-28's),
     *                          {@code -32602} for a bad filter
     */
    CompletionStage<JsonValue> listen(AgentDefinition agent, JsonObject params, CallContext context,
                                      Predicate<String> hasResource) throws JsonRpcException {
        if (!McpMeta.isModern(params)) {
            throw new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "method not found: " + METHOD
                    + " (MCP " + ProtocolVersions.MODERN + "; send it with _meta." + McpMeta.PROTOCOL_VERSION + ")");
        }
        JsonValue asked = params.get("notifications");
        if (asked != null && !(asked instanceof JsonObject)) {
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "'notifications' must be an object");
        }
        Filter filter = Filter.honoured(asked == null ? JsonValue.EMPTY_JSON_OBJECT : (JsonObject) asked, hasResource);
        Listen listen = new Listen(context, filter);
        Set<Listen> listens = byAgent.computeIfAbsent(agent.id(), a -> ConcurrentHashMap.newKeySet());
        synchronized (listen) {
            listens.add(listen);
            listen.send(ACKNOWLEDGED, Json.createObjectBuilder().add("notifications", filter.toJson()).build());
        }
        context.onCancel(() -> {
            listens.remove(listen);
            listen.result.completeExceptionally(new JsonRpcException(JsonRpc.REQUEST_CANCELLED, "request cancelled"));
            LOG.log(Level.FINE, "listen {0} on {1} ended by its requester", new Object[] {context.requestId(), agent.id()});
        });
        LOG.log(Level.FINE, "listen {0} on {1} opened: {2}", new Object[] {context.requestId(), agent.id(), filter});
        return listen.result;
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} to the listens that asked for it; returns how many. */
    int updated(String agentId, String uri) {
        var params = Json.createObjectBuilder().add("uri", uri).build();
        int sent = 0;
        for (Listen listen : byAgent.getOrDefault(agentId, Set.of())) {
            if (listen.filter.uris().contains(uri)) {
                listen.send("notifications/resources/updated", params);
                sent++;
            }
        }
        return sent;
    }

    /** Sends the list changes of an agent to the listens that asked for each. */
    void listChanged(String agentId) {
        for (Listen listen : byAgent.getOrDefault(agentId, Set.of())) {
            if (listen.filter.tools()) {
                listen.send("notifications/tools/list_changed", JsonValue.EMPTY_JSON_OBJECT);
            }
            if (listen.filter.resources()) {
                listen.send("notifications/resources/list_changed", JsonValue.EMPTY_JSON_OBJECT);
            }
            if (listen.filter.prompts()) {
                listen.send("notifications/prompts/list_changed", JsonValue.EMPTY_JSON_OBJECT);
            }
        }
    }

    /** Ends every listen of an agent gracefully (it was unregistered). */
    void end(String agentId) {
        Set<Listen> listens = byAgent.remove(agentId);
        if (listens != null) {
            listens.forEach(Listen::complete);
        }
    }

    /** Open listens of an agent. */
    int count(String agentId) {
        return byAgent.getOrDefault(agentId, Set.of()).size();
    }
}
