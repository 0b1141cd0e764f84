package io.agentmesh.registry;

import io.agentmesh.routing.NodeOperations;
import java.util.Objects;

/**
 * Puts the registry's node operations (docs/registry.md §3.1–3.3) into the router's
 * {@link NodeOperations}, so that {@code node/gossip_sync}, {@code node/gossip_push} and
 * {@code node/peer_exchange} reaching this node are served by a {@link GossipService} with the peer of
 * the link each request came in on, never the route's origin, which the sender only claims (wire-v1 §5.3).
 */
public final class GossipOperations {

    private GossipOperations() {
    }

    public static void register(NodeOperations operations, GossipService service) {
        Objects.requireNonNull(service, "service");
        for (String method : GossipService.METHODS) {
            String op = method.substring("node/".length());
            operations.add(op, (params, context) -> service.handle(method, params, context.linkPeer().orElse(null)));
        }
    }
}
