package io.agentmesh.api;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Address;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpcException;

/**
 * Reads a target and a method as the address of a mesh request (wire-v1 §5.1):
 * <ul>
 *   <li>{@code <node-id>:<agent>}, {@code local:<agent>}, {@code *:<agent>}: that agent, e.g.
 *       {@code 7f3a…c2:echo} and {@code tools/call} give {@code 7f3a…c2:echo/tools/call};</li>
 *   <li>{@code <node-id>:node}, or the node part alone ({@code <node-id>}, {@code local}, {@code *}): the
 *       node itself, e.g. {@code 7f3a…c2} and {@code get_info} give {@code 7f3a…c2:node/get_info};</li>
 *   <li>an agent id alone: that agent on this node ({@code local:<agent>/<method>}).</li>
 * </ul>
 * A target of 40 lowercase hex characters is read as a node id, never as an agent id.
 */
public final class CallTarget {

    /** Longest target accepted. */
    public static final int MAX_TARGET_LENGTH = 128;

    private CallTarget() {
    }

    /**
     * The address of {@code method} at {@code target}: its {@link Address#destination()} and its op go to
     * the mesh entry apart.
     *
     * @throws IllegalArgumentException naming what is wrong when either is not usable
     */
    public static Address address(String target, String method) {
        if (target == null || target.isEmpty() || target.length() > MAX_TARGET_LENGTH) {
            throw new IllegalArgumentException("target must be 1 to " + MAX_TARGET_LENGTH + " characters");
        }
        if (method == null || method.isEmpty() || method.startsWith("/")) {
            throw new IllegalArgumentException("method must be an MCP method or node operation, such as tools/call");
        }
        try {
            return Address.of(destination(target), method);
        } catch (JsonRpcException e) {
            throw new IllegalArgumentException("bad target or method: " + e.getMessage(), e);
        }
    }

    private static Destination destination(String target) {
        int colon = target.indexOf(':');
        if (colon < 0 && !isNodePart(target)) {
            return destination(Address.Scope.LOCAL, null, target, target);     // an agent alone: of this node
        }
        String node = colon < 0 ? target : target.substring(0, colon);
        String agent = colon < 0 ? Address.NODE_TARGET : target.substring(colon + 1);
        return switch (node) {
            case "local" -> destination(Address.Scope.LOCAL, null, agent, target);
            case "*" -> destination(Address.Scope.ANY, null, agent, target);
            default -> {
                if (!NodeId.isNodeId(node)) {
                    throw new IllegalArgumentException("bad target: the node part must be a node id (40 lowercase "
                            + "hex characters), \"local\" or \"*\": " + target);
                }
                yield destination(Address.Scope.ID, NodeId.of(node), agent, target);
            }
        };
    }

    private static boolean isNodePart(String text) {
        return text.equals("local") || text.equals("*") || NodeId.isNodeId(text);
    }

    private static Destination destination(Address.Scope scope, NodeId node, String agent, String target) {
        try {
            return new Destination(scope, node, agent);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad target: " + target, e);
        }
    }
}
