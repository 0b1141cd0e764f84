package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletionStage;

/**
 * How the {@link GossipEngine} reaches a peer: one JSON-RPC request of a node operation
 * (docs/registry.md §3) to {@code <peer>:node/<op>}. The stage completes with the result object, or
 * exceptionally (a {@code JsonRpcException} for an error response; anything else when the peer could
 * not be reached). A host adapts its router to it; a simulation passes calls in memory.
 */
@FunctionalInterface
public interface GossipTransport {

    CompletionStage<JsonObject> call(NodeId peer, String method, JsonObject params);
}
