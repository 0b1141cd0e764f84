package io.agentmesh.registry;

import io.agentmesh.routing.Address;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One agent as a node advertises it (docs/registry.md §2.2): id (wire-v1 §5.1 grammar), title,
 * tools with their annotations, and how many resources and prompts it has.
 */
public record AgentInfo(String id, String title, List<AdvertisedTool> tools, int resources, int prompts) {

    /** Most tools listed for one agent. */
    public static final int MAX_TOOLS = 1024;
    /** Longest title kept. */
    public static final int MAX_TITLE_LENGTH = 256;

    public AgentInfo {
        Objects.requireNonNull(id, "id");
        if (!Address.isValidAgentId(id) || id.equals("node")) {
            throw new IllegalArgumentException("not an agent id: " + id);
        }
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title longer than " + MAX_TITLE_LENGTH + " characters");
        }
        tools = List.copyOf(tools);
        if (tools.size() > MAX_TOOLS) {
            throw new IllegalArgumentException("more than " + MAX_TOOLS + " tools");
        }
        Set<String> names = new HashSet<>();
        for (AdvertisedTool t : tools) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tool listed twice: " + t.name());
            }
        }
        if (resources < 0 || prompts < 0) {
            throw new IllegalArgumentException("resource and prompt counts are not negative");
        }
    }

    /** The tool of that name, if the agent lists it. */
    public Optional<AdvertisedTool> tool(String name) {
        for (AdvertisedTool t : tools) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public List<String> toolNames() {
        return tools.stream().map(AdvertisedTool::name).toList();
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder().add("id", id);
        if (title != null) {
            b.add("title", title);
        }
        var ts = Jsons.PROVIDER.createArrayBuilder();
        tools.forEach(t -> ts.add(t.toJson()));
        return b.add("tools", ts).add("resources", resources).add("prompts", prompts).build();
    }

    /**
     * Reads an agent entry. {@code tools} holds tool objects ({@code {"name", "annotations"?}}) or
     * plain tool names, so the output of {@code node/list_agents} (wire-v1 §5.4) is read as well;
     * {@code resources} and {@code prompts} default to 0, other members are ignored.
     */
    public static AgentInfo fromJson(JsonObject json) {
        List<AdvertisedTool> tools = new ArrayList<>();
        var array = Jsons.optionalArray(json, "tools");
        if (array.size() > MAX_TOOLS) {
            throw new IllegalArgumentException("more than " + MAX_TOOLS + " tools");
        }
        for (JsonValue v : array) {
            if (v instanceof JsonString s) {
                tools.add(new AdvertisedTool(s.getString()));
            } else {
                tools.add(AdvertisedTool.fromJson(Jsons.object(v, "a tool")));
            }
        }
        int resources = json.containsKey("resources") ? (int) Jsons.integer(json, "resources", 0, Integer.MAX_VALUE) : 0;
        int prompts = json.containsKey("prompts") ? (int) Jsons.integer(json, "prompts", 0, Integer.MAX_VALUE) : 0;
        return new AgentInfo(Jsons.string(json, "id"), Jsons.optionalString(json, "title"), tools, resources, prompts);
    }
}
