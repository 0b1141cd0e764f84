package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.routing.Origin;
import io.agentmesh.routing.Router;
import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link GossipTransport} over the mesh (docs/registry.md §1, §3): each call is a request to {@code <peer>:node/<op>} given to
 * the {@link Router} as from a local entry point, so it goes over a direct link to the peer, or fails
 * as the router says (−32060 when the peer cannot be reached, −32062 after the forwarding deadline).
 * An error response completes the stage with its {@link JsonRpcException}; a result that is not an
 * object with −32603.
 */
public final class RouterGossipTransport implements GossipTransport {

    private final Router router;
    private final Origin origin = Origin.detached("registry gossip");
    private final AtomicLong ids = new AtomicLong();

    public RouterGossipTransport(Router router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    @Override
    public CompletionStage<JsonObject> call(NodeId peer, String method, JsonObject params) {
        var request = new JsonRpc.Request(Jsons.PROVIDER.createValue("gossip-" + ids.incrementAndGet()),
                peer.value() + ":" + method, params);
        return router.route(request, origin).thenApply(response -> {
            if (response.isError()) {
                throw new CompletionException(new JsonRpcException(response.error()));
            }
            if (response.result() instanceof JsonObject result) {
                return result;
            }
            throw new CompletionException(new JsonRpcException(JsonRpc.INTERNAL_ERROR,
                    method + " from " + peer + " answered with something other than an object"));
        });
    }
}
