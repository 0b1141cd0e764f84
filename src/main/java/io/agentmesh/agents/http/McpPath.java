package io.agentmesh.agents.http;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Address;
import io.agentmesh.routing.Destination;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request at {@code /mcp} goes (wire-v1 §7): {@code /mcp/{agent-id}} is an agent of this node,
 * {@code /mcp/{node-id}/{agent-id}} an agent of any node (this one included), and {@code /mcp/*}{@code /{agent-id}}
 * any replica of the agent, chosen per request as {@code *:<agent-id>} is on the mesh (wire-v1 §5.2: balanced,
 * and tried on the next replica when one is unreachable). Agent ids follow wire-v1 §5.1:
 * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}.
 *
 * @param node       the node named in the path; empty for {@code /mcp/{agent-id}} and the any-replica path
 * @param anyReplica whether the path is {@code /mcp/*}{@code /{agent-id}}
 * @param agent      the agent id
 */
public record McpPath(Optional<NodeId> node, boolean anyReplica, String agent) {

    /** The path segment that stands for any node hosting the agent, as {@code *} does in an address. */
    public static final String ANY_NODE = "*";

    public McpPath {
        Objects.requireNonNull(node, "node");
        if (anyReplica && node.isPresent()) {
            throw new IllegalArgumentException("the any-replica path names no node");
        }
        if (!Address.isValidAgentId(agent)) {
            throw new IllegalArgumentException("not an agent id: " + agent);
        }
    }

    /** {@code /mcp/{agent-id}} ({@code node} empty) or {@code /mcp/{node-id}/{agent-id}}. */
    public McpPath(Optional<NodeId> node, String agent) {
        this(node, false, agent);
    }

    /**
     * Parses the path below {@code /mcp} (the servlet's path info, e.g. {@code /echo}); empty when it
     * names no agent: missing, too many segments, a bad agent id or a bad node id. A trailing slash is
     * allowed.
     */
    public static Optional<McpPath> parse(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith("/")) {
            return Optional.empty();
        }
        String p = pathInfo.substring(1);
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] parts = p.split("/", -1);
        if (parts.length == 1 && Address.isValidAgentId(parts[0])) {
            return Optional.of(new McpPath(Optional.empty(), parts[0]));
        }
        if (parts.length == 2 && NodeId.isNodeId(parts[0]) && Address.isValidAgentId(parts[1])) {
            return Optional.of(new McpPath(Optional.of(NodeId.of(parts[0])), parts[1]));
        }
        if (parts.length == 2 && parts[0].equals(ANY_NODE) && Address.isValidAgentId(parts[1])) {
            return Optional.of(new McpPath(Optional.empty(), true, parts[1]));
        }
        return Optional.empty();
    }

    /** True when the path names this node, explicitly or by leaving the node out. */
    public boolean isLocal(Optional<NodeId> self) {
        return !anyReplica && (node.isEmpty() || (self.isPresent() && node.get().equals(self.get())));
    }

    /** Where the path's requests go: {@code local:<agent>}, {@code <node-id>:<agent>} or {@code *:<agent>}. */
    public Destination destination() {
        if (anyReplica) {
            return new Destination(Address.Scope.ANY, null, agent);
        }
        return node.map(n -> Destination.agent(n, agent)).orElse(Destination.local(agent));
    }

    /** The path as a client writes it, below {@code /mcp}. */
    @Override
    public String toString() {
        return anyReplica ? "/" + ANY_NODE + "/" + agent : node.map(n -> "/" + n + "/" + agent).orElse("/" + agent);
    }
}
