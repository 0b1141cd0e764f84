package io.agentmesh.api;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Address;
import io.agentmesh.routing.JsonRpcException;

/**
 * Turns a target and a method into the {@code method} of a mesh request (wire-v1 §5.1):
 * <ul>
 *   <li>{@code <node-id>:<agent>}, {@code local:<agent>}, {@code *:<agent>}: {@code <target>/<method>},
 *       e.g. {@code 7f3a…c2:echo} and {@code tools/call} give {@code 7f3a…c2:echo/tools/call};</li>
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
     * The method of the request for {@code method} at {@code target}.
     *
     * @throws IllegalArgumentException naming what is wrong when either is not usable
     */
    public static String method(String target, String method) {
        if (target == null || target.isEmpty() || target.length() > MAX_TARGET_LENGTH) {
            throw new IllegalArgumentException("target must be 1 to " + MAX_TARGET_LENGTH + " characters");
        }
        if (method == null || method.isEmpty() || method.startsWith("/")) {
            throw new IllegalArgumentException("method must be an MCP method or node operation, such as tools/call");
        }
        String wire;
        if (target.indexOf(':') >= 0) {
            wire = target + "/" + method;
        } else if (NodeId.isNodeId(target) || target.equals("local") || target.equals("*")) {
            wire = target + ":" + Address.NODE_TARGET + "/" + method;
        } else {
            wire = "local:" + target + "/" + method;
        }
        Address address;
        try {
            address = Address.parse(wire);
        } catch (JsonRpcException e) {
            throw new IllegalArgumentException("bad target or method: " + e.getMessage(), e);
        }
        if (address.isMcpForm() || address.scope() == Address.Scope.NONE) {
            throw new IllegalArgumentException("bad target: " + target);
        }
        return wire;
    }
}
