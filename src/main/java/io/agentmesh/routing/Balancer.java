package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.util.Optional;

/**
 * Chooses the node that serves a request addressed to {@code *} (wire-v1 §5.2 step 2): among the nodes
 * known to host the agent, this one included, by the node's balancing policy, this node preferred when
 * equal. The registry plugs in one that knows other nodes.
 */
@FunctionalInterface
public interface Balancer {

    /** The node to serve {@code agentId}, or empty when no known node hosts it. */
    Optional<NodeId> choose(String agentId);

    /** Knows only this node: this node when it hosts the agent, else none. */
    static Balancer localOnly(NodeId self, AgentDirectory agents) {
        return agentId -> agents.hosts(agentId) ? Optional.of(self) : Optional.empty();
    }
}
