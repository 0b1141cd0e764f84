package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Chooses the nodes that may serve a request addressed to {@code *} (wire-v1 §5.2 step 2): among the
 * nodes known to host the agent, this one included, best first by the node's balancing policy. The
 * router sends the request to the first and, when that one fails, to the next ones as
 * docs/registry.md §5.2 allows ({@link #safeToRepeat}). The registry plugs in one that knows other
 * nodes and tracks each replica's load and health through {@link #start}.
 */
@FunctionalInterface
public interface Balancer {

    /** The nodes that host {@code agentId}, best first; empty when no known node hosts it. */
    List<NodeId> candidates(String agentId);

    /** Counts a request sent to {@code node}'s {@code agentId}; the router ends it with one of the attempt's methods. */
    default Attempt start(NodeId node, String agentId) {
        return Attempt.UNTRACKED;
    }

    /**
     * Whether a request that may already have reached {@code node} (its link was lost, or its deadline
     * passed, after it was sent) may be sent to another replica: true only for requests that are safe
     * to run twice. None by default.
     *
     * @param op     the operation: an MCP method such as {@code tools/call}
     * @param params the request's params (a {@code tools/call} names its tool there)
     */
    default boolean safeToRepeat(NodeId node, String agentId, String op, JsonObject params) {
        return false;
    }

    /** Knows only this node: this node when it hosts the agent, else none. */
    static Balancer localOnly(NodeId self, AgentDirectory agents) {
        return agentId -> agents.hosts(agentId) ? List.of(self) : List.of();
    }

    /** One request sent to a replica; exactly one of the methods ends it (later calls are ignored). */
    interface Attempt {

        /** Tracks nothing. */
        Attempt UNTRACKED = new Attempt() {
            @Override public void succeeded() { }
            @Override public void failed() { }
            @Override public void cancelled() { }
        };

        /** The replica answered: a result, or an error of its own. */
        void succeeded();

        /** The replica could not be reached, or did not answer in time. */
        void failed();

        /**
         * The request never reached the replica ({@code -32060} or {@code -32062} before it left this
         * node: no link or route to it, the dial or the send failed). Counts as {@link #failed()} unless
         * the balancer demotes such a replica sooner.
         */
        default void unreachable() {
            failed();
        }

        /** The request was abandoned by its requester; it says nothing of the replica. */
        void cancelled();
    }
}
