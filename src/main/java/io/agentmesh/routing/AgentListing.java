package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One agent somewhere in the mesh, as {@code node/find_agents} reports it (wire-v1 §5.4).
 *
 * @param node        the node hosting it
 * @param agent       its id
 * @param title       its title ("" when none)
 * @param description its description ("" when none)
 * @param tools       its tool names
 * @param health      e.g. {@code "up"} for agents of this node; sources define their own values
 */
public record AgentListing(NodeId node, String agent, String title, String description, List<String> tools,
                           String health) {

    /** The health of an agent hosted on this node. */
    public static final String UP = "up";

    public AgentListing {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(agent, "agent");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        tools = List.copyOf(tools);
        Objects.requireNonNull(health, "health");
    }

    /** {@code <node id>:<agent id>}. */
    public String address() {
        return node.value() + ":" + agent;
    }

    /** {@code {"address","node_id","agent","tools","health"}}. */
    public JsonObject toJson() {
        var toolNames = Json.createArrayBuilder();
        tools.forEach(toolNames::add);
        return Json.createObjectBuilder()
                .add("address", address())
                .add("node_id", node.value())
                .add("agent", agent)
                .add("tools", toolNames)
                .add("health", health)
                .build();
    }
}
