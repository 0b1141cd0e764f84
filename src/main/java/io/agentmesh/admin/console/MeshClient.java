package io.agentmesh.admin.console;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admin console's way into the mesh: sends requests through this node's router by address
 * ({@code <node id>:<target>/<op>}, wire-v1 §5.1), exactly as any other entry point, with a deadline of
 * its own; a request that misses it is cancelled (the cancellation travels along, §5.3).
 */
public final class MeshClient {

    /** Routes one request from a local entry point: {@code MeshRouter::route} or {@code Router::route}. */
    @FunctionalInterface
    public interface RouteFunction {
        CompletionStage<JsonRpc.Response> route(JsonRpc.Request request, Origin origin);
    }

    private final NodeId self;
    private final RouteFunction router;
    private final AtomicLong ids = new AtomicLong();

    public MeshClient(NodeId self, RouteFunction router) {
        this.self = Objects.requireNonNull(self, "self");
        this.router = Objects.requireNonNull(router, "router");
    }

    public NodeId self() {
        return self;
    }

    /**
     * Sends {@code <node>:<target>/<op>} with {@code params} (null for none). The stage completes with
     * the whole response (a result or an error); with −32062 made here when none came within
     * {@code deadline}. It never fails.
     */
    public CompletionStage<JsonRpc.Response> request(NodeId node, String targetAndOp, JsonObject params,
                                                     Duration deadline) {
        JsonValue id = Json.createValue("admin-" + ids.incrementAndGet());
        JsonRpc.Request request = new JsonRpc.Request(id, node.value() + ":" + targetAndOp, params);
        Origin origin = Origin.detached("admin console");
        CompletableFuture<JsonRpc.Response> answer;
        try {
            answer = router.route(request, origin).toCompletableFuture();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).handle((response, failure) -> {
            if (response != null) {
                return response;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                origin.cancellation().cancel("no answer within " + deadline.toMillis() + " ms");
                return JsonRpc.Response.error(id, new JsonRpc.Error(JsonRpc.TIMEOUT,
                        "timeout: no answer from " + node + " within " + deadline.toMillis() + " ms"));
            }
            if (cause instanceof JsonRpcException e) {
                return JsonRpc.Response.error(id, e.error());
            }
            return JsonRpc.Response.error(id, JsonRpc.INTERNAL_ERROR, "internal error: " + cause);
        });
    }

    /** Parses a node id given by an administrator; {@code local} (or empty) is this node. */
    public NodeId node(String text) {
        if (text == null || text.isBlank() || text.equals("local")) {
            return self;
        }
        if (!NodeId.isNodeId(text)) {
            throw AdminException.badRequest("not a node id (40 lowercase hex characters): " + text);
        }
        return NodeId.of(text);
    }
}
