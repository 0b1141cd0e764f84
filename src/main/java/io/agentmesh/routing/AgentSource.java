package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code node/find_agents} (wire-v1 §5.4) learns of agents: this node's own, and later the
 * registry's view of the others.
 */
@FunctionalInterface
public interface AgentSource {

    List<AgentListing> agents();

    /** The agents hosted on this node, all {@link AgentListing#UP}. */
    static AgentSource local(NodeId self, AgentDirectory directory) {
        return () -> {
            List<AgentListing> out = new ArrayList<>();
            for (JsonObject d : directory.describe()) {
                if (!(d.get("id") instanceof JsonString id)) {
                    continue;
                }
                List<String> tools = new ArrayList<>();
                if (d.get("tools") instanceof JsonArray names) {
                    names.forEach(v -> {
                        if (v instanceof JsonString s) {
                            tools.add(s.getString());
                        }
                    });
                }
                out.add(new AgentListing(self, id.getString(), d.getString("title", ""),
                        d.getString("description", ""), tools, AgentListing.UP));
            }
            return out;
        };
    }
}
