package io.agentmesh.agents.bridge;

import io.agentmesh.json.Json;
import io.agentmesh.mcp.McpMeta;
import io.agentmesh.mcp.ProtocolVersions;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * What an MCP server said of itself in its {@code initialize} result (MCP 2025-11-25, basic/lifecycle), or
 * in its {@code server/discover} result (MCP 2026-07-28, server/discover): the protocol version spoken with
 * it, its capabilities, {@code serverInfo} and {@code instructions}.
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

    /**
     * Reads a {@code server/discover} result (MCP 2026-07-28, server/discover: {@code supportedVersions},
     * {@code capabilities}, {@code _meta["io.modelcontextprotocol/serverInfo"]}, {@code instructions});
     * empty when it is no such result (a legacy server's answer to a method it does not know). A result
     * whose versions do not include {@link ProtocolVersions#MODERN} is refused.
     */
    public static Optional<RemoteServer> discovered(JsonObject result) {
        if (!(result.get("supportedVersions") instanceof JsonArray versions)) {
            return Optional.empty();
        }
        if (!versions.contains(Json.createValue(ProtocolVersions.MODERN))) {
            throw new IllegalArgumentException("it speaks MCP " + versions + " only");
        }
        JsonObject serverInfo = result.get("_meta") instanceof JsonObject meta
                && meta.get(McpMeta.SERVER_INFO) instanceof JsonObject info ? info : null;
        return Optional.of(new RemoteServer(ProtocolVersions.MODERN,
                result.get("capabilities") instanceof JsonObject c ? c : null, serverInfo,
                result.get("instructions") instanceof JsonString i ? i.getString() : null));
    }

    /** Whether this server is spoken to in the stateless revision (no session, {@code _meta} per request). */
    public boolean isModern() {
        return protocolVersion.equals(ProtocolVersions.MODERN);
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
