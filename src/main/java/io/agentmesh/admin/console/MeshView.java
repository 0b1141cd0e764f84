package io.agentmesh.admin.console;

import java.util.List;

/**
 * The mesh as this node sees it (wire-v1 §5.4): every known node with its health and agents, and who
 * links to whom.
 *
 * @param self        this node's id
 * @param generatedAt when the view was made (epoch ms)
 * @param nodes       this node first, then the others by id
 * @param edges       one per pair of linked nodes, each pair once ({@code a < b})
 */
public record MeshView(String self, long generatedAt, List<Node> nodes, List<Edge> edges) {

    public MeshView {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** Health of a node as seen from here. */
    public enum Health {
        /** It answered {@code node/get_info}. */
        UP,
        /** A request to it failed (no route, timeout, error). */
        UNREACHABLE
    }

    /**
     * One node.
     *
     * @param nodeId   its id
     * @param self     true for this node
     * @param health   whether it answered
     * @param error    why it did not answer (null when up)
     * @param rttMs    how long {@code node/get_info} took, in ms (null when unreachable)
     * @param addrs    where it accepts links
     * @param software its software string
     * @param uptimeMs its uptime
     * @param agents   its agents (from {@code node/list_agents})
     */
    public record Node(String nodeId, boolean self, Health health, String error, Double rttMs, List<String> addrs,
                       String software, Long uptimeMs, List<AgentSummary> agents) {
        public Node {
            addrs = List.copyOf(addrs);
            agents = List.copyOf(agents);
        }
    }

    /** One agent as {@code node/list_agents} describes it. */
    public record AgentSummary(String id, String title, String description, List<String> tools, int resources,
                               int prompts) {
        public AgentSummary {
            tools = List.copyOf(tools);
        }
    }

    /** Two nodes with an open link between them (either direction), as one of them reports it. */
    public record Edge(String a, String b) {
    }
}
