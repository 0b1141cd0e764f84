package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything an MCP server offers, as its list methods return it (MCP 2025-11-25, server/tools,
 * server/resources, server/prompts), every page fetched (server/utilities/pagination): a list is asked
 * for only when the server declared the capability (and is empty when the server then does not know the
 * method); at most {@code maxItems} items are kept per list; a server that repeats a cursor is refused. Two catalogs are equal when the server offers the same.
 */
public record RemoteCatalog(RemoteServer server, List<JsonObject> tools, List<JsonObject> resources,
        List<JsonObject> templates, List<JsonObject> prompts) {

    private static final Logger LOG = Logger.getLogger(RemoteCatalog.class.getName());

    public RemoteCatalog {
        Objects.requireNonNull(server, "server");
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
        prompts = List.copyOf(prompts);
    }

    /** Fetches every list the server declared, one after the other. */
    public static CompletableFuture<RemoteCatalog> fetch(BridgeClient client, RemoteServer server, int maxItems) {
        CompletableFuture<List<JsonObject>> none = CompletableFuture.completedFuture(List.of());
        var tools = server.hasTools() ? listAll(client, "tools/list", "tools", maxItems) : none;
        return tools.thenCompose(t -> (server.hasResources() ? listAll(client, "resources/list", "resources", maxItems) : none)
                .thenCompose(r -> (server.hasResources()
                        ? listAll(client, "resources/templates/list", "resourceTemplates", maxItems) : none)
                        .thenCompose(rt -> (server.hasPrompts() ? listAll(client, "prompts/list", "prompts", maxItems) : none)
                                .thenApply(p -> new RemoteCatalog(server, t, r, rt, p)))));
    }

    /**
     * Every item of one list method, page after page. A server that declared the capability but answers
     * the method with −32601 (method not found) has an empty list.
     */
    public static CompletableFuture<List<JsonObject>> listAll(BridgeClient client, String method, String member, int maxItems) {
        return page(client, method, member, null, new ArrayList<>(), new HashSet<>(), maxItems)
                .exceptionallyCompose(failure -> {
                    Throwable cause = Completions.unwrap(failure);
                    if (cause instanceof JsonRpcException rpc && rpc.code() == JsonRpc.METHOD_NOT_FOUND) {
                        LOG.log(Level.FINE, "{0} does not implement {1}: taken as empty", new Object[] {client.target(), method});
                        return CompletableFuture.completedFuture(List.of());
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private static CompletableFuture<List<JsonObject>> page(BridgeClient client, String method, String member,
            String cursor, List<JsonObject> items, Set<String> cursors, int maxItems) {
        JsonObject params = cursor == null ? JsonValue.EMPTY_JSON_OBJECT
                : Json.createObjectBuilder().add("cursor", cursor).build();
        return client.request(method, params).thenCompose(result -> {
            if (!(result.get(member) instanceof JsonArray array)) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + client.target()
                        + " answered " + method + " without a '" + member + "' array", false));
            }
            for (JsonValue item : array) {
                if (items.size() >= maxItems) {
                    LOG.log(Level.WARNING, "{0} of {1} has more than {2} items; the rest are left out",
                            new Object[] {method, client.target(), maxItems});
                    return CompletableFuture.completedFuture(List.copyOf(items));
                }
                if (item instanceof JsonObject o) {
                    items.add(o);
                }
            }
            if (!(result.get("nextCursor") instanceof JsonString next) || next.getString().isEmpty()) {
                return CompletableFuture.completedFuture(List.copyOf(items));
            }
            if (!cursors.add(next.getString())) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + client.target()
                        + " repeated a cursor of " + method, false));
            }
            return page(client, method, member, next.getString(), items, cursors, maxItems);
        });
    }

    /** {@code 3 tools, 1 resources, 0 templates, 2 prompts}. */
    public String counts() {
        return tools.size() + " tools, " + resources.size() + " resources, " + templates.size() + " templates, "
                + prompts.size() + " prompts";
    }
}
