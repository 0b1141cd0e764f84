package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.util.Objects;

/**
 * Where a request from a local entry point goes: an {@link Address} without its op (wire-v1 §5.1), so
 * that callers who know the node and the agent apart never write them into a method to be parsed
 * again. {@link Address#of} puts the op to it.
 *
 * @param scope  which node: {@link Address.Scope#ID} a node named by id, {@code LOCAL} or {@code NONE} this
 *               one, {@code ANY} any node that hosts the target
 * @param nodeId the node id when {@code scope} is {@code ID}, else null
 * @param target an agent id or {@code "node"} (the node itself)
 */
public record Destination(Address.Scope scope, NodeId nodeId, String target) {

    public Destination {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(target, "target");
        if ((scope == Address.Scope.ID) != (nodeId != null)) {
            throw new IllegalArgumentException("a node id goes with scope ID only");
        }
        if (!target.equals(Address.NODE_TARGET) && !Address.isValidAgentId(target)) {
            throw new IllegalArgumentException("the target must be \"node\" or an agent id: " + target);
        }
    }

    /** Agent {@code agent} of node {@code node}. */
    public static Destination agent(NodeId node, String agent) {
        return new Destination(Address.Scope.ID, Objects.requireNonNull(node, "node"), agent);
    }

    /** Agent {@code agent} of this node ({@code local:<agent>}). */
    public static Destination local(String agent) {
        return new Destination(Address.Scope.LOCAL, null, agent);
    }

    /** Node {@code node} itself, for its node operations (wire-v1 §5.4). */
    public static Destination node(NodeId node) {
        return agent(node, Address.NODE_TARGET);
    }

    /** The node part and target as in a method: {@code <node-id>:echo}, {@code local:echo}, {@code *:echo}. */
    @Override
    public String toString() {
        return switch (scope) {
            case NONE -> target;
            case LOCAL -> "local:" + target;
            case ANY -> "*:" + target;
            case ID -> nodeId.value() + ":" + target;
        };
    }
}
