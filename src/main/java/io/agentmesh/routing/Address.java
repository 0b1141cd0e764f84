package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * Where a request goes, read from its {@code method} (wire-v1 §5.1):
 * <pre>
 * method   = [ node ":" ] target "/" op  |  mcp-method
 * node     = node-id | "local" | "*"
 * target   = agent-id | "node"
 * agent-id = [A-Za-z0-9][A-Za-z0-9._-]{0,63}
 * </pre>
 * The plain MCP form ({@code tools/list}, {@code ping}) has no node part and starts with an MCP word;
 * it has no target ({@link #target()} is null) and its {@link #op()} is the whole method.
 *
 * @param scope  which node the method names
 * @param nodeId the node id when {@code scope} is {@link Scope#ID}, else null
 * @param target the agent id or {@code "node"}; null in the MCP form
 * @param op     the MCP method or node operation
 */
public record Address(Scope scope, NodeId nodeId, String target, String op) {

    /** The node part of an address. */
    public enum Scope {
        /** No node part: the receiving node. */
        NONE,
        /** {@code local:}: the receiving node. */
        LOCAL,
        /** {@code *:}: any node that hosts the target. */
        ANY,
        /** {@code <node-id>:}: that node. */
        ID
    }

    /** The target naming the node itself. */
    public static final String NODE_TARGET = "node";

    /** The first words of MCP methods (wire-v1 §5.1): a method starting with one is in the MCP form. */
    public static final List<String> MCP_WORDS = List.of("tools", "resources", "prompts", "completion",
            "logging", "notifications", "sampling", "roots", "elicitation", "initialize", "ping");

    /** Ids no agent may have (wire-v1 §5.1): {@code node} and the MCP words. */
    public static final List<String> RESERVED_AGENT_IDS = List.of("node", "tools", "resources", "prompts",
            "completion", "logging", "notifications", "sampling", "roots", "elicitation", "initialize", "ping");

    /** Longest op accepted. */
    public static final int MAX_OP_LENGTH = 256;

    /** Longest agent id. */
    public static final int MAX_AGENT_ID_LENGTH = 64;

    public Address {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(op, "op");
        if ((scope == Scope.ID) != (nodeId != null)) {
            throw new IllegalArgumentException("a node id goes with scope ID only");
        }
        if (target == null && scope != Scope.NONE) {
            throw new IllegalArgumentException("the MCP form has no node part");
        }
    }

    /** True when {@code id} has the form of an agent id (reserved words included). */
    public static boolean isValidAgentId(String id) {
        // [A-Za-z0-9][A-Za-z0-9._-]{0,63}
        if (id == null || id.isEmpty() || id.length() > MAX_AGENT_ID_LENGTH || !isAsciiLetterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** 1 to {@link #MAX_OP_LENGTH} printable ASCII characters ({@code !} to {@code ~}) other than {@code :}. */
    private static boolean isValidOp(String op) {
        if (op.isEmpty() || op.length() > MAX_OP_LENGTH) {
            return false;
        }
        for (int i = 0; i < op.length(); i++) {
            char c = op.charAt(i);
            if (c < '!' || c > '~' || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** True when {@code id} is reserved by wire-v1 §5.1 and cannot name an agent. */
    public static boolean isReservedAgentId(String id) {
        return RESERVED_AGENT_IDS.contains(id);
    }

    /**
     * Parses a method. A method that is not an address at all is {@code -32601} (method not found),
     * with a message that says what is wrong.
     */
    public static Address parse(String method) throws JsonRpcException {
        Objects.requireNonNull(method, "method");
        int colon = method.indexOf(':');
        if (colon < 0) {
            String firstWord = firstWord(method);
            if (MCP_WORDS.contains(firstWord)) {
                requireOp(method, method);
                return new Address(Scope.NONE, null, null, method);
            }
            return targetAndOp(method, Scope.NONE, null, method);
        }
        String node = method.substring(0, colon);
        String rest = method.substring(colon + 1);
        if (node.equals("local")) {
            return targetAndOp(rest, Scope.LOCAL, null, method);
        }
        if (node.equals("*")) {
            return targetAndOp(rest, Scope.ANY, null, method);
        }
        if (NodeId.isNodeId(node)) {
            return targetAndOp(rest, Scope.ID, NodeId.of(node), method);
        }
        throw notFound(method, "the node part must be a node id (40 lowercase hex characters), \"local\" or \"*\"");
    }

    private static Address targetAndOp(String rest, Scope scope, NodeId nodeId, String method) throws JsonRpcException {
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw notFound(method, "expected [node:]target/op or an MCP method");
        }
        String target = rest.substring(0, slash);
        if (!target.equals(NODE_TARGET) && !isValidAgentId(target)) {
            throw notFound(method, "the target must be \"node\" or an agent id ([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
        }
        String op = rest.substring(slash + 1);
        requireOp(op, method);
        return new Address(scope, nodeId, target, op);
    }

    private static void requireOp(String op, String method) throws JsonRpcException {
        if (!isValidOp(op)) {
            throw notFound(method, "the op must be 1 to " + MAX_OP_LENGTH
                    + " printable ASCII characters without spaces or ':'");
        }
    }

    /**
     * The address of {@code op} at {@code to}: what {@link #parse} makes of {@code to + "/" + op}, without
     * the text. An op that is not one is {@code -32601}, as there.
     */
    public static Address of(Destination to, String op) throws JsonRpcException {
        Objects.requireNonNull(op, "op");
        Address address = new Address(to.scope(), to.nodeId(), to.target(), op);
        requireOp(op, address.method());
        return address;
    }

    private static String firstWord(String method) {
        int slash = method.indexOf('/');
        return slash < 0 ? method : method.substring(0, slash);
    }

    private static JsonRpcException notFound(String method, String why) {
        return new JsonRpcException(JsonRpc.METHOD_NOT_FOUND, "method not found: " + quote(method) + ": " + why);
    }

    private static String quote(String method) {
        String shown = method.length() > 120 ? method.substring(0, 120) + "..." : method;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    /** True for the plain MCP form: no node part, no target. */
    public boolean isMcpForm() {
        return target == null;
    }

    /** True when the target is the node itself. */
    public boolean targetsNode() {
        return NODE_TARGET.equals(target);
    }

    /** The agent id of the target, or null for the node target and the MCP form. */
    public String agent() {
        return isMcpForm() || targetsNode() ? null : target;
    }

    /** Where this address goes, without its op; not for the MCP form, which names no target. */
    public Destination destination() {
        if (isMcpForm()) {
            throw new IllegalStateException("the MCP form has no target");
        }
        return new Destination(scope, nodeId, target);
    }

    /** The same address naming node {@code id}: how a forwarder replaces {@code *} (wire-v1 §5.2 step 2). */
    public Address at(NodeId id) {
        if (isMcpForm()) {
            throw new IllegalStateException("the MCP form has no node part");
        }
        return new Address(Scope.ID, id, target, op);
    }

    /** The method text of this address; {@code parse(a.method())} equals {@code a}. */
    public String method() {
        return isMcpForm() ? op : destination() + "/" + op;
    }

    @Override
    public String toString() {
        return method();
    }
}
