package io.agentmesh.admin.console;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * One agent of some node with everything the dashboard shows and needs for its call form: the MCP
 * descriptors of its tools (with their input schemas), resources, resource templates and prompts, as
 * the agent lists them (MCP 2025-11-25 {@code tools/list}, {@code resources/list},
 * {@code resources/templates/list}, {@code prompts/list}).
 *
 * @param node    the node hosting it
 * @param id      the agent id
 * @param address {@code <node id>:<agent id>}
 * @param error   why a list could not be read (null when all were)
 */
public record AgentDetail(String node, String id, String title, String description, String address,
                          List<JsonObject> tools, List<JsonObject> resources, List<JsonObject> resourceTemplates,
                          List<JsonObject> prompts, String error) {

    public AgentDetail {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
        prompts = List.copyOf(prompts);
    }
}
