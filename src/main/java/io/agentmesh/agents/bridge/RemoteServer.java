package io.agentmesh.agents.bridge;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * What an MCP server said of itself in its {@code initialize} result (MCP 2025-11-25, basic/lifecycle):
 * the negotiated protocol version, its capabilities, {@code serverInfo} and {@code instructions}.
 */
public record RemoteServer(String protocolVersion, JsonObject capabilities, JsonObject serverInfo, String instructions) {

    public RemoteServer {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        capabilities = Objects.requireNonNullElse(capabilities, JsonValue.EMPTY_JSON_OBJECT);
        serverInfo = Objects.requireNonNullElse(serverInfo, JsonValue.EMPTY_JSON_OBJECT);
        instructions = Objects.requireNonNullElse(instructions, "");
    }

    /** Reads an initialize result; a missing or non-string {@code protocolVersion} is refused. */
    public static RemoteServer of(JsonObject result) {
        if (!(result.get("protocolVersion") instanceof JsonString version)) {
            throw new IllegalArgumentException("the initialize result has no protocolVersion");
        }
        return new RemoteServer(version.getString(),
                result.get("capabilities") instanceof JsonObject c ? c : null,
                result.get("serverInfo") instanceof JsonObject s ? s : null,
                result.get("instructions") instanceof JsonString i ? i.getString() : null);
    }

    public String name() {
        return string(serverInfo, "name");
    }

    public String title() {
        return string(serverInfo, "title");
    }

    public String version() {
        return string(serverInfo, "version");
    }

    public boolean hasTools() {
        return capabilities.get("tools") instanceof JsonObject;
    }

    public boolean hasResources() {
        return capabilities.get("resources") instanceof JsonObject;
    }

    public boolean supportsSubscribe() {
        return capabilities.get("resources") instanceof JsonObject r && r.getBoolean("subscribe", false);
    }

    public boolean hasPrompts() {
        return capabilities.get("prompts") instanceof JsonObject;
    }

    public boolean hasCompletions() {
        return capabilities.get("completions") instanceof JsonObject;
    }

    private static String string(JsonObject o, String member) {
        return o.get(member) instanceof JsonString s ? s.getString() : "";
    }
}
