package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.NodeOperations;
import java.util.Objects;

/**
 * Puts the registry's node operations (docs/registry.md §3.1–3.3) into the router's
 * {@link NodeOperations}, so that {@code node/gossip_sync}, {@code node/gossip_push} and
 * {@code node/peer_exchange} reaching this node are served by a {@link GossipService} with the
 * requester's node id (the route's origin, else the link's peer).
 */
public final class GossipOperations {

    private GossipOperations() {
    }

    public static void register(NodeOperations operations, GossipService service) {
        Objects.requireNonNull(service, "service");
        for (String method : GossipService.METHODS) {
            String op = method.substring("node/".length());
            operations.add(op, (params, context) -> service.handle(method, params, requester(context.originNode())));
        }
    }

    private static NodeId requester(String origin) {
        return NodeId.isNodeId(origin) ? NodeId.of(origin) : null;
    }
}
