package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One answer of {@link Registry#find}: an agent on a node, with the node's health in [0, 1]. Its JSON
 * form is an entry of {@code node/find_agents} (wire-v1 §5.4).
 */
public record AgentMatch(String address, NodeId nodeId, String agent, String title, List<String> tools,
                         double health) {

    public AgentMatch {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(agent, "agent");
        tools = List.copyOf(tools);
    }

    static AgentMatch of(NodeId node, AgentInfo agent, double health) {
        return new AgentMatch(node.value() + ":" + agent.id(), node, agent.id(), agent.title(), agent.toolNames(),
                health);
    }

    /** {@code {"address", "node_id", "agent", "tools", "health"}} as wire-v1 §5.4 lists them. */
    public JsonObject toJson() {
        return Jsons.PROVIDER.createObjectBuilder()
                .add("address", address)
                .add("node_id", nodeId.value())
                .add("agent", agent)
                .add("tools", Jsons.stringArray(tools))
                .add("health", health)
                .build();
    }
}
