package io.agentmesh.agents.http;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.ClientSession;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A legacy session's interest in its agent's notifications outside of requests, held at the entry node
 * (MCP 2025-11-25, server/resources "Subscriptions", server/tools "List Changed Notification"; translated to
 * 2026-07-28, basic/patterns/subscriptions): the URIs of its {@code resources/subscribe} and the list
 * changes become one {@code subscriptions/listen} request this node keeps open to the agent, wherever it
 * runs; what comes back goes out on the session's GET stream ({@link ClientSession#sendNotification}), the
 * subscription id left out. A change of the URIs opens a new listen and, once it is acknowledged, cancels the
 * old one. {@code resources/subscribe} is answered once its listen is acknowledged: {@code -32002} for a URI
 * the agent left out of the acknowledged filter. The listen opens at the first subscribe or GET stream and is
 * cancelled when the session ends. Thread-safe.
 */
final class LegacyListen {

    private static final Logger LOG = Logger.getLogger(LegacyListen.class.getName());
    private static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

    private final ClientSession session;
    private final Destination to;
    private final Optional<Caller.User> user;
    private final MeshEntry entry;
    private final Set<String> uris = new LinkedHashSet<>();      // guarded by this
    private Open current;                                      // guarded by this
    private long opened;                                       // guarded by this
    private boolean ended;                                     // guarded by this

    /** One listen request in flight: its origin and its acknowledged filter, once known. */
    private record Open(Origin origin, CompletableFuture<JsonObject> acknowledged) {
    }

    LegacyListen(ClientSession session, Destination to, Optional<Caller.User> user, MeshEntry entry) {
        this.session = session;
        this.to = to;
        this.user = user;
        this.entry = entry;
    }

    /** Opens the listen if none is open (a GET stream came). */
    synchronized void ensureOpen() {
        if (current == null && !ended) {
            open();
        }
    }

    /**
     * Answers {@code resources/subscribe} ({@code on}) or {@code resources/unsubscribe} for the session's
     * request {@code request}; the stage never fails.
     */
    CompletionStage<JsonRpc.Response> subscribe(JsonRpc.Request request, boolean on) {
        if (!(request.params() instanceof JsonObject params) || !(params.get("uri") instanceof JsonString uri)) {
            return CompletableFuture.completedFuture(JsonRpc.Response.error(request.id(), JsonRpc.INVALID_PARAMS,
                    "'uri' must be a string"));
        }
        Open open;
        synchronized (this) {
            boolean changed = on ? uris.add(uri.getString()) : uris.remove(uri.getString());
            if (ended || !changed && current != null) {
                return CompletableFuture.completedFuture(JsonRpc.Response.result(request.id(), JsonValue.EMPTY_JSON_OBJECT));
            }
            open = open();
        }
        return open.acknowledged().handle((filter, failure) -> {
            if (failure != null) {
                return JsonRpc.Response.error(request.id(), JsonRpc.INTERNAL_ERROR,
                        "the agent did not acknowledge the subscription: " + failure.getMessage());
            }
            if (on && !honoured(filter, uri.getString())) {
                synchronized (this) {
                    uris.remove(uri.getString());
                }
                return JsonRpc.Response.error(request.id(), new JsonRpc.Error(JsonRpc.RESOURCE_NOT_FOUND,
                        "resource not found: " + uri.getString(), Json.createObjectBuilder().add("uri", uri).build()));
            }
            return JsonRpc.Response.result(request.id(), JsonValue.EMPTY_JSON_OBJECT);
        });
    }

    /** The session ended: the listen is cancelled, and none opens again. */
    synchronized void end() {
        ended = true;
        if (current != null) {
            current.origin().cancellation().cancel("session ended");
            current = null;
        }
    }

    private Open open() {
        Open previous = current;
        CompletableFuture<JsonObject> acknowledged = new CompletableFuture<>();
        String description = "listen of mcp session " + session.id();
        Origin origin = Origin.of(description, session, (method, params) -> {
            if (ACKNOWLEDGED.equals(method)) {
                acknowledged.complete(params.get("notifications") instanceof JsonObject n ? n : JsonValue.EMPTY_JSON_OBJECT);
            } else {
                session.sendNotification(method, withoutSubscriptionId(params));
            }
        });
        origin = user.map(origin::withUser).orElse(origin);
        Open next = new Open(origin, acknowledged);
        current = next;
        JsonRpc.Request listen = new JsonRpc.Request(Json.createValue("agentmesh-listen-" + ++opened),
                "subscriptions/listen", params());
        entry.request(to, listen, origin).thenAccept(response -> ended(next, response));
        if (previous != null) {
            acknowledged.whenComplete((filter, failure) -> previous.origin().cancellation().cancel("replaced"));
        }
        return next;
    }

    /** A listen's response: it ended (gracefully, or refused); the next subscribe or GET stream opens another. */
    private void ended(Open which, JsonRpc.Response response) {
        which.acknowledged().completeExceptionally(new IllegalStateException(response.isError()
                ? response.error().message() : "the listen ended"));
        synchronized (this) {
            if (current == which) {
                current = null;
            }
        }
        LOG.log(Level.FINE, () -> "listen of mcp session " + session.id() + " ended: " + response);
    }

    private JsonObject params() {
        var subscriptions = Json.createArrayBuilder();
        uris.forEach(subscriptions::add);
        return Json.createObjectBuilder()
                .add("_meta", Json.createObjectBuilder().add(McpMeta.PROTOCOL_VERSION, ProtocolVersions.MODERN)
                        .add(McpMeta.CLIENT_CAPABILITIES, JsonValue.EMPTY_JSON_OBJECT))
                .add("notifications", Json.createObjectBuilder()
                        .add("toolsListChanged", true)
                        .add("promptsListChanged", true)
                        .add("resourcesListChanged", true)
                        .add("resourceSubscriptions", subscriptions))
                .build();
    }

    private static boolean honoured(JsonObject filter, String uri) {
        return filter.get("resourceSubscriptions") instanceof JsonArray array
                && array.stream().anyMatch(v -> v instanceof JsonString s && s.getString().equals(uri));
    }

    private static JsonObject withoutSubscriptionId(JsonObject params) {
        if (!(params.get("_meta") instanceof JsonObject meta) || !meta.containsKey(McpMeta.SUBSCRIPTION_ID)) {
            return params;
        }
        var rest = Json.createObjectBuilder(params);
        JsonObject newMeta = Json.createObjectBuilder(meta).remove(McpMeta.SUBSCRIPTION_ID).build();
        if (newMeta.isEmpty()) {
            rest.remove("_meta");
        } else {
            rest.add("_meta", newMeta);
        }
        return rest.build();
    }
}
